import SaudaAgent
import SaudaCore
import Testing

@Suite struct ModeratorParsingTests {
    @Test func acceptsTheSeedAnswer() {
        let verdict = Moderator.parse(#"{"isClient": true, "confidence": 0.85, "reasoning": "цены"}"#)
        #expect(verdict?.isClient == true && verdict?.confidence == 0.85)
    }

    @Test func acceptsNullAndCodeFences() {
        let verdict = Moderator.parse("```json\n{\"isClient\": null, \"confidence\": 0.3, \"reasoning\": \"мало данных\"}\n```")
        #expect(verdict != nil && verdict?.isClient == nil)
    }

    @Test(arguments: [#"{"isClient": "yes", "confidence": 0.5, "reasoning": "x"}"#, #"{"isClient": true, "confidence": 1.5, "reasoning": "x"}"#,
                      #"{"isClient": true, "reasoning": "x"}"#, "Клиент, наверное", ""])
    func rejectsInvalidAnswers(text: String) {
        #expect(Moderator.parse(text) == nil)
    }
}
