import AsyncHTTPClient
import Foundation
import Logging
import SaudaCRM

extension Bitrix24Adapter {
    /// Creates an adapter from a business's connection: `CRM_BASE_URL` is the portal's inbound webhook without its code
    /// (`https://portal.bitrix24.kz/rest/1/`) and `CRM_API_KEY` the webhook's code; `CRM_API_KEY` may instead hold the
    /// whole webhook URL (`https://portal.bitrix24.kz/rest/1/<code>/`, then `CRM_BASE_URL` is not needed).
    /// `CRM_SETTINGS` `application_token` is the outbound webhook's token that ``parseWebhook(_:)`` checks.
    /// - Throws: ``CRMError/notConfigured(reason:)`` naming the missing or bad setting (never showing the code).
    public init(config: CRMConnectionConfig, client: HTTPClient = .shared, logger: Logger = Logger(label: "sauda.crm.bitrix24"),
                timeout: Duration = .seconds(65), now: @escaping @Sendable () -> Date = { Date() }) throws(CRMError) {
        let secret = config.credentials.trimmingCharacters(in: .whitespacesAndNewlines)
        let webhook: String
        if secret.lowercased().hasPrefix("http://") || secret.lowercased().hasPrefix("https://") {
            guard Self.isWebhook(secret, withCode: true) else {
                throw .notConfigured(reason: "CRM_API_KEY is a URL but not an inbound webhook: https://<portal>/rest/<user id>/<code>/")
            }
            webhook = secret
        } else {
            guard !secret.isEmpty else { throw .notConfigured(reason: "CRM_API_KEY is empty: it is the inbound webhook's code") }
            guard !secret.contains(where: { "/?#@ ".contains($0) }) else {
                throw .notConfigured(reason: "CRM_API_KEY is not a webhook code (it holds /, ?, # or a space)")
            }
            var base = config.baseURL.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !base.isEmpty else {
                throw .notConfigured(reason: "CRM_BASE_URL is empty: it is the inbound webhook without its code, https://<portal>/rest/<user id>/")
            }
            if !base.hasSuffix("/") { base += "/" }
            guard Self.isWebhook(base, withCode: false) else {
                throw .notConfigured(reason: "CRM_BASE_URL is not https://<portal>/rest/<user id>/ (the code goes into CRM_API_KEY)")
            }
            webhook = base + secret + "/"
        }
        let token = config.settings["application_token"].flatMap { $0.isEmpty ? nil : $0 }
        self.init(settings: Bitrix24Settings(webhookURL: webhook), httpClient: client, logger: logger, timeout: timeout, now: now)
        applicationToken = token
        bookingEnabled = ["true", "on", "yes", "1"].contains(config.settings["booking"]?.lowercased() ?? "")
    }

    /// Whether `text` is `http(s)://<host>/rest/<user id>/` (and `<code>/` when `withCode`), a trailing `/` optional.
    static func isWebhook(_ text: String, withCode: Bool) -> Bool {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false,
              url.query == nil, url.user == nil else { return false }
        let parts = url.path.split(separator: "/").map(String.init)
        guard parts.count == (withCode ? 3 : 2), parts[0] == "rest", Int(parts[1]) != nil else { return false }
        return !withCode || !parts[2].isEmpty
    }
}
