import Foundation
import SaudaCore
import Synchronization

extension YclientsSimulator {
    func company() -> Reply {
        Self.ok(200, ["id": .number(Double(companyID)), "title": .string(title), "public_title": .string(title),
                      "timezone": .number(Double(utcOffset / 3600)), "timezone_name": "Asia/Almaty", "city": "Алматы", "active": 1])
    }

    /// `data` is an object (`services`, `category`, `events`); `seance_length` only when filtered by staff.
    func bookServices(_ call: Call, _ state: State) -> Reply {
        let member = call.int("staff_id").flatMap(staff)
        let wanted = call.serviceIDs
        let chosen = services.filter { service in
            (wanted.isEmpty || wanted.contains(service.id)) && (member?.services.contains(service.id) ?? true)
        }
        let items: [JSONValue] = chosen.map { service in
            var item: [String: JSONValue] = [
                "id": .number(Double(service.id)), "title": .string(service.title), "category_id": 1, "price_min": .number(Double(service.price)),
                "price_max": .number(Double(service.price)), "discount": 0, "comment": "", "weight": 0, "active": 1, "sex": 0, "image": "",
                "prepaid": "forbidden",
            ]
            if member != nil { item["seance_length"] = .number(Double(service.length)) }
            return .object(item)
        }
        return Self.ok(200, ["services": .array(items), "category": [["id": 1, "title": "Услуги", "sex": 0, "api_id": "", "weight": 1]],
                             "events": []])
    }

    /// An array; ids are strings (`"id":"6544"`), as YCLIENTS's own example shows. `position` is an object here: the
    /// reference says it may also be `[]`, which the adapter reads but the PyPI client's model does not (so, and for
    /// `weight`, whose type the docs and that model disagree on, the simulator sends what both read).
    func bookStaff(_ call: Call, _ state: State) -> Reply {
        let wanted = call.serviceIDs
        let members = staff.filter { member in wanted.allSatisfy(member.services.contains) }
        let items: [JSONValue] = members.map { member in
            let service = wanted.first ?? member.services.sorted().first
            let day = bookableDays().first { !freeTimes(staffID: member.id, day: $0, service: service, state: state).isEmpty }
            var item: [String: JSONValue] = [
                "id": .string(String(member.id)), "name": .string(member.name), "specialization": .string(member.specialization),
                "position": ["id": 1, "title": .string(member.specialization)], "bookable": .bool(day != nil), "rating": 5, "votes_count": 0, "avatar": "", "information": "",
            ]
            if let day { item["seance_date"] = .string(dayText(day)) }
            return .object(item)
        }
        return Self.ok(200, .array(items))
    }

    /// `booking_dates` and `booking_days` (month → days), `working_dates` and `working_days`.
    func bookDates(_ call: Call, _ state: State) -> Reply {
        let staffID = call.int("staff_id") ?? 0
        if staffID != 0, staff(staffID) == nil { return Self.notFound() }
        let service = call.serviceIDs.first
        if let service, self.service(service) == nil { return Self.bookingError(438, "Услуга не найдена") }
        let from = call.query["date_from"]?.first.flatMap(parseDay), until = call.query["date_to"]?.first.flatMap(parseDay)
        let days = bookableDays().filter { day in
            (from.map { day >= $0 } ?? true) && (until.map { day <= $0 } ?? true)
        }
        let booking = days.filter { !freeTimes(staffID: staffID, day: $0, service: service, state: state).isEmpty }
        func grouped(_ days: [Date]) -> JSONValue {
            var months: [String: [JSONValue]] = [:]
            for day in days {
                let parts = calendar.dateComponents([.month, .day], from: day)
                months[String(parts.month ?? 0), default: []].append(.string(String(parts.day ?? 0)))
            }
            return .object(months.mapValues(JSONValue.array))
        }
        return Self.ok(200, ["booking_dates": .array(booking.map { .string(dayText($0)) }), "booking_days": grouped(booking),
                             "working_dates": .array(days.map { .string(dayText($0)) }), "working_days": grouped(days)])
    }

