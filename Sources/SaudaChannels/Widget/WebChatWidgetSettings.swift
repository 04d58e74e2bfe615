import Foundation

/// What a business sets for one web-chat widget on its own site: the JSON `settings` of its `channel_connections` row
/// (`provider` `webchat`).
///
/// ```json
/// {"allowed_origins": ["https://shop.kz"], "display_name": "Эво Коврики", "accent_color": "#1F6FEB",
///  "greeting": "Здравствуйте! Чем помочь?", "position": "right", "language": "ru"}
/// ```
///
/// Every key may be left out of the stored JSON: the defaults are no allowed origin (the widget then answers no
/// page), the business's name, Sauda's blue, the language's greeting, the right corner and Russian.
/// ``problems`` names every problem by its field; ``decode(json:)`` reads a row's JSON and checks it.
public struct WebChatWidgetSettings: Sendable, Codable, Hashable {
    /// The corner of the page the chat button sits in.
    public enum Position: String, Sendable, Codable, Hashable, CaseIterable {
        case right, left
    }

    /// The language of the widget's own words (its buttons, its placeholder, the closed chat's notice).
    public enum Language: String, Sendable, Codable, Hashable, CaseIterable {
        case ru, kk, en
    }

    /// The most origins a widget may allow.
    public static let maxOrigins = 20
    /// The most characters (Unicode code points, as JSON Schema counts them) of a greeting.
    public static let maxGreeting = 500
    /// The most characters (Unicode code points) of a display name.
    public static let maxDisplayName = 100
    /// The accent colour when none is set.
    public static let defaultAccentColor = "#1F6FEB"

    /// The sites whose pages may use the widget, as origins (`https://shop.kz`, `https://www.shop.kz:8443`); `http`
    /// only for `localhost`, `127.0.0.1` and `[::1]`, and never `*`.
    public var allowedOrigins: [String]
    /// The name the widget shows; `nil` shows the business's name.
    public var displayName: String?
    /// The colour of the button and the header, `#RRGGBB`.
    public var accentColor: String
    /// The first words a visitor reads; `nil` shows the language's usual greeting.
    public var greeting: String?
    /// The corner of the button.
    public var position: Position
    /// The language of the widget's own words.
    public var language: Language

    /// Creates settings.
    public init(allowedOrigins: [String] = [], displayName: String? = nil, accentColor: String = Self.defaultAccentColor,
                greeting: String? = nil, position: Position = .right, language: Language = .ru) {
        self.allowedOrigins = allowedOrigins
        self.displayName = displayName
        self.accentColor = accentColor
        self.greeting = greeting
        self.position = position
        self.language = language
    }

    enum CodingKeys: String, CodingKey {
        case allowedOrigins = "allowed_origins", displayName = "display_name", accentColor = "accent_color", greeting, position, language
    }

