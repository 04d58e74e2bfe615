import Foundation
import NIOHTTP1
import SaudaCRM
import SaudaCore

extension YclientsAdapter {
    /// The services of the online booking (`GET /book_services/{company}`: `data.services[]`, an object although the
    /// docs' example shows an array).
    public func listServices() async throws(CRMError) -> [BookableService] {
        let answer = try await client.call(.GET, "/book_services/\(companyID)", user: false, write: false)
        let services = answer.data["services"]?.arrayValue ?? answer.data.arrayValue ?? []
        return services.compactMap { item in
            guard let id = YclientsJSON.id(item["id"]), let title = item["title"]?.stringValue else { return nil }
            if item["active"].flatMap(YclientsJSON.int) == 0 { return nil }
            let length = item["seance_length"].flatMap(YclientsJSON.int)
            return BookableService(id: id, title: title, durationMinutes: length.map { $0 / 60 }, price: Self.price(item))
        }
    }

    /// The staff who can be booked (`GET /book_staff/{company}`, for a service when given); those not `bookable` are left out.
    public func listStaff(serviceID: String?) async throws(CRMError) -> [StaffMember] {
        let service = serviceID ?? settings.defaultServiceID
        let answer = try await client.call(.GET, "/book_staff/\(companyID)", query: service.map { [("service_ids[]", $0)] } ?? [],
                                           user: false, write: false)
        return (answer.data.arrayValue ?? []).compactMap { item in
            guard let id = YclientsJSON.id(item["id"]), let name = item["name"]?.stringValue, item["bookable"]?.boolValue != false else {
                return nil
            }
            let role = item["specialization"]?.stringValue ?? item["position"]?["title"]?.stringValue
            return StaffMember(id: id, name: name, role: role?.isEmpty == true ? nil : role)
        }
    }

    /// Free slots: the bookable days of `book_dates` within the query's span, then `book_times` of each day until
    /// `limit` slots are found. The member of staff is the query's, or `0` (any). Each slot's id carries the exact
    /// `datetime` string YCLIENTS gave, the staff and the service.
    public func findSlots(_ query: SlotQuery) async throws(CRMError) -> [BookingSlot] {
        let service = query.serviceID ?? settings.defaultServiceID
        let staff = query.staffID ?? "0"
        let zone = settings.timeZone ?? query.timeZone
        let firstDay = YclientsJSON.day(query.from, zone: zone), lastDay = YclientsJSON.day(query.until, zone: zone)
        var datesQuery: [(String, String)] = service.map { [("service_ids[]", $0)] } ?? []
        if staff != "0" { datesQuery.append(("staff_id", staff)) }
        datesQuery += [("date", firstDay), ("date_from", firstDay), ("date_to", lastDay)]
        let dates = try await client.call(.GET, "/book_dates/\(companyID)", query: datesQuery, user: false, write: false)
        let days = (dates.data["booking_dates"]?.arrayValue ?? []).compactMap(\.stringValue)
            .filter { $0 >= firstDay && $0 <= lastDay }.sorted()
        var slots: [BookingSlot] = []
        for day in days where slots.count < query.limit {
            let times = try await client.call(.GET, "/book_times/\(companyID)/\(staff)/\(day)",
                                              query: service.map { [("service_ids[]", $0)] } ?? [], user: false, write: false)
            for item in times.data.arrayValue ?? [] {
                guard let datetime = item["datetime"]?.stringValue, let start = YclientsJSON.date(datetime, zone: zone),
                      start >= query.from, start <= query.until else { continue }
                let id = YclientsSlotID(datetime: datetime, staffID: staff, serviceID: service)
                let length = item["seance_length"].flatMap(YclientsJSON.int)
                slots.append(BookingSlot(id: id.encoded, start: start, durationMinutes: length.map { $0 / 60 },
                                         staffID: staff == "0" ? nil : staff, serviceID: service))
            }
        }
        return Array(slots.sorted { $0.start < $1.start }.prefix(query.limit))
    }

    /// Books the slot as the online widget does: `book_check` (201 with an empty body when the time is free), then
    /// `book_record` with `api_id` = the key. A time taken meanwhile (433, 436, 437) is `refused(.slotUnavailable)`.
    public func book(_ request: BookingRequest, key: IdempotencyKey) async throws(CRMError) -> BookingResult {
        guard let slot = YclientsSlotID(request.slot.id) else {
            throw .refused(.invalidInput, reason: "not a YCLIENTS slot id: \(request.slot.id)")
        }
        guard let phone = PhoneNumber.normalize(request.customer.phone) else {
            throw .refused(.invalidInput, reason: "not a phone number: \(request.customer.phone)")
        }
        guard let staff = Int(slot.staffID) else { throw .refused(.invalidInput, reason: "the slot's staff id is not a number") }
        var services: [JSONValue] = []
        if let service = slot.serviceID {
            guard let number = Int(service) else { throw .refused(.invalidInput, reason: "the slot's service id is not a number") }
            services = [.number(Double(number))]
        }
        let appointment: JSONValue = ["id": 1, "services": .array(services), "staff_id": .number(Double(staff)),
                                      "datetime": .string(slot.datetime)]
        _ = try await client.call(.POST, "/book_check/\(companyID)", body: ["appointments": [appointment]], user: false, write: false)
        let name = request.customer.name.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } ?? "Клиент"
        let body: JSONValue = [
            "phone": .string(phone), "fullname": .string(name), "email": .string(request.customer.email ?? ""),
            "comment": .string(request.comment), "api_id": .string(key.value), "appointments": [appointment],
        ]
        let answer = try await client.call(.POST, "/book_record/\(companyID)", body: body, user: false, write: true)
        guard let made = answer.data.arrayValue?.first, let recordID = YclientsJSON.id(made["record_id"]) else {
            throw .retryable(reason: "YCLIENTS book_record answered without a record_id", outcomeUnknown: true)
        }
        let zone = settings.timeZone ?? TimeZone(secondsFromGMT: 0) ?? .current
        return BookingResult(ref: CRMRef(kind: "record", id: recordID), start: YclientsJSON.date(slot.datetime, zone: zone) ?? request.slot.start,
                             customer: request.customerRef)
    }

    /// Deletes the record (`DELETE /record/{company}/{id}`, 204); one already gone (404) counts as cancelled.
    public func cancelBooking(_ booking: CRMRef, key: IdempotencyKey) async throws(CRMError) {
        guard booking.kind == "record" else { throw .refused(.invalidInput, reason: "a YCLIENTS booking is a record, not a \(booking.kind)") }
        do {
            _ = try await client.call(.DELETE, "/record/\(companyID)/\(booking.id)", user: true, write: true)
        } catch .refused(.notFound, _) {
            return
        }
    }

    /// A service's price as the business shows it: `5000`, or `5000–8000` for a range.
    static func price(_ item: JSONValue) -> String? {
        let low = item["price_min"].flatMap(YclientsJSON.int), high = item["price_max"].flatMap(YclientsJSON.int)
        switch (low, high) {
        case let (low?, high?) where high > low: return "\(low)–\(high)"
        case let (low?, _) where low > 0: return "\(low)"
        case let (_, high?) where high > 0: return "\(high)"
        default: return nil
        }
    }
}
