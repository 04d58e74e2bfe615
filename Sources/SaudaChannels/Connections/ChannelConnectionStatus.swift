import Foundation
import SaudaCore
import SaudaStore

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

    /// The state a running connection shows: `suspended` with its business, `paused` by its people, `failing` while a
    /// call of its provider reported `reportedError`, else `active`.
    public static func state(of supervised: SupervisedConnection, reportedError: String?) -> String {
        if supervised.businessSuspended { return "suspended" }
        if supervised.connection.state == .paused { return "paused" }
        return reportedError == nil ? "active" : "failing"
    }

    /// One line of `/health`: `wa-1a2b3c4d default wappi «WhatsApp» active`, then the last poll and the error.
    public var line: String {
        var text = "\(id) \(tenantID) \(provider.rawValue) «\(name)» \(state)"
        if let lastPollAt { text += " last poll \(ISO8601.format(lastPollAt))" }
        if let lastError { text += ": \(lastError)" }
        return text
    }
}
