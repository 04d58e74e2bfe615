/// What any channel connection's own fields must be, whatever its provider: its name and the state its people set.
/// The provider's settings have rules of their own (`WappiConnectionRules` for WhatsApp). Each rule returns the reason a
/// value is refused, or `nil` when it is good. Lengths count Unicode code points, as JSON Schema does.
public enum ChannelConnectionRules {
    /// The longest name.
    public static let maxNameLength = 100

    /// Why `name` (already trimmed of the spaces around it) is no connection name: 1 to ``maxNameLength`` characters,
    /// no control characters. Its uniqueness within the business is the database's to say.
    public static func nameProblem(_ name: String) -> String? {
        let length = name.unicodeScalars.count
        guard length >= 1 else { return "must not be empty or only spaces" }
        guard length <= maxNameLength else { return "is longer than \(maxNameLength) characters" }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return "must not contain control characters"
        }
        return nil
    }

    /// The state its people may set: active or paused (failing is what a call to the provider finds).
    /// - Returns: the state, or `nil` for any other text.
    public static func settableState(_ text: String) -> ConnectionState? {
        guard let state = ConnectionState(rawValue: text), state != .failing else { return nil }
        return state
    }

    /// Why `text` is no state its people may set, or `nil`.
    public static func stateProblem(_ text: String) -> String? {
        settableState(text) == nil ? "must be active or paused" : nil
    }
}