    /// Reads stored settings; a key left out takes its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        allowedOrigins = try container.decodeIfPresent([String].self, forKey: .allowedOrigins) ?? []
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
        accentColor = try container.decodeIfPresent(String.self, forKey: .accentColor) ?? Self.defaultAccentColor
        greeting = try container.decodeIfPresent(String.self, forKey: .greeting)
        position = try Self.decodeChoice(Position.self, container, .position) ?? .right
        language = try Self.decodeChoice(Language.self, container, .language) ?? .ru
    }

    /// Writes the settings with a name or greeting left unset left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(allowedOrigins, forKey: .allowedOrigins)
        try container.encodeIfPresent(displayName, forKey: .displayName)
        try container.encode(accentColor, forKey: .accentColor)
        try container.encodeIfPresent(greeting, forKey: .greeting)
        try container.encode(position, forKey: .position)
        try container.encode(language, forKey: .language)
    }

    private static func decodeChoice<T: RawRepresentable & CaseIterable>(
        _ type: T.Type, _ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys
    ) throws -> T? where T.RawValue == String {
        guard let raw = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let value = T(rawValue: raw) else {
            let choices = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "«\(raw)» is not one of \(choices)")
        }
        return value
    }

    // MARK: Checks

    /// Settings that failed their checks, with every problem named by its field.
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        /// Each problem, `field: what is wrong` (`allowed_origins[0]: «*» is not allowed; name each site`).
        public var problems: [String]
        /// Creates the error.
        public init(problems: [String]) { self.problems = problems }
        public var description: String { problems.joined(separator: "; ") }
    }

    /// Every problem of these settings, each naming its field; empty when they are fine.
    public var problems: [String] {
        var problems: [String] = []
        if allowedOrigins.count > Self.maxOrigins {
            problems.append("allowed_origins: \(allowedOrigins.count) origins; at most \(Self.maxOrigins)")
        }
        for (index, origin) in allowedOrigins.enumerated() {
            if case .failure(let problem) = WebChatWidgetOrigin.canonical(origin) {
                problems.append("allowed_origins[\(index)]: \(problem.reason)")
            }
        }
        if let displayName {
            if displayName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append("display_name: must not be blank (leave it out to show the business's name)")
            } else if displayName.unicodeScalars.count > Self.maxDisplayName {
                problems.append("display_name: \(displayName.unicodeScalars.count) characters; at most \(Self.maxDisplayName)")
            }
        }
        if !Self.isColor(accentColor) {
            problems.append("accent_color: «\(Self.shortened(accentColor))» is not a colour written #RRGGBB (#1F6FEB)")
        }
        if let greeting {
            if greeting.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append("greeting: must not be blank (leave it out for the usual greeting)")
            } else if greeting.unicodeScalars.count > Self.maxGreeting {
                problems.append("greeting: \(greeting.unicodeScalars.count) characters; at most \(Self.maxGreeting)")
            }
        }
        return problems
    }

    /// Checks the settings.
    /// - Throws: ``Invalid`` naming every problem.
    public func validate() throws(Invalid) {
        let problems = self.problems
        guard problems.isEmpty else { throw Invalid(problems: problems) }
    }

    /// Reads and checks a row's JSON settings.
    /// - Throws: ``Invalid`` for JSON that is not an object of these fields, or for values that fail ``problems``.
    public static func decode(json: String) throws(Invalid) -> Self {
        let settings: Self
        do {
            settings = try JSONDecoder().decode(Self.self, from: Data(json.utf8))
        } catch let error as DecodingError {
            throw Invalid(problems: [Self.describe(error)])
        } catch {
            throw Invalid(problems: ["settings: \(error)"])
        }
        try settings.validate()
        return settings
    }

    /// The settings as a row stores them: compact JSON with its keys sorted.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Whether a page of `origin` (an `Origin` header) may use the widget.
    public func allows(origin: String) -> Bool {
        guard case .success(let asked) = WebChatWidgetOrigin.canonical(origin) else { return false }
        return allowedOrigins.contains { allowed in
            if case .success(let canonical) = WebChatWidgetOrigin.canonical(allowed) { return canonical == asked }
            return false
        }
    }

    static func isColor(_ text: String) -> Bool {
        text.utf8.count == 7 && text.hasPrefix("#") && text.dropFirst().allSatisfy { $0.isASCII && $0.isHexDigit }
    }

    static func shortened(_ text: String) -> String { text.count > 40 ? String(text.prefix(40)) + "…" : text }

    private static func describe(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String {
            guard !path.isEmpty else { return "settings" }
            return path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        switch error {
        case .typeMismatch(let type, let context):
            let name = "\(type)"
            return "\(field(context.codingPath)): expected \(name.hasPrefix("Array") ? "a list of texts" : name == "String" ? "text" : name)"
        case .valueNotFound(_, let context):
            return "\(field(context.codingPath)): must not be null"
        case .keyNotFound(let key, let context):
            return "\(field(context.codingPath + [key])): missing"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "settings: not a JSON object" : "\(field(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "settings: \(error)"
        }
    }
}
