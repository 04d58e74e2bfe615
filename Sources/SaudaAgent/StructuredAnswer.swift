import Foundation

/// A model's JSON answer as text: what the moderator and the reply-intent reader decode.
enum StructuredAnswer {
    /// The answer's JSON, without the Markdown code fence some models put around it (```json … ```).
    static func json(_ text: String) -> Data {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.hasPrefix("```") {
            body = body.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("```") }.joined(separator: "\n")
        }
        return Data(body.utf8)
    }
}
