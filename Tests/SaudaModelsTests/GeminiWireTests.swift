import Foundation
import SaudaCore
import SaudaModels
import Testing

@Suite struct GeminiWireTests {
    @Test func errorsWrappedInAnArrayAndRetryTextAreRead() {
        let body = Data(#"[{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"Quota exceeded. Please retry in 12.5s."}}]"#.utf8)
        let error = GeminiWire.error(status: 429, body: body)
        #expect(error.kind == .rateLimited)
        #expect(error.retryAfter == .milliseconds(12_500))
    }

    @Test func statusCodesMapToKinds() {
        #expect(GeminiWire.error(status: 503, body: Data("overloaded".utf8)).kind == .transient)
        #expect(GeminiWire.error(status: 402, body: Data()).kind == .quotaExhausted)
        #expect(GeminiWire.error(status: 403, body: Data()).kind == .authentication)
        #expect(GeminiWire.error(status: 404, body: Data()).kind == .invalidRequest)
        let precondition = Data(#"{"error":{"code":400,"status":"FAILED_PRECONDITION","message":"User location is not supported"}}"#.utf8)
        #expect(GeminiWire.error(status: 400, body: precondition).kind == .quotaExhausted)
    }

    @Test func thoughtPartsAreNotTextAndMissingFieldsAreFine() throws {
        let body: JSONValue = ["candidates": [["content": ["parts": [
            ["text": "план ответа", "thought": true], ["text": "Здравствуйте!"], ["text": "", "thoughtSignature": "end-sig"],
        ]]]]]
        let response = try GeminiWire.response(body, model: "m")
        #expect(response.text == "Здравствуйте!")
        #expect(response.usage == .zero)
        #expect(response.providerTurn?["parts"]?.arrayValue?.count == 3)
    }

    @Test func historyStartsAndEndsWithAUserTurn() {
        let now = Date()
        let request = ModelRequest(
            purpose: .followUp, systemInstruction: "", history: [
                ConversationMessage(author: .bot, text: "Здравствуйте!", sentAt: now),
                ConversationMessage(author: .customer, text: "Цена?", sentAt: now),
                ConversationMessage(author: .bot, text: "15 000 тенге.", sentAt: now),
                ConversationMessage(author: .human, text: "Менеджер на связи.", sentAt: now),
            ], knowledge: [],
            context: TurnContext(businessName: "", contact: ContactProfile(), spinStage: .situation,
                                 calendar: WorkingCalendar(timeZone: .gmt, startHour: 10, endHour: 18), now: now, newMessages: []))
        let contents = GeminiWire.requestBody(request)["contents"]?.arrayValue ?? []
        #expect(contents.map { $0["role"]?.stringValue ?? "" } == ["user", "model", "user"])
        #expect(contents[1]["parts"]?.arrayValue?.first?["text"] == "15 000 тенге.\nМенеджер на связи.")
    }

    @Test func schemaValidatorReportsEveryProblemWithItsPath() {
        let schema: JSONValue = ["type": "object", "additionalProperties": false, "required": ["time", "count"],
                                 "properties": ["time": ["type": "string", "minLength": 3],
                                                "count": ["type": "integer", "minimum": 1],
                                                "kind": ["enum": ["call", "visit"]]]]
        #expect(JSONSchemaValidator.problems(of: ["time": "завтра", "count": 2, "kind": "call"], against: schema).isEmpty)
        let problems = JSONSchemaValidator.problems(of: ["time": "x", "count": 1.5, "kind": "mail", "extra": 1], against: schema)
        #expect(problems == ["$.count: expected integer, got number", "$.extra: unknown property",
                             "$.kind: must be one of [\"call\",\"visit\"]", "$.time: at least 3 characters"])
        #expect(JSONSchemaValidator.problems(of: [:], against: schema) == ["$.time: required", "$.count: required"])
    }
}
