import Foundation
import SaudaCRM
import SaudaCore

/// The online-booking module (`booking.v1.*`), where the business enabled it (`CRM_SETTINGS` `booking`: `true`): its
/// resources are the staff, free slots are each resource's schedule (`resource.slots.list`: minutes of the day, week days,
/// slot size, zone) minus its bookings in the window (the module has no free-slot method), and a booking carries Sauda's
/// key in its description, so a booking whose answer was lost is found by ``findBooking(_:)``. A resource busy at that
/// time answers `1018 Empty resource collection`: ``CRMError/refused(_:reason:)`` `.slotUnavailable`.
extension Bitrix24Adapter {
    /// The resources, as staff.
    public func listStaff(serviceID: String?) async throws(CRMError) -> [StaffMember] {
        try await resources().map { StaffMember(id: $0.id, name: $0.name) }
    }

    /// Free slots: each resource's schedule stepped by its slot size, minus its bookings; with no staff asked for, one
    /// slot per time (the first resource free then).
    public func findSlots(_ query: SlotQuery) async throws(CRMError) -> [BookingSlot] {
        let all = try await resources()
        let chosen = query.staffID.map { staff in all.filter { $0.id == staff } } ?? all
        let answer = try await client.call("booking.v1.booking.list", [
            "filter": ["within": ["dateFrom": .number(query.from.timeIntervalSince1970.rounded(.down) - 86_400),
                                  "dateTo": .number(query.until.timeIntervalSince1970.rounded(.up) + 86_400)]],
        ], write: false)
        let busy = (answer["result"]?["booking"]?.arrayValue ?? []).map { booking in
            (resources: Set((booking["resourceIds"]?.arrayValue ?? []).compactMap(Self.id)),
             from: booking["datePeriod"]?["from"]?["timestamp"]?.numberValue ?? 0, to: booking["datePeriod"]?["to"]?["timestamp"]?.numberValue ?? 0)
        }
        var slots: [BookingSlot] = []
        for resource in chosen {
            let schedule = try await client.call("booking.v1.resource.slots.list", ["resourceId": .number(Double(resource.id) ?? 0)],
                                                 write: false)
            for entry in schedule["result"]?["slots"]?.arrayValue ?? [] {
                for start in Self.starts(of: entry, query: query) {
                    let size = Int(entry["slotSize"]?.numberValue ?? 60)
                    let (from, to) = (start.timeIntervalSince1970, start.timeIntervalSince1970 + Double(size * 60))
                    guard !busy.contains(where: { $0.resources.contains(resource.id) && $0.to > from && $0.from < to }) else { continue }
                    slots.append(BookingSlot(id: "bx1.\(resource.id).\(Int(from)).\(size)", start: start, durationMinutes: size,
                                             staffID: resource.id, staffName: resource.name))
                }
            }
        }
        slots.sort { ($0.start, $0.staffID ?? "") < ($1.start, $1.staffID ?? "") }
        if query.staffID == nil {
            var seen = Set<Date>()
            slots = slots.filter { seen.insert($0.start).inserted }
        }
        return Array(slots.prefix(max(0, query.limit)))
    }

    /// Books the slot for the customer (found by phone or made), linked as the booking's client.
    public func book(_ request: BookingRequest, key: IdempotencyKey) async throws(CRMError) -> BookingResult {
        guard let slot = Self.slot(request.slot.id) else {
            throw .refused(.invalidInput, reason: "not a Bitrix24 booking slot: \(request.slot.id)")
        }
        let name = [request.customer.name, request.customer.phone].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        let answer = try await client.call("booking.v1.booking.add", ["fields": [
            "resourceIds": [.number(Double(slot.resource) ?? 0)], "name": .string(name.isEmpty ? "Sauda" : name),
            "description": .string("\(request.comment)\n\(Self.marker(key))"),
            "datePeriod": ["from": ["timestamp": .number(Double(slot.from)), "timezone": "UTC"],
                           "to": ["timestamp": .number(Double(slot.from + slot.minutes * 60)), "timezone": "UTC"]],
        ]], write: true)
        guard let id = answer["result"]?["id"].flatMap(Self.id) ?? answer["result"].flatMap(Self.id) else {
            throw .retryable(reason: "Bitrix24 booking.add answered without an id", outcomeUnknown: true)
        }
        var customer = request.customerRef
        if customer == nil {
            customer = try? await findCustomer(phone: request.customer.phone)?.ref
        }
        if customer == nil {
            customer = try? await upsertCustomer(request.customer, key: IdempotencyKey(key.value + ":customer"))
        }
        if let customer, customer.kind == "contact" {
            // The booking stands without its client; a failed link is not worth a second booking.
            _ = try? await client.call("booking.v1.booking.client.set", [
                "bookingId": .number(Double(id) ?? 0),
                "clients": [["id": .number(Double(customer.id) ?? 0), "type": ["module": "crm", "code": "CONTACT"]]],
            ], write: true)
        }
        return BookingResult(ref: CRMRef(kind: "booking", id: id), start: Date(timeIntervalSince1970: Double(slot.from)), customer: customer)
    }

