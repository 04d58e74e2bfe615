import Foundation
import SaudaCore
import SaudaModels
@testable import SaudaSimulators
import Testing

/// Answers kept for a titled structured-output schema go to the requests that ask for it, so that calls made at once
/// (the sales agent's and the answer reader's) each get their own scripted answer whichever reaches the simulator first.
@Suite struct SimulatorSchemaRoutingTests {
    static let intentSchema: JSONValue = ["title": "reply_intent", "type": "object", "properties": ["intent": ["type": "string"]]]

    @Test func aTitledRequestTakesItsKeptAnswerAndOthersPassItBy() async throws {
        try await GeminiClientTests.withGemini { simulator, model in
            simulator.enqueue(.forSchema("reply_intent", .json(["intent": "yes"])), .text("Оформляю заказ.", signature: nil))
            let reply = try await model.respond(to: GeminiClientTests.request(["Договорились"]))
            #expect(reply.text == "Оформляю заказ.")
            let intent = try await model.respond(to: GeminiClientTests.request(["Договорились"], format: .json(name: "reply_intent",
                                                                                                              schema: Self.intentSchema)))
            #expect(try JSONValue.parse(Data(intent.text.utf8))["intent"] == "yes")
            #expect(simulator.remainingScript == 0)
        }
    }

    @Test func aTitledRequestWithNothingKeptGetsTheDefaultTextAndLeavesTheScript() async throws {
        try await GeminiClientTests.withGemini { simulator, model in
            simulator.enqueue(.text("Для Вас — скидка 10 %.", signature: nil))
            let intent = try await model.respond(to: GeminiClientTests.request(["Хм"], format: .json(name: "reply_intent",
                                                                                                    schema: Self.intentSchema)))
            #expect(intent.text == "Здравствуйте! Это ответ симулятора Gemini.")
            #expect(simulator.remainingScript == 1)
            // A schema without a title (the moderator's) takes the script in order, as before.
            let plain = try await model.respond(to: GeminiClientTests.request(["Хм"], format: .json(name: "classification",
                                                                                                   schema: ["type": "object"])))
            #expect(plain.text == "Для Вас — скидка 10 %.")
        }
    }

    @Test func theScriptEndpointReadsKeptAnswers() throws {
        let script = ScriptedReply.script(from: Data(#"[{"for_schema": "reply_intent", "then": {"json": {"intent": "no"}}}]"#.utf8))
        #expect(try script.get() == [.forSchema("reply_intent", .json(["intent": "no"]))])
    }

    /// An answer kept for a schema inside a pause is still kept for it, and keeps its pause.
    @Test func aKeptAnswerInsideAPauseIsKeptForItsSchema() {
        var script: [ScriptedReply] = [.delayed(milliseconds: 5, .forSchema("reply_intent", .json(["intent": "no"]))), .text("Да", signature: nil)]
        #expect(ScriptedReply.next(from: &script, schemaTitle: nil) == .text("Да", signature: nil))
        #expect(ScriptedReply.next(from: &script, schemaTitle: "reply_intent") == .delayed(milliseconds: 5, .json(["intent": "no"])))
        #expect(script.isEmpty)
    }
}
