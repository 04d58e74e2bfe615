import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SaudaCRM
import SaudaCore

/// YCLIENTS (and its international edition Altegio) as Sauda's CRM: customers are the branch's clients, bookings are
/// records made through the online-booking flow (`book_services`/`book_staff`/`book_dates`/`book_times` →
/// `book_check` → `book_record`, as the widget does), notes go to a record's or a client's comment.
///
/// YCLIENTS has no leads: ``upsertLead(_:customer:key:)`` is not supported (write the customer with
/// ``upsertCustomer(_:key:)`` and the summary with ``addNote(_:to:key:)`` on the client instead). YCLIENTS has no
/// idempotency key either: every booking carries `api_id = <the key>`, and ``reconcile(_:)`` looks for it among the
/// records created in the last days (the records list cannot be filtered by `api_id`).
///
/// Errors are mapped as the reference says: 433/436/437 `refused(.slotUnavailable)`, 431/432/435/438
/// `refused(.invalidInput)`, 434 `refused(.blocked)`, 401/402/403 `notConfigured`, 404 `refused(.notFound)`, 429
/// `rateLimited` (`Retry-After`, else 1 s), 5xx and a lost answer `retryable` (`outcomeUnknown` for writes).
public struct YclientsAdapter: CRMAdapter {
    /// The branch and the tokens.
    public let settings: YclientsSettings
    let client: YclientsClient
    /// How many days back ``reconcile(_:)`` looks at created records.
    let reconcileDays: Int

    /// Creates an adapter.
    /// - Parameters:
    ///   - pacer: the limiter of calls per IP address; the process's one unless a test wants its own.
    ///   - timeout: the longest a call may take.
    public init(settings: YclientsSettings, client: HTTPClient = .shared, pacer: YclientsPacer = .shared,
                timeout: TimeAmount = .seconds(30), logger: Logger = Logger(label: "sauda.crm.yclients"), reconcileDays: Int = 3) {
        self.settings = settings
        self.client = YclientsClient(settings: settings, http: client, pacer: pacer, timeout: timeout, logger: logger)
        self.reconcileDays = max(1, reconcileDays)
    }

    /// Creates an adapter from a connection's configuration (see ``YclientsSettings/init(config:)``).
    public init(config: CRMConnectionConfig, client: HTTPClient = .shared, pacer: YclientsPacer = .shared,
                timeout: TimeAmount = .seconds(30), logger: Logger = Logger(label: "sauda.crm.yclients")) throws(CRMError) {
        self.init(settings: try YclientsSettings(config: config), client: client, pacer: pacer, timeout: timeout, logger: logger)
    }

    /// Everything but leads and lead stages.
    public var capabilities: Set<CRMCapability> {
        [.findCustomer, .upsertCustomer, .addNote, .listServices, .listStaff, .findSlots, .book, .cancelBooking, .receiveEvents]
    }

    var companyID: String { settings.companyID }

    /// Reads the branch (`GET /company/{id}`, partner token) and one page of one record (user token): both tokens work.
    public func checkConnection() async throws(CRMError) -> CRMAccountInfo {
        let company = try await client.call(.GET, "/company/\(companyID)", user: false, write: false)
        _ = try await client.call(.GET, "/records/\(companyID)", query: [("page", "1"), ("count", "1")], user: true, write: false)
        let title = company.data["title"]?.stringValue ?? "YCLIENTS \(companyID)"
        return CRMAccountInfo(name: title, capabilities: capabilities)
    }

    /// The client with this phone: `clients/search` with `quick_search` (fuzzy: phone, name or card), then each hit's
    /// own phone compared digit for digit.
    public func findCustomer(phone: String) async throws(CRMError) -> CRMCustomer? {
        guard let digits = PhoneNumber.normalize(phone) else { throw .refused(.invalidInput, reason: "not a phone number: \(phone)") }
        let body: JSONValue = [
            "page": 1, "page_size": 20, "fields": ["id", "name", "phone", "email"], "operation": "AND",
            "filters": [["type": "quick_search", "state": ["value": .string(digits)]]],
        ]
        let answer = try await client.call(.POST, "/company/\(companyID)/clients/search", body: body, user: true, write: false)
        for item in answer.data.arrayValue ?? [] {
            guard let itemPhone = item["phone"]?.stringValue, PhoneNumber.normalize(itemPhone) == digits,
                  let id = YclientsJSON.id(item["id"]) else { continue }
            return Self.customer(item, id: id)
        }
        return nil
    }

    /// The client with the draft's phone, or a new one (`POST /clients/{company}`). Clients have no key field: a
    /// create whose answer was lost is found again by its phone when the write is retried.
    public func upsertCustomer(_ customer: CustomerDraft, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        if let existing = try await findCustomer(phone: customer.phone) { return existing.ref }
        guard let digits = PhoneNumber.normalize(customer.phone) else {
            throw .refused(.invalidInput, reason: "not a phone number: \(customer.phone)")
        }
        var body: [String: JSONValue] = [
            "name": .string(customer.name.flatMap { $0.isEmpty ? nil : $0 } ?? "Клиент"), "phone": .string(digits),
            "comment": .string("Sauda [\(key.value)]"),
        ]
        if let email = customer.email { body["email"] = .string(email) }
        let answer = try await client.call(.POST, "/clients/\(companyID)", body: .object(body), user: true, write: true)
        guard let id = YclientsJSON.id(answer.data["id"]) else {
            throw .retryable(reason: "YCLIENTS created a client without an id", outcomeUnknown: true)
        }
        return CRMRef(kind: "client", id: id)
    }

