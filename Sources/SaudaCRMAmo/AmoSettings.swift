import Foundation
import SaudaCRM

/// Where a business's amoCRM (Kommo) account is, and the account's own ids Sauda writes with: the pipeline and status
/// a new lead starts in, the responsible user, the lead's custom field that holds Sauda's key, and the custom fields
/// the lead's details go to.
public struct AmoSettings: Sendable, Hashable {
    /// The account's address, `https://<subdomain>.amocrm.ru` (or `.kommo.com`), without a trailing `/`.
    public var baseURL: String
    /// The account's subdomain, checked against a webhook's `account[subdomain]`; `nil` when not known.
    public var subdomain: String?
    /// The account's id, checked against a webhook's `account[id]` when set.
    public var accountID: Int?
    /// The pipeline new leads go to (the account's main one when `nil`).
    public var pipelineID: Int?
    /// The status new leads start in (the pipeline's first when `nil`).
    public var statusID: Int?
    /// The user new leads and contacts are given to (the integration's user when `nil`).
    public var responsibleUserID: Int?
    /// A lead's text custom field that holds Sauda's idempotency key; `nil`: the key goes into a tag instead.
    public var keyFieldID: Int?
    /// Sauda's lead detail names (`car`, `city`) to the ids of the lead's custom fields they go to.
    public var detailFields: [String: Int]

    /// Creates settings.
    public init(baseURL: String, subdomain: String? = nil, accountID: Int? = nil, pipelineID: Int? = nil, statusID: Int? = nil,
                responsibleUserID: Int? = nil, keyFieldID: Int? = nil, detailFields: [String: Int] = [:]) {
        var url = baseURL.trimmingCharacters(in: .whitespacesAndNewlines)
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix("/api/v4") { url.removeLast(7) }
        self.baseURL = url
        self.subdomain = subdomain ?? Self.subdomain(of: url)
        self.accountID = accountID
        self.pipelineID = pipelineID
        self.statusID = statusID
        self.responsibleUserID = responsibleUserID
        self.keyFieldID = keyFieldID
        self.detailFields = detailFields
    }

    /// Reads the settings of a connection: `CRM_BASE_URL` and the optional `CRM_SETTINGS` keys `pipeline_id`,
    /// `status_id`, `responsible_user_id`, `key_field_id`, `account_id`, `subdomain`; the field mapping names the
    /// custom field id of each lead detail.
    /// - Throws: ``CRMError/notConfigured(reason:)`` naming the setting that is missing or not a number.
    public init(config: CRMConnectionConfig) throws(CRMError) {
        let base = config.baseURL.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), ["https", "http"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw .notConfigured(reason: "CRM_BASE_URL is not an amoCRM account address (https://<subdomain>.amocrm.ru): \(base.isEmpty ? "empty" : base)")
        }
        func number(_ key: String) throws(CRMError) -> Int? {
            guard let text = config.settings[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let value = Int(text), value > 0 else { throw .notConfigured(reason: "CRM_SETTINGS \(key) is not an amoCRM id: \(text)") }
            return value
        }
        let pipeline = try number("pipeline_id")
        let status = try number("status_id")
        if status != nil, pipeline == nil {
            throw .notConfigured(reason: "CRM_SETTINGS has status_id but no pipeline_id (a status belongs to a pipeline)")
        }
        var details: [String: Int] = [:]
        for (name, field) in config.fieldMapping {
            let text = field.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            guard let id = Int(text), id > 0 else {
                throw .notConfigured(reason: "the field mapping's \(name) is not an amoCRM custom field id: \(text)")
            }
            details[name] = id
        }
        let subdomain = config.settings["subdomain"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        self.init(baseURL: base, subdomain: subdomain, accountID: try number("account_id"), pipelineID: pipeline, statusID: status,
                  responsibleUserID: try number("responsible_user_id"), keyFieldID: try number("key_field_id"), detailFields: details)
    }

    /// The first label of an account's host (`shop` of `shop.amocrm.ru`); `nil` for an IP address or a bare host.
    static func subdomain(of url: String) -> String? {
        guard let host = URL(string: url)?.host?.lowercased(), host.contains("."),
              host.contains(where: \.isLetter) else { return nil }
        return host.split(separator: ".").first.map(String.init)
    }
}