    /// Deletes the booking; one already gone is cancelled all the same.
    public func cancelBooking(_ booking: CRMRef, key: IdempotencyKey) async throws(CRMError) {
        do {
            _ = try await client.call("booking.v1.booking.delete", ["id": .number(Double(booking.id) ?? 0)], write: true)
        } catch {
            if case .refused(let kind, let reason) = error, kind == .notFound || reason.contains("not found") { return }
            throw error
        }
    }

    /// The booking Sauda made with `key` (a booking's key names its slot's start: `…:book:<unix seconds>`), found by the
    /// key in its description.
    func findBooking(_ key: IdempotencyKey) async throws(CRMError) -> CRMRef? {
        guard key.value.contains(":book:"), let start = key.value.split(separator: ":").last.flatMap({ Double($0) }) else { return nil }
        let answer = try await client.call("booking.v1.booking.list", [
            "filter": ["within": ["dateFrom": .number(start - 60), "dateTo": .number(start + 86_400)]],
        ], write: false)
        let marker = Self.marker(key)
        let found = (answer["result"]?["booking"]?.arrayValue ?? []).first { $0["description"]?.stringValue?.contains(marker) == true }
        return found.flatMap { $0["id"] }.flatMap(Self.id).map { CRMRef(kind: "booking", id: $0) }
    }

    static func marker(_ key: IdempotencyKey) -> String { "[sauda:\(key.value)]" }

    /// The resources of the module: id and name.
    private func resources() async throws(CRMError) -> [(id: String, name: String)] {
        let answer = try await client.call("booking.v1.resource.list", [:], write: false)
        return (answer["result"]?["resource"]?.arrayValue ?? []).compactMap { resource in
            guard let id = resource["id"].flatMap(Self.id) else { return nil }
            return (id, resource["name"]?.stringValue ?? id)
        }
    }

    /// The starts of a schedule entry within the query's window.
    static func starts(of entry: JSONValue, query: SlotQuery) -> [Date] {
        let zone = entry["timezone"]?.stringValue.flatMap(TimeZone.init(identifier:)) ?? query.timeZone
        let from = Int(entry["from"]?.numberValue ?? 0)
        let to = Int(entry["to"]?.numberValue ?? 0)
        let size = max(5, Int(entry["slotSize"]?.numberValue ?? 60))
        let days = Set((entry["weekDays"]?.arrayValue ?? []).compactMap(\.stringValue))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let names = [1: "Sun", 2: "Mon", 3: "Tue", 4: "Wed", 5: "Thu", 6: "Fri", 7: "Sat"]
        var starts: [Date] = []
        var day = calendar.startOfDay(for: query.from)
        while day <= query.until, starts.count < 2_000 {
            if let name = names[calendar.component(.weekday, from: day)], days.isEmpty || days.contains(name) {
                var minute = from
                while minute + size <= to {
                    if let start = calendar.date(byAdding: .minute, value: minute, to: day), start >= query.from, start <= query.until {
                        starts.append(start)
                    }
                    minute += size
                }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
        }
        return starts
    }

    /// A slot id's parts: `bx1.<resource>.<unix seconds>.<minutes>`.
    static func slot(_ id: String) -> (resource: String, from: Int, minutes: Int)? {
        let parts = id.split(separator: ".").map(String.init)
        guard parts.count == 4, parts[0] == "bx1", let from = Int(parts[2]), let minutes = Int(parts[3]), minutes > 0 else { return nil }
        return (parts[1], from, minutes)
    }
}
