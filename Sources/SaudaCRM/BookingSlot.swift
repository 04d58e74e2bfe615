import Foundation

/// A free slot a CRM offered. ``id`` is opaque and survives a restart: it holds what the adapter needs to book it (for
/// YCLIENTS the exact `datetime` string `book_times` gave, the staff and the service), so a slot offered in one turn is
/// booked in a later one without asking the CRM to explain it again.
public struct BookingSlot: Sendable, Hashable, Codable {
    /// The adapter's opaque id of the slot.
    public var id: String
    /// When it starts.
    public var start: Date
    /// How long it lasts, in minutes, when the CRM says.
    public var durationMinutes: Int?
    /// The member of staff it is with, when the CRM says.
    public var staffID: String?
    /// Their name, for the customer.
    public var staffName: String?
    /// The service it is for, when the CRM books services.
    public var serviceID: String?

    /// Creates a slot.
    public init(id: String, start: Date, durationMinutes: Int? = nil, staffID: String? = nil, staffName: String? = nil,
                serviceID: String? = nil) {
        self.id = id
        self.start = start
        self.durationMinutes = durationMinutes
        self.staffID = staffID
        self.staffName = staffName
        self.serviceID = serviceID
    }
}
