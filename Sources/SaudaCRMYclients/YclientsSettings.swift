import Foundation
import SaudaCRM
import SaudaCore

/// Where a business's YCLIENTS branch is and how Sauda opens it: the API root, the partner token (Sauda's, sent on every
/// call) and the user token (the business's, sent on protected calls: clients, records), the branch (`company_id`), the
/// default service and the branch's time zone. The tokens are never logged.
public struct YclientsSettings: Sendable, Hashable {
    /// The API root, `https://api.yclients.com/api/v1` unless a test or the Altegio edition points elsewhere.
    public var baseURL: String
    /// The partner token.
    public var partnerToken: String
    /// The user token (`POST /auth`); it dies when the user changes their password.
    public var userToken: String
    /// The branch, `company_id` (also called `salon_id`).
    public var companyID: String
    /// The service booked when a slot query names none (`service_id`).
    public var defaultServiceID: String?
    /// The branch's time zone (`timezone`, an IANA name), used for the dates asked of `book_dates`; the query's zone
    /// when `nil`.
    public var timeZone: TimeZone?

    /// The default API root.
    public static let defaultBaseURL = "https://api.yclients.com/api/v1"

    /// Creates settings.
    public init(baseURL: String = Self.defaultBaseURL, partnerToken: String, userToken: String, companyID: String,
                defaultServiceID: String? = nil, timeZone: TimeZone? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.partnerToken = partnerToken
        self.userToken = userToken
        self.companyID = companyID
        self.defaultServiceID = defaultServiceID
        self.timeZone = timeZone
    }

    /// Reads a connection's configuration: `CRM_BASE_URL` (empty: the default root), `CRM_API_KEY` as
    /// `{"partner_token":"…","user_token":"…"}` or `partner:user`, and `CRM_SETTINGS` `company_id` (required, a
    /// number), `service_id` and `timezone` (optional). A missing or bad part is ``CRMError/notConfigured(reason:)``
    /// naming it.
    public init(config: CRMConnectionConfig) throws(CRMError) {
        let (partner, user) = try Self.tokens(config.credentials)
        guard let company = config.settings["company_id"]?.trimmingCharacters(in: .whitespaces), !company.isEmpty else {
            throw .notConfigured(reason: "CRM_SETTINGS has no company_id (the YCLIENTS branch id)")
        }
        guard company.allSatisfy(\.isNumber) else {
            throw .notConfigured(reason: "CRM_SETTINGS company_id is not a number: \(company)")
        }
        var service: String?
        if let value = config.settings["service_id"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
            guard value.allSatisfy(\.isNumber) else { throw .notConfigured(reason: "CRM_SETTINGS service_id is not a number: \(value)") }
            service = value
        }
        var zone: TimeZone?
        if let name = config.settings["timezone"]?.trimmingCharacters(in: .whitespaces), !name.isEmpty {
            guard let found = TimeZone(identifier: name) else { throw .notConfigured(reason: "CRM_SETTINGS timezone is not a time zone: \(name)") }
            zone = found
        }
        let base = config.baseURL.trimmingCharacters(in: .whitespaces)
        if !base.isEmpty {
            guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw .notConfigured(reason: "CRM_BASE_URL is not an http(s) address")
            }
        }
        self.init(baseURL: base.isEmpty ? Self.defaultBaseURL : base, partnerToken: partner, userToken: user, companyID: company,
                  defaultServiceID: service, timeZone: zone)
    }

    /// The partner and user tokens of `CRM_API_KEY`.
    static func tokens(_ credentials: String) throws(CRMError) -> (partner: String, user: String) {
        let text = credentials.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .notConfigured(reason: "CRM_API_KEY is empty (YCLIENTS needs the partner and the user token)") }
        var partner = "", user = ""
        if text.hasPrefix("{") {
            guard let object = (try? JSONValue.parse(text))?.objectValue else {
                throw .notConfigured(reason: "CRM_API_KEY is not valid JSON")
            }
            partner = object["partner_token"]?.stringValue ?? ""
            user = object["user_token"]?.stringValue ?? ""
        } else {
            let parts = text.split(separator: ":", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            partner = parts.first ?? ""
            user = parts.count > 1 ? parts[1] : ""
        }
        guard !partner.isEmpty else { throw .notConfigured(reason: "CRM_API_KEY has no partner_token") }
        guard !user.isEmpty else { throw .notConfigured(reason: "CRM_API_KEY has no user_token (clients and records need it)") }
        return (partner, user)
    }
}

extension YclientsSettings: CustomStringConvertible, CustomDebugStringConvertible {
    /// The branch and the API root, without the tokens (so interpolating settings into a log leaks nothing).
    public var description: String { "YCLIENTS company \(companyID) at \(baseURL)" }
    /// As ``description``.
    public var debugDescription: String { description }
}
