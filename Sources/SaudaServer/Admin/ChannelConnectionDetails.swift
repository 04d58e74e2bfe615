import Foundation
import SaudaChannelTelegram
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaStore

/// A channel connection as its people may see it: the row, what may be shown of its secrets (hints and times, never
/// values) and its settings read: a WhatsApp connection's, or a web-chat widget's with its snippet.
public struct ChannelConnectionDetails: Sendable, Hashable {
    /// The row.
    public var connection: ChannelConnection
    /// The API token's hint, when one is stored.
    public var token: StoredSecret?
    /// The webhook secret's description, when one is stored.
    public var webhookSecret: StoredSecret?

    /// Creates the details.
    public init(connection: ChannelConnection, token: StoredSecret?, webhookSecret: StoredSecret?) {
        self.connection = connection
        self.token = token
        self.webhookSecret = webhookSecret
    }

    /// The WhatsApp settings of a `wappi` connection; `nil` for another provider or settings that do not read.
    public var wappi: WappiConnectionSettings? {
        guard connection.provider == .wappi else { return nil }
        return try? JSONDecoder().decode(WappiConnectionSettings.self, from: Data(connection.settings.utf8))
    }

    /// The settings of a `telegram` connection; `nil` for another provider or settings that do not read.
    public var telegram: TelegramConnectionSettings? {
        guard connection.provider == .telegram else { return nil }
        return try? TelegramConnectionSettings.decode(connection.settings)
    }

    /// The settings of a `webchat` connection (a widget); `nil` for another provider or settings that do not read.
    public var widget: WebChatWidgetSettings? {
        guard connection.provider == .webchat else { return nil }
        return try? JSONDecoder().decode(WebChatWidgetSettings.self, from: Data(connection.settings.utf8))
    }

    /// The path of a `webchat` connection's script, `/widget/<public id>.js`; `nil` for another provider.
    public var widgetScriptPath: String? {
        connection.provider == .webchat ? WebChatWidgetSnippet.scriptPath(publicID: connection.publicID) : nil
    }

    /// The line a business pastes into its site for a `webchat` connection, its script at `baseURL` (where customers
    /// reach Sauda, `https://sauda.example.kz`); `nil` for another provider.
    public func widgetSnippet(baseURL: String) -> String? {
        connection.provider == .webchat ? WebChatWidgetSnippet.html(for: connection, baseURL: baseURL) : nil
    }

    /// The path Wappi posts a `wappi` connection's events to: `/webhooks/wappi/<public id>/<secret>`, the secret shown as
    /// `…` unless given (it is only shown when it is made or rotated).
    /// A `telegram` connection's is `/webhooks/telegram/<public id>` (its secret travels in a header).
    public func webhookPath(secret: String? = nil) -> String? {
        switch connection.provider {
        case .wappi: "/webhooks/wappi/\(connection.publicID)/\(secret ?? "…")"
        case .telegram: "/webhooks/telegram/\(connection.publicID)"
        case .webchat: nil
        }
    }

    /// Reads the details of `connection` in `sql`.
    static func read(_ connection: ChannelConnection, in sql: any SQLConnection) async throws(StoreError) -> ChannelConnectionDetails {
        let secrets = SecretRepository(sql)
        return ChannelConnectionDetails(
            connection: connection,
            token: try await secrets.find(tenantID: connection.tenantID, name: connection.secretName(WappiConnectionSettings.tokenSecret)),
            webhookSecret: try await secrets.find(tenantID: connection.tenantID,
                                                  name: connection.secretName(WappiConnectionSettings.webhookSecretName)))
    }
}
