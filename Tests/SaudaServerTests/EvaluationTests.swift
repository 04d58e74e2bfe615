import Foundation
import SaudaEval
import SaudaServer
import SaudaTestSupport
import Testing

/// `sauda eval`: the figures, the report lines, bad lines, and the shipped sets.
@Suite struct EvaluationTests {
    @Test func missesAreReportedOneLineEachAndBadLinesAreSkippedNotCounted() {
        let lines = """
            {"text":"Да, давайте","label":"yes"}
            {"text":"Сколько стоит доставка?","label":"yes"}

            {"text":"Нет, спасибо","label":"no"}
            not json
            {"text":"Подумаю","label":"maybe"}
            {"label":"no"}
            """
        var report: [String] = []
        let summary = Evaluation(kind: .intent).run(lines) { report.append($0) }
        #expect(summary == Evaluation.Summary(total: 3, correct: 2, accuracy: 2.0 / 3.0))
        #expect(report == [
            "line 2: expected yes, got other: «Сколько стоит доставка?»",
            "line 5: skipped, not a JSON object",
            "line 6: skipped, \"label\" must be yes, no, unsure or other, not \"maybe\"",
            "line 7: skipped, the field \"text\" is missing",
        ])
        #expect(summary.jsonLine.hasPrefix("{\"accuracy\":0.666"))
        #expect(summary.jsonLine.hasSuffix("\"correct\":2,\"total\":3}"))
    }

    @Test func classificationCasesUseEveryMessageAndNullIsALabel() {
        let evaluation = Evaluation(kind: .classify)
        let client = #"{"contact":{"name":"Айгерим","business_name":null},"messages":[{"from":"client","text":"Здравствуйте"},{"from":"bot","text":"Здравствуйте! Чем помочь?"},{"from":"client","text":"Сколько стоят коврики на Camry? Есть доставка в Астану?"}],"label":true}"#
        #expect(evaluation.evaluate(line: client) == .correct)
        let unknown = #"{"contact":null,"messages":[{"from":"client","text":"👋"}],"label":null}"#
        #expect(evaluation.evaluate(line: unknown) == .correct)
        let spam = #"{"messages":[{"from":"client","text":"Раскрутка инстаграм, живые подписчики, пассивный доход! Перейдите по ссылке"}],"label":false}"#
        #expect(evaluation.evaluate(line: spam) == .correct)
        #expect(evaluation.evaluate(line: #"{"messages":[{"from":"client","text":"x"}]}"#) == .skipped("the field \"label\" is missing"))
        #expect(evaluation.evaluate(line: #"{"messages":[{"from":"robot","text":"x"}],"label":null}"#)
            == .skipped("\"from\" must be client or bot, not \"robot\""))
    }

    @Test func aMomentIsRightOnlyToTheSecondInTheGivenZone() {
        let evaluation = Evaluation(kind: .datetime)
        #expect(evaluation.evaluate(line: #"{"text":"завтра в 15:00","now":"2026-11-20T12:00:00+05:00","tz":"Asia/Almaty","expected":"2026-11-21T15:00:00+05:00"}"#) == .correct)
        #expect(evaluation.evaluate(line: #"{"text":"сколько стоит?","now":"2026-11-20T12:00:00+05:00","tz":"Asia/Almaty","expected":null}"#) == .correct)
        #expect(evaluation.evaluate(line: #"{"text":"завтра в 15:00","now":"2026-11-20T12:00:00+05:00","tz":"Asia/Almaty","expected":"2026-11-21T16:00:00+05:00"}"#)
            == .miss("expected 2026-11-21T16:00:00+05:00, got 2026-11-21T15:00:00+05:00: «завтра в 15:00»"))
        #expect(evaluation.evaluate(line: #"{"text":"завтра","now":"2026-11-20T12:00:00+05:00","tz":"Mars/Olympus","expected":null}"#)
            == .skipped("unknown time zone \"Mars/Olympus\""))
    }

    @Test func aFunnelCaseIsRightWhenEveryExpectationHolds() {
        let evaluation = Evaluation(kind: .funnel)
        let order = #"{"id":"t","shop":"evopoliki","channel":"whatsapp","lines":["ева коврики на камри 2022","с бортами 5 см","да, Азамат"],"#
        #expect(evaluation.evaluate(line: order + #""expect":{"step":"idle","tools":["find_products","quote_price","place_order"],"price":"8 500 сом","order":{"name":"Азамат","phone":"+77010000000","options":["Борты 5 см"]}}}"#) == .correct)
        guard case .miss(let report) = evaluation.evaluate(line: order + #""expect":{"step":"confirm","price":"8 000 сом"}}"#) else {
            Issue.record("a wrong expectation is a miss")
            return
        }
        #expect(report.contains("step idle, expected confirm"))
        #expect(report.contains("price 8 500 сом, expected 8 000 сом"))
        #expect(evaluation.evaluate(line: #"{"shop":"nowhere","channel":"whatsapp","lines":[],"expect":{"step":"idle"}}"#)
            == .skipped("\"shop\" must be one of evopoliki, 5deluxe"))
    }

    /// The sets shipped in `eval/` stay at the accuracy the README reports (a guard against a rule change that
    /// quietly makes them worse; the figures themselves come from `sauda eval`).
    @Test(arguments: [(Evaluation.Kind.classify, "eval/classify.jsonl", 0.97), (.intent, "eval/intent.jsonl", 0.97),
                      (.datetime, "eval/datetime.jsonl", 0.99), (.classify, "eval/holdout/classify.jsonl", 0.87),
                      (.intent, "eval/holdout/intent.jsonl", 0.92), (.funnel, "eval/funnel.jsonl", 0.95),
                      (.funnel, "eval/holdout/funnel.jsonl", 0.95), (.intent, "eval/blind/intent.jsonl", 0.89),
                      (.datetime, "eval/blind/datetime.jsonl", 0.94), (.classify, "eval/blind/classify.jsonl", 0.75)])
    func theShippedSetsKeepTheirAccuracy(kind: Evaluation.Kind, file: String, floor: Double) throws {
        let text = try String(contentsOfFile: FileManager.default.currentDirectoryPath + "/" + file, encoding: .utf8)
        var skipped = 0
        let summary = Evaluation(kind: kind).run(text) { line in if line.contains(": skipped,") { skipped += 1 } }
        #expect(skipped == 0)
        #expect(summary.total >= 40)
        #expect(summary.accuracy >= floor, "\(file): \(summary.jsonLine)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CrashRecoveryTests.binary), "needs the sauda binary"))
    func theCommandPrintsMissesAndTheSummaryAndNamesAnUnreadableFile() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("intent.jsonl")
            try Data("{\"text\":\"Да\",\"label\":\"yes\"}\n{\"text\":\"Подумаю\",\"label\":\"no\"}\n".utf8).write(to: file)
            let environment = ["PATH": "/usr/bin:/bin", "LOG_LEVEL": "error"]
            let run = try await ChildProcess.run(CrashRecoveryTests.binary, ["eval", "intent", file.path], environment: environment)
            #expect(run.status == 0)
            #expect(run.output == "line 2: expected no, got unsure: «Подумаю»\n{\"accuracy\":0.5,\"correct\":1,\"total\":2}\n")
            let missing = try await ChildProcess.run(CrashRecoveryTests.binary, ["eval", "datetime", directory.appendingPathComponent("none.jsonl").path],
                                                     environment: environment)
            #expect(missing.status != 0)
            #expect(missing.output.contains("cannot read"))
            #expect(missing.output.contains("none.jsonl"))
        }
    }
}