    /// `[{"time":"12:00","seance_length":3600,"datetime":"2026-09-25T12:00:00+05:00"}]`.
    func bookTimes(_ call: Call, _ state: State) -> Reply {
        let staffID = call.int("staff") ?? 0
        if staffID != 0, staff(staffID) == nil { return Self.notFound() }
        guard let day = call.parameters["date"].flatMap(parseDay) else { return Self.error(400, "Неверный формат даты") }
        let service = call.serviceIDs.first
        let length = service.flatMap(self.service)?.length ?? 3600
        let items: [JSONValue] = freeTimes(staffID: staffID, day: day, service: service, state: state).map { start in
            ["time": .string(formatter("HH:mm").string(from: start)), "seance_length": .number(Double(length)),
             "sum_length": .number(Double(length)), "datetime": .string(isoTime(start))]
        }
        return Self.ok(200, .array(items))
    }

    /// The appointments of `book_check`/`book_record`: each one's staff (the first free one for `0`), services, start and
    /// length, or the booking error.
    func resolve(_ appointments: JSONValue?, _ state: State) -> Result<[(id: JSONValue, staff: Int, services: [Int], start: Date, length: Int)], BookingFailure> {
        guard let items = appointments?.arrayValue, !items.isEmpty else {
            return .failure(BookingFailure(reply: Self.error(422, "Не переданы параметры записи", errors: ["appointments": ["Обязательное поле"]])))
        }
        var resolved: [(id: JSONValue, staff: Int, services: [Int], start: Date, length: Int)] = []
        for item in items {
            let services = (item["services"]?.arrayValue ?? []).compactMap { $0.numberValue.map { Int($0) } }
            if let missing = services.first(where: { service($0) == nil }) {
                return .failure(BookingFailure(reply: Self.bookingError(438, "Услуга \(missing) не найдена")))
            }
            guard let text = item["datetime"]?.stringValue, let start = parseTime(text) else {
                return .failure(BookingFailure(reply: Self.error(422, "Неверный формат даты", errors: ["datetime": ["Неверный формат"]])))
            }
            let length = services.compactMap { service($0)?.length }.reduce(0, +)
            let span = length > 0 ? length : 3600
            let staffID = item["staff_id"]?.numberValue.map { Int($0) } ?? Int(item["staff_id"]?.stringValue ?? "") ?? -1
            let overlaps = { (member: Int) in
                resolved.contains { $0.staff == member && $0.start < start.addingTimeInterval(Double(span))
                    && start < $0.start.addingTimeInterval(Double($0.length)) }
            }
            if staffID == 0 {
                let candidates = staff(doing: services.first).map(\.id).filter { !overlaps($0) }
                guard let free = candidates.first(where: { isFree(staffID: $0, start: start, length: span, state: state) }) else {
                    return .failure(BookingFailure(reply: Self.bookingError(436, "Нет свободных сотрудников на выбранное время")))
                }
                resolved.append((item["id"] ?? 1, free, services, start, span))
                continue
            }
            guard let member = staff(staffID), services.allSatisfy(member.services.contains) else {
                return .failure(BookingFailure(reply: Self.error(422, "Сотрудник не найден или не оказывает услугу", errors: ["staff_id": ["Неверное значение"]])))
            }
            if overlaps(staffID) {
                return .failure(BookingFailure(reply: Self.bookingError(437, "Записи пересекаются")))
            }
            guard isFree(staffID: staffID, start: start, length: span, state: state) else {
                var reply = Self.bookingError(433, "Выбранное время уже занято")
                reply.body = ["success": false, "data": nil, "meta": ["message": "Выбранное время уже занято",
                              "errors": [["code": 433, "message": "Выбранное время уже занято", "id": item["id"] ?? 1]]]]
                return .failure(BookingFailure(reply: reply))
            }
            resolved.append((item["id"] ?? 1, staffID, services, start, span))
        }
        return .success(resolved)
    }

    struct BookingFailure: Error {
        var reply: Reply
    }

    /// `nil` when bookable (the route answers 201 with an empty body).
    func check(_ appointments: JSONValue?, _ state: State) -> Reply? {
        if case .failure(let failure) = resolve(appointments, state) { return failure.reply }
        return nil
    }

