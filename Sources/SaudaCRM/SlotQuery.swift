import Foundation

/// Which free slots to look for: a service (when the CRM books services), a member of staff or any, and a span of days.
public struct SlotQuery: Sendable, Hashable {
    /// The service, when the CRM books services (YCLIENTS); `nil` for the business's default one.
    public var serviceID: String?
    /// The member of staff, or `nil` for any.
    public var staffID: String?
    /// The earliest start.
    public var from: Date
    /// The latest start.
    public var until: Date
    /// The business's time zone, in which the CRM's local times are read.
    public var timeZone: TimeZone
    /// The most slots to return.
    public var limit: Int

    /// Creates a query.
    public init(serviceID: String? = nil, staffID: String? = nil, from: Date, until: Date, timeZone: TimeZone, limit: Int = 20) {
        self.serviceID = serviceID
        self.staffID = staffID
        self.from = from
        self.until = until
        self.timeZone = timeZone
        self.limit = limit
    }
}
