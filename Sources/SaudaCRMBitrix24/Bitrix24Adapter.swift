import AsyncHTTPClient
import Foundation
import Logging
import SaudaCRM
import SaudaCore

/// Bitrix24 through a portal's inbound webhook (scope `crm`): customers are contacts, leads are leads, notes are
/// timeline comments. Every contact and lead Sauda makes carries `ORIGINATOR_ID = "sauda"` and `ORIGIN_ID = <the
/// idempotency key>`, so ``reconcile(_:)`` finds a write whose answer was lost (`crm.lead.list`, then
/// `crm.contact.list`, filtered on them) and ``upsertLead(_:customer:key:)`` updates the lead a retry finds instead of
/// adding a second one.
///
/// Errors are mapped as the reference says: 503 `QUERY_LIMIT_EXCEEDED` is `rateLimited` (1 s, doubling per refusal in
/// a row, kept here), 429 `OPERATION_TIME_LIMIT` is `rateLimited` until `operating_reset_at`, auth and plan errors are
/// `notConfigured`, 400 is `refused(.invalidInput)`, "Not found" is `refused(.notFound)`, 5xx and a lost answer are
/// `retryable` (with `outcomeUnknown` for writes). The webhook URL is logged only masked.
public struct Bitrix24Adapter: CRMAdapter {
    /// The `ORIGINATOR_ID` of every record Sauda makes.
    public static let originator = "sauda"

    let client: Bitrix24Client
    /// The outbound webhook's `application_token` (`CRM_SETTINGS`), which ``parseWebhook(_:)`` requires; `nil`: events
    /// are not read.
    var applicationToken: String?
    /// Whether the portal's online-booking module books for the business (`CRM_SETTINGS` `booking`: `true`): free slots,
    /// bookings and cancellations (scope `booking`).
    public var bookingEnabled = false

    /// Creates an adapter for the portal in `settings`.
    /// - Parameters:
    ///   - timeout: the longest a call may take (a cloud call may run 60 s).
    ///   - now: the wall clock, to turn `operating_reset_at` into a wait.
    public init(settings: Bitrix24Settings, httpClient: HTTPClient, logger: Logger = Logger(label: "sauda.crm.bitrix24"),
                timeout: Duration = .seconds(65), now: @escaping @Sendable () -> Date = { Date() }) {
        client = Bitrix24Client(settings: settings, http: httpClient, logger: logger, timeout: timeout, now: now)
    }

    public var capabilities: Set<CRMCapability> {
        var capabilities: Set<CRMCapability> = [.findCustomer, .upsertCustomer, .upsertLead, .addNote]
        if applicationToken != nil { capabilities.insert(.receiveEvents) }
        if bookingEnabled { capabilities.formUnion([.listStaff, .findSlots, .book, .cancelBooking]) }
        return capabilities
    }

    /// Calls `profile` (it needs no scope): the portal's host and what the adapter can do there.
    public func checkConnection() async throws(CRMError) -> CRMAccountInfo {
        let answer = try await client.call("profile", [:], write: false)
        guard answer["result"]?.objectValue != nil else {
            throw .retryable(reason: "Bitrix24 profile: an answer without a user", outcomeUnknown: false)
        }
        let host = URL(string: client.settings.webhookURL)?.host ?? client.settings.maskedURL
        return CRMAccountInfo(name: host, capabilities: capabilities)
    }

    public func findCustomer(phone: String) async throws(CRMError) -> CRMCustomer? {
        guard let wanted = PhoneNumber.normalize(phone) else { throw .refused(.invalidInput, reason: "not a phone number: \(phone)") }
        let answer = try await client.call("crm.duplicate.findbycomm",
                                           ["type": "PHONE", "values": [.string(PhoneNumber.international(wanted))], "entity_type": "CONTACT"],
                                           write: false)
        // No match is `[]`, an array; a match is `{"CONTACT": [ids]}`.
        let ids = (answer["result"]?["CONTACT"]?.arrayValue ?? []).compactMap(Self.id)
        for id in ids.prefix(5) {
            let contact: JSONValue
            do throws(CRMError) {
                contact = try await client.call("crm.contact.get", ["id": .string(id)], write: false)["result"] ?? .null
            } catch .refused(.notFound, _) {
                continue
            }
            let customer = Self.customer(contact, id: id)
            if customer.phones.contains(where: { PhoneNumber.normalize($0) == wanted }) { return customer }
        }
        return nil
    }