    func bookRecord(_ call: Call, _ state: inout State) -> Reply {
        let body = call.body
        guard let phone = body["phone"]?.stringValue.flatMap(PhoneNumber.normalize) else {
            return Self.bookingError(431, "Неверный формат номера телефона")
        }
        let name = body["fullname"]?.stringValue?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !name.isEmpty else { return Self.bookingError(435, "Не указано имя клиента") }
        let appointments: [(id: JSONValue, staff: Int, services: [Int], start: Date, length: Int)]
        switch resolve(body["appointments"], state) {
        case .failure(let failure): return failure.reply
        case .success(let resolved): appointments = resolved
        }
        let client = upsertClient(&state, phone: phone, name: name, email: body["email"]?.stringValue ?? "")
        let apiID = body["api_id"]?.stringValue ?? body["api_id"]?.numberValue.map { String(Int($0)) } ?? ""
        let made: [JSONValue] = appointments.map { appointment in
            let record = addRecord(&state, staffID: appointment.staff, services: appointment.services, clientID: client.id,
                                   start: appointment.start, length: appointment.length, comment: body["comment"]?.stringValue ?? "",
                                   apiID: apiID, online: true)
            return ["id": appointment.id, "record_id": .number(Double(record.id)), "record_hash": .string(record.hash)]
        }
        return Self.ok(201, .array(made), wrote: true)
    }

    /// Filters: `staff_id`, `client_id`, `start_date`/`end_date` (the visit's day), `c_start_date`/`c_end_date` (the
    /// day it was made), `changed_after`, `with_deleted`; pages of `count` (at most 200); `meta.page`, `total_count`.
    func listRecords(_ call: Call, _ state: State) -> Reply {
        let query = call.query
        func day(_ name: String) -> String? { query[name]?.first.flatMap { $0.isEmpty ? nil : String($0.prefix(10)) } }
        let changedAfter = query["changed_after"]?.first.flatMap(parseTime)
        let withDeleted = query["with_deleted"]?.first == "1" || query["with_deleted"]?.first == "true"
        let rows = state.records.filter { record in
            (withDeleted || !record.deleted)
                && (call.int("staff_id").map { $0 == record.staffID } ?? true)
                && (call.int("client_id").map { $0 == record.clientID } ?? true)
                && (day("start_date").map { dayText(record.start) >= $0 } ?? true)
                && (day("end_date").map { dayText(record.start) <= $0 } ?? true)
                && (day("c_start_date").map { dayText(record.created) >= $0 } ?? true)
                && (day("c_end_date").map { dayText(record.created) <= $0 } ?? true)
                && (changedAfter.map { record.changed > $0 } ?? true)
        }
        let count = min(200, max(1, call.int("count") ?? 25))
        let page = max(1, call.int("page") ?? 1)
        let shown = rows.dropFirst((page - 1) * count).prefix(count).map { render($0, clients: state.clients) }
        return Self.ok(200, .array(Array(shown)), meta: ["page": .number(Double(page)), "total_count": .number(Double(rows.count))])
    }

    func readRecord(_ call: Call, _ state: State) -> Reply {
        guard let record = state.records.first(where: { $0.id == call.int("record") && !$0.deleted }) else { return Self.notFound() }
        return Self.ok(200, render(record, clients: state.clients))
    }

    /// `PUT /record`: staff, time, length, comment, attendance, services; `save_if_busy: false` refuses a taken time.
    func updateRecord(_ call: Call, _ state: inout State) -> Reply {
        guard let index = state.records.firstIndex(where: { $0.id == call.int("record") && !$0.deleted }) else { return Self.notFound() }
        var record = state.records[index]
        let body = call.body
        if let staffID = body["staff_id"]?.numberValue { record.staffID = Int(staffID) }
        if let text = body["datetime"]?.stringValue {
            guard let start = parseTime(text) else { return Self.error(422, "Неверный формат даты", errors: ["datetime": ["Неверный формат"]]) }
            record.start = start
        }
        if let length = body["seance_length"]?.numberValue { record.length = Int(length) }
        if let comment = body["comment"]?.stringValue { record.comment = comment }
        if let attendance = body["attendance"]?.numberValue { record.attendance = Int(attendance) }
        if let services = body["services"]?.arrayValue {
            record.services = services.compactMap { ($0["id"] ?? $0).numberValue.map { Int($0) } }
        }
        if body["save_if_busy"]?.boolValue == false {
            var others = state
            others.records.remove(at: index)
            guard isFree(staffID: record.staffID, start: record.start, length: record.length, state: others) else {
                return Self.error(422, "Выбранное время уже занято")
            }
        }
        record.changed = now()
        state.records[index] = record
        return Self.ok(200, render(record, clients: state.clients), wrote: true)
    }

