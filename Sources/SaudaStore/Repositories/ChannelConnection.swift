import Foundation
import SaudaCore

/// One channel connection of a business (`channel_connections`): a WhatsApp number through Wappi, a web-chat widget.
/// The provider's own settings are JSON that the provider's module reads; its secrets (a token, a webhook secret) are
/// the business's sealed secrets named by ``secretName(_:)``.
public struct ChannelConnection: Sendable, Hashable {
    /// The connection's id, unique in the installation (`wa-1a2b3c4d`).
    public var id: String
    /// The business.
    public var tenantID: String
    /// Who carries its messages.
    public var provider: ChannelProvider
    /// Its name within the business, as its people call it («Основной WhatsApp»).
    public var name: String
    /// The random id that names it where the outside sees it: its webhook address, its widget snippet.
    public var publicID: String
    /// The provider's settings as a JSON object (kept compact, keys sorted).
    public var settings: String
    /// Active, paused by its people, or failing with ``lastError``.
    public var state: ConnectionState
    /// Why it is failing, when it is.
    public var lastError: String?
    /// Counts its changes; a supervisor restarts what it runs for the connection when the version moves.
    public var version: Int
    /// When it was made.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a connection description.
    public init(id: String, tenantID: String, provider: ChannelProvider, name: String, publicID: String, settings: String = "{}",
                state: ConnectionState = .active, lastError: String? = nil, version: Int = 1, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.tenantID = tenantID
        self.provider = provider
        self.name = name
        self.publicID = publicID
        self.settings = settings
        self.state = state
        self.lastError = lastError
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The name of this connection's secret `name` (`token`, `webhook_secret`) among its business's secrets.
    public func secretName(_ name: String) -> String { Self.secretName(connectionID: id, name) }

    /// The name of the secret `name` of the connection `connectionID`: `channel.<id>.<name>`.
    public static func secretName(connectionID: String, _ name: String) -> String { "channel.\(connectionID).\(name)" }

    /// A new random id for a connection of `provider`: its prefix and eight hex digits.
    public static func newID(for provider: ChannelProvider) -> String {
        let prefix = switch provider {
        case .wappi: "wa"
        case .webchat: "web"
        case .telegram: "tg"
        }
        return "\(prefix)-\(randomHex(bytes: 4))"
    }

    /// A new random public id: 24 hex digits, too many to guess.
    public static func newPublicID() -> String { randomHex(bytes: 12) }

    private static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
