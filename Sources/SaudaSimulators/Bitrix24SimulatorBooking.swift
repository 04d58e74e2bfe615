import Foundation
import SaudaCore
import Synchronization

/// The online-booking module (`booking.v1.*`, scope `booking`) of the simulated portal: two resources (masters) working
/// 10:00–19:00 every day in Asia/Almaty in hour-long slots, bookings that refuse an overlap with `1018 Empty resource
/// collection` as the real module does, clients linked to bookings, and deletions.
extension Bitrix24Simulator {
    /// A booking of the module.
    public struct Booking: Sendable, Hashable {
        /// Its id.
        public var id: Int
        /// The resources (masters) it takes.
        public var resourceIDs: [Int]
        /// Its name and description as written.
        public var name: String
        /// Its description (Sauda writes its key there).
        public var description: String
        /// When it starts and ends (Unix seconds).
        public var from: Int
        /// When it ends.
        public var to: Int
        /// The CRM contacts linked to it.
        public var contactIDs: [Int]
    }

    /// The resources: id and name.
    public static let resources: [(id: Int, name: String)] = [(1, "Мастер Айгерим"), (2, "Мастер Дана")]
    /// The schedule of every resource: minutes of the day, the slot size, the zone.
    static let schedule = (from: 600, to: 1140, slotSize: 60, timeZone: "Asia/Almaty")

    /// The bookings, by id.
    public var bookings: [Int: Booking] { state.withLock { $0.bookings } }

    /// Books `resourceID` at `start` for an hour behind Sauda's back (someone booked through the portal).
    @discardableResult
    public func takeBookingSlot(resourceID: Int, start: Date) -> Int {
        state.withLock { state in
            let id = state.nextBooking
            state.nextBooking += 1
            let from = Int(start.timeIntervalSince1970)
            state.bookings[id] = Booking(id: id, resourceIDs: [resourceID], name: "Гость", description: "", from: from,
                                         to: from + Self.schedule.slotSize * 60, contactIDs: [])
            return id
        }
    }

    func listResources() -> Answer {
        .result(["resource": .array(Self.resources.map { resource in
            ["id": .number(Double(resource.id)), "name": .string(resource.name), "description": "", "isMain": true]
        })])
    }

    func listSchedule(_ params: [String: JSONValue]) -> Answer {
        guard let id = Self.id(params["resourceId"]), Self.resources.contains(where: { $0.id == id }) else {
            return Self.failure(400, "100", "Resource not found")
        }
        return .result(["slots": [[
            "id": .number(Double(id)), "from": .number(Double(Self.schedule.from)), "to": .number(Double(Self.schedule.to)),
            "timezone": .string(Self.schedule.timeZone), "weekDays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            "slotSize": .number(Double(Self.schedule.slotSize)),
        ]]])
    }

    func listBookings(_ params: [String: JSONValue]) -> Answer {
        let within = params["filter"]?["within"]
        let from = Self.id(within?["dateFrom"]) ?? Int.min
        let to = Self.id(within?["dateTo"]) ?? Int.max
        let rows = state.withLock { $0.bookings.values }.filter { $0.to > from && $0.from < to }.sorted { $0.id < $1.id }
        return .result(["booking": .array(rows.map(Self.render))])
    }

    func addBooking(_ params: [String: JSONValue]) -> Answer {
        guard let fields = params["fields"]?.objectValue else { return Self.failure(400, "100", "Required parameter \"fields\" is missing") }
        let resources = (fields["resourceIds"]?.arrayValue ?? []).compactMap { Self.id($0) }
        guard let from = Self.id(fields["datePeriod"]?["from"]?["timestamp"]), let to = Self.id(fields["datePeriod"]?["to"]?["timestamp"]),
              to > from else {
            return Self.failure(400, "422", "Invalid date period")
        }
        guard !resources.isEmpty, resources.allSatisfy({ id in Self.resources.contains { $0.id == id } }) else {
            return Self.failure(400, "1018", "Empty resource collection")
        }
        return state.withLock { state in
            let busy = state.bookings.values.contains { booking in
                !Set(booking.resourceIDs).isDisjoint(with: resources) && booking.to > from && booking.from < to
            }
            guard !busy else { return Self.failure(400, "1018", "Empty resource collection") }
            let id = state.nextBooking
            state.nextBooking += 1
            state.bookings[id] = Booking(id: id, resourceIDs: resources, name: fields["name"]?.stringValue ?? "",
                                         description: fields["description"]?.stringValue ?? "", from: from, to: to, contactIDs: [])
            return .result(["id": .number(Double(id))])
        }
    }

    func setBookingClient(_ params: [String: JSONValue]) -> Answer {
        guard let id = Self.id(params["bookingId"]) else { return Self.failure(400, "100", "Required parameter \"bookingId\" is missing") }
        let contacts = (params["clients"]?.arrayValue ?? []).compactMap { Self.id($0["id"]) }
        return state.withLock { state in
            guard state.bookings[id] != nil else { return Self.failure(400, "1004", "Booking not found") }
            state.bookings[id]?.contactIDs = contacts
            return .result(true)
        }
    }

    func deleteBooking(_ params: [String: JSONValue]) -> Answer {
        guard let id = Self.id(params["id"]) else { return Self.failure(400, "100", "Required parameter \"id\" is missing") }
        return state.withLock { state in
            guard state.bookings.removeValue(forKey: id) != nil else { return Self.failure(400, "1004", "Booking not found") }
            return .result(true)
        }
    }

    static func render(_ booking: Booking) -> JSONValue {
        ["id": .number(Double(booking.id)), "name": .string(booking.name), "description": .string(booking.description),
         "resourceIds": .array(booking.resourceIDs.map { .number(Double($0)) }),
         "datePeriod": ["from": ["timestamp": .number(Double(booking.from)), "timezone": .string(schedule.timeZone)],
                        "to": ["timestamp": .number(Double(booking.to)), "timezone": .string(schedule.timeZone)]]]
    }
}