    /// 204 with an empty body; a record already deleted is 404 `Не найдено`.
    func deleteRecord(_ call: Call, _ state: inout State) -> Reply {
        guard let index = state.records.firstIndex(where: { $0.id == call.int("record") && !$0.deleted }) else { return Self.notFound() }
        state.records[index].deleted = true
        state.records[index].changed = now()
        return Reply(status: 204, body: .none, wrote: true)
    }

    /// `quick_search` matches a part of the phone's digits or of the name (fuzzy, as YCLIENTS's); `page_size` ≤ 200.
    func searchClients(_ call: Call, _ state: State) -> Reply {
        let body = call.body
        let pageSize = body["page_size"]?.numberValue.map { Int($0) } ?? 25
        guard (1...200).contains(pageSize) else {
            return Self.error(400, "Ошибка валидации", errors: ["page_size": ["Значение должно быть не больше 200"]])
        }
        var rows = state.clients
        for filter in body["filters"]?.arrayValue ?? [] {
            guard filter["type"]?.stringValue == "quick_search" else {
                return Self.error(400, "Ошибка валидации", errors: ["filters": ["Неизвестный тип фильтра"]])
            }
            let value = filter["state"]?["value"]?.stringValue ?? ""
            let digits = value.filter(\.isNumber)
            rows = rows.filter { client in
                (digits.count >= 4 && client.phone.filter(\.isNumber).contains(digits.count > 10 ? String(digits.suffix(10)) : digits))
                    || (!value.isEmpty && client.name.lowercased().contains(value.lowercased()))
            }
        }
        let page = max(1, body["page"]?.numberValue.map { Int($0) } ?? 1)
        let fields = Set((body["fields"]?.arrayValue ?? []).compactMap(\.stringValue))
        let shown: [JSONValue] = rows.dropFirst((page - 1) * pageSize).prefix(pageSize).map { client in
            guard !fields.isEmpty, let object = render(client).objectValue else { return render(client) }
            return .object(object.filter { fields.contains($0.key) })
        }
        return Self.ok(200, .array(shown), meta: ["page": .number(Double(page)), "total_count": .number(Double(rows.count))])
    }

    /// 201 with the client; `name` and `phone` are required (422 with `meta.errors` by field).
    func createClient(_ call: Call, _ state: inout State) -> Reply {
        let body = call.body
        let name = body["name"]?.stringValue ?? ""
        guard !name.isEmpty else { return Self.error(422, "Ошибка валидации", errors: ["name": ["Обязательное поле"]]) }
        guard let phone = body["phone"]?.stringValue.flatMap(PhoneNumber.normalize) else {
            return Self.error(422, "Ошибка валидации", errors: ["phone": ["Неверный формат номера телефона"]])
        }
        state.nextClient += 1
        let client = Client(id: state.nextClient, name: name, phone: "+" + phone, email: body["email"]?.stringValue ?? "",
                            comment: body["comment"]?.stringValue ?? "")
        state.clients.append(client)
        return Self.ok(201, render(client), wrote: true)
    }

    func updateClient(_ call: Call, _ state: inout State) -> Reply {
        guard let index = state.clients.firstIndex(where: { $0.id == call.int("client") }) else { return Self.notFound() }
        let body = call.body
        guard let name = body["name"]?.stringValue, !name.isEmpty, let phone = body["phone"]?.stringValue.flatMap(PhoneNumber.normalize) else {
            return Self.error(422, "Ошибка валидации", errors: ["name": ["Обязательное поле"], "phone": ["Обязательное поле"]])
        }
        state.clients[index].name = name
        state.clients[index].phone = "+" + phone
        if let email = body["email"]?.stringValue { state.clients[index].email = email }
        if let comment = body["comment"]?.stringValue { state.clients[index].comment = comment }
        return Self.ok(200, render(state.clients[index]), wrote: true)
    }
}
