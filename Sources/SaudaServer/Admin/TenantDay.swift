import Foundation
import SaudaCore
import SaudaStore

/// A tenant's figures of today, for the dashboard's first page and `/api/v1/stats`.
public struct TenantDay: Sendable {
    /// The start of today in the installation's time zone.
    public var since: Date
    /// Customer messages received.
    public var received: Int
    /// Messages sent (bot, operators, follow-ups) that the channel accepted.
    public var sent: Int
    /// Voice notes received.
    public var voice: Int
    /// Messages the channel refused for good.
    public var failed: Int
    /// Contacts by status (all time).
    public var contacts: [ContactStatus: Int]
    /// Chats an operator has taken over right now.
    public var paused: Int
    /// Calls booked for today and for tomorrow.
    public var callsToday: Int
    /// Calls booked for tomorrow.
    public var callsTomorrow: Int
    /// Model calls and tokens by purpose.
    public var usage: [String: ModelUsageTotals]
}
