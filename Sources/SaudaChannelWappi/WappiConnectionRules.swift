import Foundation
import SaudaCore

/// What a WhatsApp connection's settings and token must be, wherever they are written (the admin API, the console, the
/// command line); `scripts/openapi.py` says the same. Each rule returns the reason a value is refused, or `nil` when it
/// is good; ``problems(in:)`` checks settings as a whole and names every field that breaks its rule.
public enum WappiConnectionRules {
    /// The shape of a profile id in the Wappi cabinet (`e10f170a-f36a`): letters, digits and hyphens.
    public static let profileIDPattern = "^[A-Za-z0-9][A-Za-z0-9-]{0,63}$"
    /// The shape of Wappi's API root: `http(s)://`, a host, an optional port and path; no user, password, query or
    /// fragment (the token is a sealed secret of its own, never part of an address that is shown).
    public static let baseURLPattern = "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$"
    /// The longest base URL.
    public static let maxURLLength = 500
    /// Seconds between polls.
    public static let pollingInterval = 1...3600
    /// Messages the number sends in a minute.
    public static let sendsPerMinute = 1...10_000
    /// Minutes the bot stays silent in a chat the owner wrote in.
    public static let humanPauseMinutes = 1...100_000
    /// Characters of an API token.
    public static let tokenLength = 8...500

    /// Why `text` is no profile id, or `nil`.
    public static func profileIDProblem(_ text: String) -> String? {
        text.range(of: profileIDPattern, options: .regularExpression) == nil
            ? "must be the profile id of the Wappi cabinet, such as e10f170a-f36a (1 to 64 letters, digits and hyphens)" : nil
    }

    /// Why `text` is no API root, or `nil`.
    public static func baseURLProblem(_ text: String) -> String? {
        guard text.unicodeScalars.count <= maxURLLength else { return "is longer than \(maxURLLength) characters" }
        guard text.range(of: baseURLPattern, options: .regularExpression) != nil else {
            return "must be an http(s) address such as https://wappi.pro (a host, an optional port and path; no user, password, query or fragment)"
        }
        return nil
    }

    /// The way messages come in that `text` names, or `nil`.
    public static func inbound(_ text: String) -> WhatsAppSettings.Inbound? { WhatsAppSettings.Inbound(rawValue: text) }

    /// Why `text` is no way messages come in, or `nil`.
    public static func inboundProblem(_ text: String) -> String? {
        inbound(text) == nil ? "must be webhook or polling" : nil
    }

    /// Why `token` is no API token: ``tokenLength`` characters, no spaces or control characters.
    public static func tokenProblem(_ token: String) -> String? {
        guard tokenLength.contains(token.unicodeScalars.count) else {
            return "must be \(tokenLength.lowerBound) to \(tokenLength.upperBound) characters (the API token of the Wappi cabinet)"
        }
        guard !token.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) else {
            return "must not contain spaces or control characters"
        }
        return nil
    }

    /// Why `value` is out of `range`, or `nil`.
    public static func rangeProblem(_ value: Int, _ range: ClosedRange<Int>) -> String? {
        range.contains(value) ? nil : "must be \(range.lowerBound) to \(range.upperBound)"
    }

    /// Every field of `settings` that breaks its rule, in the order of the fields.
    public static func problems(in settings: WappiConnectionSettings) -> [ConnectionProblem] {
        var problems: [ConnectionProblem] = []
        func check(_ field: String, _ problem: String?) {
            if let problem { problems.append(ConnectionProblem(field: field, reason: problem)) }
        }
        check("profile_id", profileIDProblem(settings.profileID))
        check("base_url", baseURLProblem(settings.baseURL))
        check("polling_interval_seconds", rangeProblem(settings.pollingIntervalSeconds, pollingInterval))
        check("sends_per_minute", rangeProblem(settings.sendsPerMinute, sendsPerMinute))
        check("human_pause_minutes", rangeProblem(settings.humanPauseMinutes, humanPauseMinutes))
        return problems
    }
}
