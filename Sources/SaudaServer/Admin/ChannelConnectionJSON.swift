import Foundation
import SaudaChannelWappi
import SaudaCore
import SaudaStore

/// A channel connection as the admin API shows it: its row, its settings, what may be shown of its secrets (a hint and
/// a time, never a value) and, for WhatsApp, its webhook address with the secret shown as `…` unless the answer is
/// the one that made or rotated it; for a web-chat widget, its script's address and the snippet to paste into a site.
struct ChannelConnectionJSON: Encodable, Sendable {
    let id: String
    let provider: String
    let name: String
    let publicID: String
    let state: String
    let lastError: String?
    let version: Int
    let settings: JSONValue
    let secrets: Secrets
    let webhook: Webhook?
    let widget: Widget?
    let createdAt: Date
    let updatedAt: Date

    struct Secrets: Encodable, Sendable {
        let token: Hint?
        let webhookSecret: Hint?
    }

    struct Hint: Encodable, Sendable {
        let hint: String
        let updatedAt: Date
    }

    struct Webhook: Encodable, Sendable {
        /// The path Wappi posts to.
        let path: String
        /// The whole address, when the server knows its own (the request's host).
        let url: String?
        /// Whether the secret is in `path` and `url` (only in the answer that made it).
        let secretShown: Bool
        let note: String
    }

    struct Widget: Encodable, Sendable {
        /// The script's path, `/widget/<public id>.js`.
        let scriptPath: String
        /// The script's whole address, when the server knows its own (the request's host).
        let scriptURL: String?
        /// `<script src="…/widget/<public id>.js" async></script>`, when the server knows its own address.
        let snippet: String?
    }

    /// - Parameters:
    ///   - origin: `scheme://host` the request came to, for the webhook's whole address.
    ///   - secret: the webhook secret, only when the answer made or rotated it.
    init(_ details: ChannelConnectionDetails, origin: String?, secret: String? = nil) {
        let connection = details.connection
        id = connection.id
        provider = connection.provider.rawValue
        name = connection.name
        publicID = connection.publicID
        state = connection.state.rawValue
        lastError = connection.lastError
        version = connection.version
        settings = (try? JSONValue.parse(connection.settings)) ?? .object([:])
        secrets = Secrets(token: details.token.map { Hint(hint: $0.hint, updatedAt: $0.updatedAt) },
                          webhookSecret: details.webhookSecret.map { Hint(hint: "…", updatedAt: $0.updatedAt) })
        webhook = details.webhookPath(secret: secret).map { path in
            connection.provider == .telegram
                ? Webhook(path: path, url: origin.map { $0 + path }, secretShown: false,
                          note: "with PUBLIC_URL set and inbound webhook, Sauda registers this address at Telegram itself; the secret travels in the X-Telegram-Bot-Api-Secret-Token header")
                : Webhook(path: path, url: origin.map { $0 + path }, secretShown: secret != nil,
                    note: secret != nil
                        ? "the whole address is shown only now: give it to Wappi (POST …/webhook does) or keep it"
                        : "the secret is shown only when the connection is made or its webhook secret rotated (rotate_webhook_secret)")
        }
        widget = details.widgetScriptPath.map { path in
            Widget(scriptPath: path, scriptURL: origin.map { $0 + path }, snippet: origin.flatMap { details.widgetSnippet(baseURL: $0) })
        }
        createdAt = connection.createdAt
        updatedAt = connection.updatedAt
    }
}

/// The answer of `POST /api/v1/channels/{id}/check`: what Wappi said of the profile, and the connection as the answer
/// left it.
struct ChannelCheckJSON: Encodable, Sendable {
    let ready: Bool
    let status: Status?
    let error: Failure?
    let connection: ChannelConnectionJSON

    struct Status: Encodable, Sendable {
        let appStatus: String?
        let authorized: Bool
        let phone: String?
        let paymentExpiredAt: String?
    }

    struct Failure: Encodable, Sendable {
        let kind: String
        let message: String
    }

    init(_ check: WappiConnectionCalls.Check, connection: ChannelConnectionJSON) {
        ready = check.ready
        status = check.status.map { Status(appStatus: $0.appStatus, authorized: $0.authorized, phone: $0.phone, paymentExpiredAt: $0.paymentExpiredAt) }
        error = check.error.map { Failure(kind: $0.kind.rawValue, message: $0.message) }
        self.connection = connection
    }
}
