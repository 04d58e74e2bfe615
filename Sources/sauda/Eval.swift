import ArgumentParser
import Foundation
import Logging
import SaudaAgent
import SaudaCore
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

    struct Intent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The reply-intent rule of follow-ups: lines {\"text\":…,\"label\":\"yes\"|\"no\"|\"unsure\"|\"other\"}.",
            discussion: """
                With --model, the answers are read as the agent reads them: the rules' first pass, then the configured model \
                (MODEL_PROVIDER and its key, from .env or the environment), the rules when the model fails; a line may name \
                the bot's message it answers ("bot"). The summary also counts who decided (rules, model, fallback).
                """)
        @Argument(help: "The JSON Lines file.") var file: String
        @Flag(help: "Read with the configured model, as the agent does.") var model = false

        func run() async throws {
            guard model else { return try Eval.run(.intent, file: file) }
            let settings = try CommandEnvironment.settings()
            let logger = CommandEnvironment.bootstrapLogging(settings)
            let prompts: PromptLibrary
            do { prompts = try PromptLibrary(overridesDirectory: settings.promptsDirectory.map { URL(fileURLWithPath: $0) }) } catch {
                throw ValidationError("PROMPTS_DIR: \(error)")
            }
            let reader = ReplyIntentReader(model: ModelParts.unmetered(settings.models, logger: logger), prompts: prompts,
                                           settings: AgentSettings(settings), logger: logger)
            if settings.models.provider == .offline {
                logger.warning("no model is configured (MODEL_PROVIDER=offline): the rules read every answer")
            }
            let business = settings.businessName
            let evaluation = IntentReaderEvaluation { answer, botMessage in
                await reader.read(answer, answering: botMessage, businessName: business, now: Date())
            }
            let result = await evaluation.run(try Eval.contents(of: file)) { print($0) }
            print(result.jsonLine)
        }
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
        let summary = Evaluation(kind: kind).run(try contents(of: file)) { print($0) }
        print(summary.jsonLine)
    }

    /// The text of a set, or a message naming the file.
    static func contents(of file: String) throws -> String {
        do {
            return try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(file): \((error as NSError).localizedDescription)")
        }
    }
}
