import Foundation
import SaudaCore

extension JSONValue {
    /// Parses a provider's answer or a model's structured output.
    /// - Throws: ``ModelError`` of kind ``ModelError/Kind/malformedResponse`` when the text is not JSON.
    static func parseResponse(_ text: some StringProtocol) throws(ModelError) -> JSONValue {
        try parseResponse(Data(text.utf8))
    }

    /// Parses a provider's answer in bytes.
    /// - Throws: ``ModelError`` of kind ``ModelError/Kind/malformedResponse`` when the bytes are not JSON.
    static func parseResponse(_ data: Data) throws(ModelError) -> JSONValue {
        do { return try parse(data) } catch { throw ModelError(.malformedResponse, error.description) }
    }
}
