import SaudaCore
import SaudaUnderstanding
import Testing

/// The `normalise_text` model tool: arguments in, the reading out as JSON.
@Suite struct NormaliseTextToolTests {
    let tool = NormaliseTextTool(normaliser: TextNormaliser(currentYear: 2026))

    @Test func theToolAnswersWithTheReading() throws {
        let result = try tool.run(arguments: ["text": "Хочу коврики ева на тойоту камри две тысячи двадцать второй"])
        #expect(result["vehicle"]?["brand"]?.stringValue == "Toyota")
        #expect(result["vehicle"]?["model"]?.stringValue == "Camry")
        #expect(result["year"] == .number(2022))
        #expect(result["normalisedText"]?.stringValue == "Хочу коврики ева на тойоту камри 2022")
        #expect(NormaliseTextTool.name == "normalise_text")
        #expect(NormaliseTextTool.parameters["required"] == ["text"])
    }

    @Test func aCallWithoutTextIsRefused() {
        #expect(throws: NormaliseTextTool.Failure.missingText) { try tool.run(arguments: [:]) }
        #expect(throws: NormaliseTextTool.Failure.missingText) { try tool.run(arguments: ["text": "  "]) }
        #expect(throws: NormaliseTextTool.Failure.missingText) { try tool.run(arguments: ["text": 5]) }
    }
}
