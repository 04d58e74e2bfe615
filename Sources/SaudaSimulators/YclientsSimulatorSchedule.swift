import Foundation
import SaudaCore
import Synchronization

extension YclientsSimulator {
    /// The working day: 10:00 to 19:00, starts every hour.
    static let openHour = 10, closeHour = 19

    var zone: TimeZone { TimeZone(secondsFromGMT: utcOffset) ?? TimeZone(secondsFromGMT: 0) ?? .current }

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter
    }

    /// `2026-09-25T15:00:00+05:00`, as `book_times` and a record's `datetime` give it.
    func isoTime(_ date: Date) -> String { formatter("yyyy-MM-dd'T'HH:mm:ssXXXXX").string(from: date) }
    /// `2026-09-25T15:00:00+0500`, as `create_date` and `last_change_date` give it.
    func compactTime(_ date: Date) -> String { formatter("yyyy-MM-dd'T'HH:mm:ssXX").string(from: date) }
    /// `2026-09-25 15:00:00`, as a record's `date` gives it.
    func plainTime(_ date: Date) -> String { formatter("yyyy-MM-dd HH:mm:ss").string(from: date) }
    /// `2026-09-25`.
    func dayText(_ date: Date) -> String { formatter("yyyy-MM-dd").string(from: date) }
    func parseDay(_ text: String) -> Date? { formatter("yyyy-MM-dd").date(from: text) }

    /// A datetime in any of the three formats (the zone-less one in the branch's zone).
    func parseTime(_ text: String) -> Date? {
        for format in ["yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mm:ssXX", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss"] {
            if let date = formatter(format).date(from: text) { return date }
        }
        return nil
    }

    /// The bookable days: today and the ``horizonDays`` after, in the branch's zone.
    func bookableDays() -> [Date] {
        let today = calendar.startOfDay(for: now())
        return (0..<horizonDays).compactMap { calendar.date(byAdding: .day, value: $0, to: today) }
    }

    /// The staff who do `service` (all when `nil`).
    func staff(doing service: Int?) -> [Staff] {
        staff.filter { member in service.map { member.services.contains($0) } ?? true }
    }

    /// Whether `staffID` is free at `start` for `length` seconds: within the working day, ahead of now, no record overlaps.
    func isFree(staffID: Int, start: Date, length: Int, state: State) -> Bool {
        let day = calendar.startOfDay(for: start)
        guard let open = calendar.date(byAdding: .hour, value: Self.openHour, to: day),
              let close = calendar.date(byAdding: .hour, value: Self.closeHour, to: day) else { return false }
        let end = start.addingTimeInterval(Double(length))
        guard start >= open, end <= close, start > now() else { return false }
        return !state.records.contains { record in
            !record.deleted && record.staffID == staffID && record.start < end && start < record.start.addingTimeInterval(Double(record.length))
        }
    }

    /// The free starts of a day for `staffID` (`0`: anyone who does the service).
    func freeTimes(staffID: Int, day: Date, service: Int?, state: State) -> [Date] {
        let length = service.flatMap(self.service)?.length ?? 3600
        let members = staffID == 0 ? staff(doing: service).map(\.id) : [staffID]
        return (Self.openHour..<Self.closeHour).compactMap { hour -> Date? in
            guard let start = calendar.date(byAdding: .hour, value: hour, to: calendar.startOfDay(for: day)) else { return nil }
            return members.contains { isFree(staffID: $0, start: start, length: length, state: state) } ? start : nil
        }
    }

    /// The client with this phone (digits compared), or a new one.
    func upsertClient(_ state: inout State, phone: String, name: String, email: String) -> Client {
        let digits = PhoneNumber.normalize(phone) ?? phone
        if let found = state.clients.first(where: { PhoneNumber.normalize($0.phone) == digits }) { return found }
        state.nextClient += 1
        let client = Client(id: state.nextClient, name: name, phone: "+" + digits, email: email, comment: "")
        state.clients.append(client)
        return client
    }

    func addRecord(_ state: inout State, staffID: Int, services: [Int], clientID: Int, start: Date, length: Int, comment: String,
                   apiID: String, online: Bool) -> Record {
        state.nextRecord += 1
        let id = state.nextRecord
        let stamp = now()
        let hash = String(String(id, radix: 16).reversed()) + "a7c2e9f1d3b5"
        let record = Record(id: id, hash: hash, staffID: staffID, services: services, clientID: clientID, start: start, length: length,
                            comment: comment, apiID: apiID, attendance: 0, deleted: false, created: stamp, changed: stamp, online: online)
        state.records.append(record)
        return record
    }

    func render(_ client: Client) -> JSONValue {
        ["id": .number(Double(client.id)), "name": .string(client.name), "phone": .string(client.phone), "email": .string(client.email),
         "comment": .string(client.comment), "categories": [], "discount": 0, "visits": 0, "spent": 0, "card": "", "birth_date": ""]
    }

    /// A record as `GET /record` gives it: `date` zone-less, `datetime` with `+05:00`, `create_date` with `+0500`.
    func render(_ record: Record, clients: [Client]) -> JSONValue {
        let member = staff(record.staffID)
        let client = clients.first { $0.id == record.clientID }
        let services: [JSONValue] = record.services.map { id in
            let service = self.service(id)
            let price = Double(service?.price ?? 0)
            return ["id": .number(Double(id)), "title": .string(service?.title ?? ""), "cost": .number(price), "first_cost": .number(price),
                    "discount": 0, "amount": 1]
        }
        return [
            "id": .number(Double(record.id)), "company_id": .number(Double(companyID)), "staff_id": .number(Double(record.staffID)),
            "services": .array(services),
            "staff": member.map { ["id": .number(Double($0.id)), "name": .string($0.name), "specialization": .string($0.specialization)] } ?? .null,
            "client": client.map { ["id": .number(Double($0.id)), "name": .string($0.name), "phone": .string($0.phone), "email": .string($0.email)] } ?? .null,
            "date": .string(plainTime(record.start)), "datetime": .string(isoTime(record.start)),
            "create_date": .string(compactTime(record.created)), "last_change_date": .string(compactTime(record.changed)),
            "comment": .string(record.comment), "seance_length": .number(Double(record.length)), "length": .number(Double(record.length)),
            "attendance": .number(Double(record.attendance)), "visit_attendance": .number(Double(record.attendance)), "confirmed": 1,
            "api_id": .string(record.apiID), "deleted": .bool(record.deleted), "online": .bool(record.online), "custom_fields": [:],
        ]
    }
}
