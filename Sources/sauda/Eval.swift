import ArgumentParser
import Foundation
import SaudaEval
import SaudaServer

/// `sauda eval classify|intent|datetime|funnel FILE`.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure a rule of Sauda on a labelled set (JSON Lines).",
        discussion: """
            Prints one line per case the rule gets wrong (and per line that is not a readable case, skipped), then \
            the summary {"total":N,"correct":K,"accuracy":A}. Exits 0 unless the file cannot be read. Sets ship in eval/.
            """,
        subcommands: [Classify.self, Intent.self, DateTime.self, Funnel.self])

    struct Classify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The moderator's rules: lines {\"contact\":{…},\"messages\":[{\"from\":\"client\"|\"bot\",\"text\":…}],\"label\":true|false|null}.")
        @Argument(help: "The JSON Lines file.") var file: String
        func run() throws { try Eval.run(.classify, file: file) }
    }

    struct Intent: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The reply-intent rule of follow-ups: lines {\"text\":…,\"label\":\"yes\"|\"no\"|\"unsure\"|\"other\"}.")
        @Argument(help: "The JSON Lines file.") var file: String
        func run() throws { try Eval.run(.intent, file: file) }
    }

    struct DateTime: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "datetime",
            abstract: "The call-time reading: lines {\"text\":…,\"now\":ISO 8601,\"tz\":IANA zone,\"expected\":ISO 8601|null}.")
        @Argument(help: "The JSON Lines file.") var file: String
        func run() throws { try Eval.run(.datetime, file: file) }
    }

    struct Funnel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The order funnel's rules: lines {\"shop\":…,\"channel\":…,\"lines\":[…],\"expect\":{\"step\":…,\"tools\":[…],\"price\":…,\"order\":{…},\"lead\":{…}}}.")
        @Argument(help: "The JSON Lines file.") var file: String
        func run() throws { try Eval.run(.funnel, file: file) }
    }

    static func run(_ kind: Evaluation.Kind, file: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(file): \((error as NSError).localizedDescription)")
        }
        let summary = Evaluation(kind: kind).run(text) { print($0) }
        print(summary.jsonLine)
    }
}
