import Foundation
import Logging
import SaudaAgent
import SaudaCore
import SaudaEval
import SaudaModels
import SaudaServer
import SaudaSimulators
import SaudaTestSupport
import Testing

/// `sauda eval intent --model`: a labelled set read as the agent reads answers, against the Gemini simulator.
@Suite struct IntentReaderEvaluationTests {
    static let set = """
        {"text": "Договорились", "label": "yes"}
        {"text": "ну раз уже написали везите вечером", "label": "yes", "bot": "Привезти коврики завтра?"}
        {"text": "Подумаю до пятницы", "label": "unsure"}
        {"text": "хм, интересно", "label": "other"}
        not a case
        {"text": "да", "label": "maybe"}
        """

    @Test func everyAnswerIsReadAsTheAgentReadsItAndWhoDecidedIsCounted() async throws {
        let gemini = GeminiSimulator(apiKey: "eval-key")
        gemini.enqueue(.forSchema("reply_intent", .json(["reasoning": "согласие", "intent": "yes"])),
                       .forSchema("reply_intent", .json(["reasoning": "просто ответ", "intent": "other"])),
                       .forSchema("reply_intent", .text("не знаю", signature: nil)))
        try await SimulatorServer.withServer(gemini.router()) { port in
            var settings = SaudaSettings()
            settings.models.provider = .gemini
            settings.models.geminiAPIKey = "eval-key"
            settings.models.geminiBaseURL = "http://127.0.0.1:\(port)/v1beta"
            let reader = ReplyIntentReader(model: ModelParts.unmetered(settings.models, logger: testLogger), prompts: try PromptLibrary(),
                                           settings: AgentSettings(settings), logger: testLogger)
            var lines: [String] = []
            let result = await IntentReaderEvaluation { answer, bot in
                await reader.read(answer, answering: bot, businessName: "АвтоКоврик", now: Date())
            }.run(Self.set) { lines.append($0) }
            #expect(result.summary == Evaluation.Summary(total: 4, correct: 3, accuracy: 0.75))
            #expect(result.sources == [.rules: 1, .model: 2, .fallback: 1])
            #expect(result.jsonLine == #"{"accuracy":0.75,"correct":3,"total":4,"rules":1,"model":2,"fallback":1}"#)
            #expect(lines == [
                "line 3: expected unsure, got other (model): «Подумаю до пятницы»",
                "line 5: skipped, not a JSON object",
                "line 6: skipped, \"label\" must be yes, no, unsure or other, not \"maybe\"",
            ])
            let prompts = gemini.requests.map { $0.body["systemInstruction"]?.jsonText ?? "" }
            #expect(prompts.count == 3, "the obvious answer never reached the model")
            #expect(prompts.first?.contains("Привезти коврики завтра?") == true)
            #expect(prompts.dropFirst().allSatisfy { $0.contains("Оформляем?") }, "a line without a bot message is read against the default offer")
        }
    }
}
