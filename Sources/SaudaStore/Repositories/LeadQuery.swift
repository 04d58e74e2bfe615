import Foundation
import SaudaCore

/// Which leads of a tenant to list, and which page.
public struct LeadQuery: Sendable, Hashable {
    /// Only leads at this stage.
    public var stage: LeadStage?
    /// Only leads of this channel.
    public var channel: Channel?
    /// Only leads whose name, phone or need contains this text (any case).
    public var search: String?
    /// Only leads captured at or after this moment.
    public var from: Date?
    /// Only leads captured before this moment.
    public var to: Date?
    /// Page size.
    public var limit: Int
    /// Leads skipped before the page.
    public var offset: Int

    /// Creates a query; without filters it lists every lead, the most recently changed first.
    public init(stage: LeadStage? = nil, channel: Channel? = nil, search: String? = nil, from: Date? = nil, to: Date? = nil,
                limit: Int = 50, offset: Int = 0) {
        self.stage = stage
        self.channel = channel
        self.search = search
        self.from = from
        self.to = to
        self.limit = limit
        self.offset = offset
    }
}