    public func upsertCustomer(_ customer: CustomerDraft, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        var fields: [String: JSONValue] = [:]
        if let name = customer.name, !name.isEmpty { fields["NAME"] = .string(name) }
        let existing: CRMCustomer?
        if let byKey = try await find("crm.contact.list", key: key) {
            let record = try await client.call("crm.contact.get", ["id": .string(byKey)], write: false)["result"] ?? .null
            existing = Self.customer(record, id: byKey)
        } else {
            existing = try await findCustomer(phone: customer.phone)
        }
        let phone = PhoneNumber.normalize(customer.phone).map(PhoneNumber.international) ?? customer.phone
        guard let existing else {
            fields["PHONE"] = [["VALUE": .string(phone), "VALUE_TYPE": "MOBILE"]]
            if let email = customer.email { fields["EMAIL"] = [["VALUE": .string(email), "VALUE_TYPE": "WORK"]] }
            fields["ORIGINATOR_ID"] = .string(Self.originator)
            fields["ORIGIN_ID"] = .string(key.value)
            fields["SOURCE_ID"] = "OTHER"
            let answer = try await client.call("crm.contact.add", ["fields": .object(fields), "params": ["REGISTER_SONET_EVENT": "Y"]], write: true)
            return try Self.ref("contact", answer)
        }
        // An item without `ID` is appended on update: send a phone or e-mail only when the contact lacks it.
        if !existing.phones.contains(where: { PhoneNumber.normalize($0) == PhoneNumber.normalize(phone) }) {
            fields["PHONE"] = [["VALUE": .string(phone), "VALUE_TYPE": "MOBILE"]]
        }
        if let email = customer.email, existing.email?.lowercased() != email.lowercased() {
            fields["EMAIL"] = [["VALUE": .string(email), "VALUE_TYPE": "WORK"]]
        }
        if !fields.isEmpty {
            _ = try await client.call("crm.contact.update", ["id": .string(existing.ref.id), "fields": .object(fields)], write: true)
        }
        return existing.ref
    }

    public func upsertLead(_ lead: LeadDraft, customer: CRMRef?, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        var fields: [String: JSONValue] = [
            "TITLE": .string(lead.title), "SOURCE_DESCRIPTION": .string("Sauda / \(lead.channel)"),
            "COMMENTS": .string(Self.comments(lead)),
        ]
        if let name = lead.customerName, !name.isEmpty { fields["NAME"] = .string(name) }
        if let customer, customer.kind == "contact" { fields["CONTACT_ID"] = .string(customer.id) }
        if let existing = try await find("crm.lead.list", key: key) {
            // The phone is left out: without an item `ID` it would be appended a second time.
            _ = try await client.call("crm.lead.update", ["id": .string(existing), "fields": .object(fields)], write: true)
            return CRMRef(kind: "lead", id: existing)
        }
        fields["STATUS_ID"] = "NEW"
        fields["SOURCE_ID"] = "OTHER"
        fields["OPENED"] = "Y"
        let phone = PhoneNumber.normalize(lead.phone).map(PhoneNumber.international) ?? lead.phone
        fields["PHONE"] = [["VALUE": .string(phone), "VALUE_TYPE": "MOBILE"]]
        fields["ORIGINATOR_ID"] = .string(Self.originator)
        fields["ORIGIN_ID"] = .string(key.value)
        let answer = try await client.call("crm.lead.add", ["fields": .object(fields), "params": ["REGISTER_SONET_EVENT": "Y"]], write: true)
        return try Self.ref("lead", answer)
    }

    /// Adds a timeline comment (lowercase `fields`, as the method requires). Bitrix24 keeps no key on a comment, so a
    /// note whose answer was lost cannot be reconciled; the caller decides whether a second copy is worse than none.
    public func addNote(_ text: String, to record: CRMRef, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        guard ["lead", "contact", "deal", "company"].contains(record.kind) else {
            throw .refused(.invalidInput, reason: "Bitrix24 has no timeline for a \(record.kind)")
        }
        let answer = try await client.call("crm.timeline.comment.add",
                                           ["fields": ["ENTITY_ID": .string(record.id), "ENTITY_TYPE": .string(record.kind), "COMMENT": .string(text)]],
                                           write: true)
        return try Self.ref("comment", answer)
    }

    /// The booking (a key of a booking), the lead, or else the contact, Sauda wrote with this key.
    public func reconcile(_ key: IdempotencyKey) async throws(CRMError) -> CRMRef? {
        if bookingEnabled, let booking = try await findBooking(key) { return booking }
        if let lead = try await find("crm.lead.list", key: key) { return CRMRef(kind: "lead", id: lead) }
        if let contact = try await find("crm.contact.list", key: key) { return CRMRef(kind: "contact", id: contact) }
        return nil
    }
}
