import Foundation

/// What a CRM connection's settings must be, wherever they are written (the admin API, the console, the CLI); the
/// admin API's OpenAPI document (`scripts/openapi.py`) says the same. Each rule returns the reason a value is refused,
/// or `nil` when it is good. Lengths count Unicode code points, as JSON Schema does.
public enum CRMConnectionRules {
    /// The longest base URL.
    public static let maxURLLength = 500
    /// The longest credentials.
    public static let maxCredentialsLength = 4_096
    /// The most fields a mapping maps.
    public static let maxMappedFields = 100
    /// The longest field name, on either side of the mapping.
    public static let maxFieldNameLength = 200

    /// The shape of a base URL: `http(s)://`, a host of letters, digits, dots and hyphens, an optional port and an
    /// optional path; no user or password (credentials are a sealed secret of their own, never part of an address that
    /// is shown), no query, no fragment.
    public static let baseURLPattern = "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$"

    /// Why `text` is no base URL, or `nil`.
    public static func baseURLProblem(_ text: String) -> String? {
        guard text.unicodeScalars.count <= maxURLLength else { return "is longer than \(maxURLLength) characters" }
        guard text.range(of: baseURLPattern, options: .regularExpression) != nil else {
            return "must be an https:// address such as https://example.amocrm.ru/api (a host, an optional port and path; no user, password, query or fragment)"
        }
        return nil
    }

    /// Why `text` is no credentials: 1 to ``maxCredentialsLength`` characters, not only spaces, no control characters
    /// (a key, a token, or a JSON object of several).
    public static func credentialsProblem(_ text: String) -> String? {
        guard text.unicodeScalars.count <= maxCredentialsLength else { return "is longer than \(maxCredentialsLength) characters" }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return "must not contain control characters"
        }
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { return "must not be empty or only spaces" }
        return nil
    }

    /// The most settings a connection has.
    public static let maxSettings = 50
    /// The longest setting's value.
    public static let maxSettingLength = 1_000

    /// Why `settings` (a name → a text) are no CRM settings, or `nil`.
    public static func settingsProblem(_ settings: [String: String]) -> String? {
        guard settings.count <= maxSettings else { return "has more than \(maxSettings) settings" }
        for (name, value) in settings {
            guard (1...maxFieldNameLength).contains(name.unicodeScalars.count) else {
                return "has a name that is empty or longer than \(maxFieldNameLength) characters"
            }
            guard value.unicodeScalars.count <= maxSettingLength else { return "has a value longer than \(maxSettingLength) characters" }
            guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                return "has a value with control characters"
            }
        }
        return nil
    }

    /// Why `mapping` (Sauda's field → the CRM's field) is no field mapping, or `nil`.
    public static func fieldMappingProblem(_ mapping: [String: String]) -> String? {
        guard mapping.count <= maxMappedFields else { return "maps more than \(maxMappedFields) fields" }
        for (from, to) in mapping {
            guard (1...maxFieldNameLength).contains(from.unicodeScalars.count), (1...maxFieldNameLength).contains(to.unicodeScalars.count) else {
                return "has a field name that is empty or longer than \(maxFieldNameLength) characters"
            }
        }
        return nil
    }
}
