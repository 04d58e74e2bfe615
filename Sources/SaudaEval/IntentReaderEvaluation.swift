import Foundation
import SaudaCore

/// `sauda eval intent --model`: the reader the agent runs (the rules' first pass, the configured model, the rules as
/// the fallback) over a labelled set of answers, with who decided each.
public struct IntentReaderEvaluation: Sendable {
    /// Reads one answer to the bot's message, as `ReplyIntentReader.read` does.
    public typealias Reader = @Sendable (_ answer: String, _ botMessage: String) async -> IntentReading

    /// The figures of a run and how many answers each reader decided.
    public struct Result: Sendable, Equatable {
        /// Accuracy over the readable lines.
        public var summary: Evaluation.Summary
        /// Answers decided by the rules' first pass, the model and the fallback.
        public var sources: [IntentReading.Source: Int]

        /// The summary line with the sources: `{"accuracy":…,"correct":…,"fallback":…,"model":…,"rules":…,"total":…}`.
        public var jsonLine: String {
            let counts = IntentReading.Source.allCases.map { "\"\($0.rawValue)\":\(sources[$0] ?? 0)" }
            return String(summary.jsonLine.dropLast()) + "," + counts.joined(separator: ",") + "}"
        }
    }

    let read: Reader

    /// An evaluation of `read`.
    public init(read: @escaping Reader) {
        self.read = read
    }

    /// Reads every non-empty line of `text` (`{"text":…,"label":…,"bot":…}`, `bot` optional), one after another.
    /// - Parameter report: receives each miss and each skipped line, with who decided.
    public func run(_ text: String, report: (String) -> Void) async -> Result {
        var (total, correct) = (0, 0)
        var sources: [IntentReading.Source: Int] = [:]
        for (number, line) in Evaluation.cases(in: text) {
            switch IntentCase.decoded(line) {
            case .failure(let error):
                report("line \(number): skipped, \(error.description)")
            case .success(let (testCase, expected)):
                let reading = await read(testCase.text, testCase.bot ?? IntentCase.defaultBotMessage)
                total += 1
                sources[reading.source, default: 0] += 1
                if reading.intent == expected {
                    correct += 1
                } else {
                    report("line \(number): expected \(expected.rawValue), got \(reading.intent.rawValue) (\(reading.source.rawValue)): "
                           + Evaluation.quote(testCase.text))
                }
            }
        }
        return Result(summary: Evaluation.Summary(total: total, correct: correct), sources: sources)
    }
}
