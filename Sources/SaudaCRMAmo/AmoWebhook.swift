import Foundation
import SaudaCRM

/// amoCRM's webhooks: a form-encoded `POST` whose keys nest as `<entity>[<action>][<index>][<field>]`
/// (`leads[status][0][id]`, `leads[status][0][status_id]`, `leads[status][0][pipeline_id]`) next to
/// `account[subdomain]` and `account[id]`. There is no signature: the account named must be the connection's.
public enum AmoWebhook {
    /// The won status of every pipeline.
    public static let wonStatus = 142
    /// The lost status of every pipeline.
    public static let lostStatus = 143

    /// The lead stage changes a webhook carries, in the order it lists them.
    /// - Throws: ``CRMError/refused(_:reason:)`` `.accessDenied` when the account is not the connection's (or not
    ///   named), `.invalidInput` when the body is not a form.
    public static func parse(_ request: CRMWebhookRequest, settings: AmoSettings) throws(CRMError) -> [CRMEvent] {
        guard request.contentType == "application/x-www-form-urlencoded" else {
            throw .refused(.invalidInput, reason: "an amoCRM webhook is form-encoded, not \(request.contentType)")
        }
        let form = decode(String(decoding: request.body, as: UTF8.self))
        var verified = false
        if let given = form["account[subdomain]"], let expected = settings.subdomain {
            guard given.lowercased() == expected.lowercased() else {
                throw .refused(.accessDenied, reason: "the amoCRM webhook is from another account (\(given))")
            }
            verified = true
        }
        if let given = form["account[id]"], let expected = settings.accountID {
            guard Int(given) == expected else { throw .refused(.accessDenied, reason: "the amoCRM webhook is from another account (id \(given))") }
            verified = true
        }
        guard verified else {
            throw .refused(.accessDenied, reason: "the amoCRM webhook names no account this connection can check (account[subdomain] or account[id])")
        }
        let prefix = "leads[status]["
        var indices: [Int] = []
        for key in form.keys where key.hasPrefix(prefix) && key.hasSuffix("][id]") {
            if let index = Int(key.dropFirst(prefix.count).dropLast(5)) { indices.append(index) }
        }
        return indices.sorted().compactMap { index -> CRMEvent? in
            let field = { (name: String) in form["\(prefix)\(index)][\(name)]"] }
            guard let id = field("id"), !id.isEmpty, let status = field("status_id"), !status.isEmpty else { return nil }
            let won: Bool? = switch Int(status) {
            case wonStatus?: true
            case lostStatus?: false
            default: nil
            }
            return .leadStageChanged(CRMRef(kind: "lead", id: id), stage: status, won: won)
        }
    }

    /// A form's fields (`+` is a space); a repeated key keeps its last value.
    static func decode(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            guard let name = parts.first, !name.isEmpty else { continue }
            fields[name] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }
}
