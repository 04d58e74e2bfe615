import Foundation
import SaudaCore

/// The `normalise_text` tool a remote model calls instead of guessing: it takes the customer's words and
/// returns the ``Understanding`` as JSON (car with assumptions, year, options, products, name, phone, city,
/// the text with digits). Declare it with ``name``, ``description`` and ``parameters``; answer calls with
/// ``run(arguments:)``.
public struct NormaliseTextTool: Sendable {
    /// Why a call could not be answered.
    public enum Failure: Error, Sendable, Equatable {
        /// The arguments had no non-empty `text` string.
        case missingText
        /// The reading could not be turned into JSON (should not happen; carries the encoder's words).
        case encoding(String)
    }

    /// The tool's name.
    public static let name = "normalise_text"
    /// What the tool does, for the model.
    public static let description = """
        Reads a customer's message the way the shop's own rules do: car brand and model from slang, \
        transliteration and misspellings (камри → Toyota Camry, крузак → Land Cruiser), the model year from digits \
        or words (две тысячи двадцать второй → 2022), options (с бортами пять сантиметров → borders 5 cm), product \
        kinds, the customer's name, phone and city. Call it before searching the catalogue and use its brand, model \
        and year instead of guessing; when `vehicle.assumptions` is not empty, confirm the car with the customer.
        """
    /// JSON Schema of the arguments: `{"text": "…"}`.
    public static let parameters: JSONValue = [
        "type": "object",
        "properties": ["text": ["type": "string", "description": "The customer's message, as written."]],
        "required": ["text"],
    ]

    /// The reader the tool uses.
    public let normaliser: TextNormaliser

    /// A tool answering with `normaliser` (seed 000's car-mat vocabulary by default).
    public init(normaliser: TextNormaliser = TextNormaliser()) {
        self.normaliser = normaliser
    }

    /// The reading of `arguments["text"]` as a JSON object.
    /// - Throws: ``Failure/missingText`` when there is no text to read.
    public func run(arguments: JSONValue) throws(Failure) -> JSONValue {
        guard let text = arguments["text"]?.stringValue, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .missingText
        }
        let reading = normaliser.understand(text)
        do {
            let data = try JSONEncoder().encode(reading)
            return try JSONValue.parse(data)
        } catch {
            throw .encoding(String(describing: error))
        }
    }
}