    /// YCLIENTS has no leads.
    public func upsertLead(_ lead: LeadDraft, customer: CRMRef?, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        throw .unsupported(.upsertLead)
    }

    /// Appends `text` to a record's or a client's `comment`, marked `[key]`; a note whose marker is already there is
    /// not added again. YCLIENTS's updates take the whole object, so it is read first and written back.
    public func addNote(_ text: String, to record: CRMRef, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        let marker = "[\(key.value)]"
        switch record.kind {
        case "record":
            let current = try await client.call(.GET, "/record/\(companyID)/\(record.id)", user: true, write: false).data
            let comment = current["comment"]?.stringValue ?? ""
            guard !comment.contains(marker) else { return record }
            var body = Self.recordUpdate(current)
            body["comment"] = .string(comment.isEmpty ? "\(marker) \(text)" : "\(comment)\n\(marker) \(text)")
            _ = try await client.call(.PUT, "/record/\(companyID)/\(record.id)", body: .object(body), user: true, write: true)
            return record
        case "client":
            let current = try await client.call(.GET, "/client/\(companyID)/\(record.id)", user: true, write: false).data
            let comment = current["comment"]?.stringValue ?? ""
            guard !comment.contains(marker) else { return record }
            var body: [String: JSONValue] = [
                "name": current["name"] ?? "", "phone": .string(PhoneNumber.normalize(current["phone"]?.stringValue ?? "") ?? ""),
            ]
            if let email = current["email"]?.stringValue, !email.isEmpty { body["email"] = .string(email) }
            body["comment"] = .string(comment.isEmpty ? "\(marker) \(text)" : "\(comment)\n\(marker) \(text)")
            _ = try await client.call(.PUT, "/client/\(companyID)/\(record.id)", body: .object(body), user: true, write: true)
            return record
        default:
            throw .refused(.invalidInput, reason: "YCLIENTS keeps notes on a record or a client, not on a \(record.kind)")
        }
    }

    /// The record whose `api_id` is the key, among those created in the last ``reconcileDays`` days (at most 5 pages
    /// of 200). YCLIENTS cannot filter the records list by `api_id`, so it is compared here.
    public func reconcile(_ key: IdempotencyKey) async throws(CRMError) -> CRMRef? {
        let zone = settings.timeZone ?? TimeZone(secondsFromGMT: 0) ?? .current
        let from = YclientsJSON.day(Date().addingTimeInterval(-Double(reconcileDays) * 86_400), zone: zone)
        let until = YclientsJSON.day(Date().addingTimeInterval(86_400), zone: zone)
        for page in 1...5 {
            let answer = try await client.call(.GET, "/records/\(companyID)", query: [
                ("page", String(page)), ("count", "200"), ("c_start_date", from), ("c_end_date", until),
            ], user: true, write: false)
            let items = answer.data.arrayValue ?? []
            if let found = items.first(where: { YclientsJSON.id($0["api_id"]) == key.value }), let id = YclientsJSON.id(found["id"]) {
                return CRMRef(kind: "record", id: id)
            }
            let total = answer.meta["total_count"].flatMap(YclientsJSON.int) ?? 0
            if items.count < 200 || page * 200 >= total { break }
        }
        return nil
    }

    /// A client as `clients/search` or `GET /client` gives it.
    static func customer(_ item: JSONValue, id: String) -> CRMCustomer {
        let phones = [item["phone"]?.stringValue].compactMap { $0 }.filter { !$0.isEmpty }
            .map { PhoneNumber.normalize($0).map(PhoneNumber.international) ?? $0 }
        let name = item["name"]?.stringValue
        let email = item["email"]?.stringValue
        return CRMCustomer(ref: CRMRef(kind: "client", id: id), name: name?.isEmpty == true ? nil : name, phones: phones,
                           email: email?.isEmpty == true ? nil : email)
    }

    /// The body of `PUT /record` that keeps a record as it is (staff, services, client, time, length).
    static func recordUpdate(_ record: JSONValue) -> [String: JSONValue] {
        var body: [String: JSONValue] = ["save_if_busy": true, "send_sms": false]
        for field in ["staff_id", "datetime", "seance_length", "attendance", "api_id"] {
            if let value = record[field], value != .null { body[field] = value }
        }
        var services: [JSONValue] = []
        for service in record["services"]?.arrayValue ?? [] {
            guard let id = service["id"] else { continue }
            var kept: [String: JSONValue] = ["id": id]
            for field in ["first_cost", "discount", "cost"] { if let value = service[field] { kept[field] = value } }
            services.append(.object(kept))
        }
        body["services"] = .array(services)
        if let client = record["client"], client != .null {
            var kept: [String: JSONValue] = [:]
            for field in ["phone", "name", "email"] { if let value = client[field] { kept[field] = value } }
            body["client"] = .object(kept)
        }
        return body
    }
}
