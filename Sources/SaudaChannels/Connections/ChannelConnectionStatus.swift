import Foundation
import SaudaCore

/// One channel connection as `/health` shows it: never a token or a secret.
public struct ChannelConnectionStatus: Sendable, Hashable {
    /// The connection's id.
    public var id: String
    /// Its business.
    public var tenantID: String
    /// Its provider.
    public var provider: ChannelProvider
    /// Its name.
    public var name: String
    /// `active`, `paused`, `failing`, or `suspended` when its business is.
    public var state: String
    /// Why it is failing, when it is.
    public var lastError: String?
    /// When it was last polled, for a connection whose messages are polled.
    public var lastPollAt: Date?

    /// Creates a status.
    public init(id: String, tenantID: String, provider: ChannelProvider, name: String, state: String, lastError: String?,
                lastPollAt: Date? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.provider = provider
        self.name = name
        self.state = state
        self.lastError = lastError
        self.lastPollAt = lastPollAt
    }

    /// One line of `/health`: `wa-1a2b3c4d default wappi «WhatsApp» active`, then the last poll and the error.
    public var line: String {
        var text = "\(id) \(tenantID) \(provider.rawValue) «\(name)» \(state)"
        if let lastPollAt { text += " last poll \(ISO8601.format(lastPollAt))" }
        if let lastError { text += ": \(lastError)" }
        return text
    }
}
