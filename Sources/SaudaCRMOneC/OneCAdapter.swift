import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SaudaCRM
import SaudaCore

/// 1C:Enterprise through its standard OData interface (`…/odata/standard.odata`, HTTP Basic, `$format=json`):
/// customers are records of the counterparty catalog, leads are records of a configurable object (a document by
/// default), notes are appended to a text property. 1C has no idempotency, so every record Sauda writes carries a
/// marker `[sauda:<key>]` in its key property (`Комментарий` unless mapped otherwise); ``reconcile(_:)`` looks it up
/// with `substringof`, and a write repeated with the same key updates (`PATCH …(guid'…')`) the record it finds.
///
/// Errors: 401/403 and an unpublished object are `notConfigured`, 400 is `refused(.invalidInput)` (or `notConfigured`
/// when it speaks of rights), 404 on a record is `refused(.notFound)`, 5xx and a lost answer are `retryable` (with
/// `outcomeUnknown` for writes). The password is never logged; the OData URL holds no secret.
public struct OneCAdapter: CRMAdapter {
    /// Where the infobase and its objects are.
    public let settings: OneCSettings
    /// Where Sauda's fields go.
    public let mapping: OneCFieldMapping
    let authorization: String
    let client: HTTPClient
    let timeout: TimeAmount
    let logger: Logger

    /// Creates an adapter that signs in as `user` with `password` (never logged).
    public init(settings: OneCSettings, user: String, password: String, mapping: OneCFieldMapping? = nil, client: HTTPClient = .shared,
                timeout: TimeAmount = .seconds(30), logger: Logger = Logger(label: "sauda.crm.onec")) {
        self.settings = settings
        self.mapping = mapping ?? OneCFieldMapping(leadIsDocument: settings.leadIsDocument)
        authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        self.client = client
        self.timeout = timeout
        self.logger = logger
    }

    /// Writing customers and leads and notes on them, and finding customers when the phone has a property.
    public var capabilities: Set<CRMCapability> {
        mapping.property("phone") == nil ? [.upsertCustomer, .upsertLead, .addNote] : [.findCustomer, .upsertCustomer, .upsertLead, .addNote]
    }

    /// Reads the service document: the credentials open the infobase, and both objects are published.
    public func checkConnection() async throws(CRMError) -> CRMAccountInfo {
        let document = try await send(OneCCall(method: .GET))
        let published = Set((document["value"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue ?? $0["url"]?.stringValue })
        for (object, setting) in [(settings.customerObject, "customer_object"), (settings.leadObject, "lead_object")]
        where !published.contains(object) {
            throw .notConfigured(reason: "1C: \(object) (CRM_SETTINGS \(setting)) is not published in the standard OData interface")
        }
        return CRMAccountInfo(name: settings.displayName, capabilities: capabilities)
    }

    /// The counterparty whose phone property equals this number in one of its usual spellings, re-verified.
    public func findCustomer(phone: String) async throws(CRMError) -> CRMCustomer? {
        guard let digits = PhoneNumber.normalize(phone) else { throw .refused(.invalidInput, reason: "not a phone number: \(phone)") }
        guard let property = mapping.property("phone") else { throw .unsupported(.findCustomer) }
        let spellings = Self.spellings(digits).map { "\(property) eq \(Self.literal($0))" }.joined(separator: " or ")
        let rows = try await list(settings.customerObject, filter: "(\(spellings)) and DeletionMark eq false", top: 20)
        return rows.lazy.compactMap { customer(from: $0, digits: digits) }.first
    }

    /// Updates the counterparty written earlier with this key, or the one with this phone (whose name, when it has one,
    /// is kept); else creates one.
    public func upsertCustomer(_ customer: CustomerDraft, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        let object = settings.customerObject
        let phone = PhoneNumber.normalize(customer.phone).map { "+\($0)" } ?? customer.phone
        var existing = try await find(object, key: key, keyField: "key")
        let foundByKey = existing != nil
        if existing == nil, let digits = PhoneNumber.normalize(customer.phone), let property = mapping.property("phone") {
            let spellings = Self.spellings(digits).map { "\(property) eq \(Self.literal($0))" }.joined(separator: " or ")
            let rows = try await list(object, filter: "(\(spellings)) and DeletionMark eq false", top: 20)
            existing = rows.first { self.customer(from: $0, digits: digits) != nil }
        }
        var fields: [String: JSONValue] = [:]
        var lines: [String] = []
        put(customer.name, "name", into: &fields, lines: &lines)
        put(phone, "phone", into: &fields, lines: &lines)
        put(customer.email, "email", into: &fields, lines: &lines)
        let marker = Self.marker(key)
        guard let keyProperty = mapping.property("key") else { throw .notConfigured(reason: "the field mapping has no key property (key)") }
        if let existing, let id = existing["Ref_Key"]?.stringValue {
            // A counterparty someone keeps in 1C (found by its phone) keeps its name; one Sauda made takes the new one.
            if !foundByKey, let property = mapping.property("name"), !(existing[property]?.stringValue ?? "").isEmpty {
                fields[property] = nil
            }
            let comment = existing[keyProperty]?.stringValue ?? ""
            if !comment.contains(marker) { fields[keyProperty] = .string(comment.isEmpty ? marker : "\(comment)\n\(marker)") }
            _ = try await send(OneCCall(method: .PATCH, object: object, key: id, body: .object(fields)))
            return CRMRef(kind: object, id: id)
        }
        fields[keyProperty] = .string((["Sauda"] + lines + [marker]).joined(separator: "\n"))
        return try await create(object, fields)
    }

    /// Updates the lead written earlier with this key (its notes kept), else creates it.
    public func upsertLead(_ lead: LeadDraft, customer: CRMRef?, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        let object = settings.leadObject
        guard let keyProperty = mapping.property("lead.key") else { throw .notConfigured(reason: "the field mapping has no key property (lead.key)") }
        var fields: [String: JSONValue] = [:]
        var lines: [String] = []
        put(lead.title, "lead.title", into: &fields, lines: &lines)
        put(lead.customerName, "lead.name", into: &fields, lines: &lines)
        put(PhoneNumber.normalize(lead.phone).map { "+\($0)" } ?? lead.phone, "lead.phone", into: &fields, lines: &lines)
        put(lead.channel, "lead.channel", into: &fields, lines: &lines)
        put(lead.stage, "lead.stage", into: &fields, lines: &lines)
        for (name, value) in lead.details.sorted(by: { $0.key < $1.key }) { put(value, "lead.\(name)", into: &fields, lines: &lines) }
        if let customer, customer.kind == settings.customerObject, let property = mapping.property("lead.customer") {
            fields[property] = .string(customer.id)
        }
        var summary: [String] = []
        if !lead.summary.isEmpty {
            if let property = mapping.property("lead.summary") { fields[property] = .string(lead.summary) } else { summary = [lead.summary] }
        }
        let marker = Self.marker(key)
        let generated = (["Sauda"] + lines + summary + [marker]).joined(separator: "\n")
        if let existing = try await find(object, key: key, keyField: "lead.key"), let id = existing["Ref_Key"]?.stringValue {
            // What followed the marker (the notes added since) stays.
            let comment = existing[keyProperty]?.stringValue ?? ""
            let after = comment.range(of: marker).map { String(comment[$0.upperBound...]) } ?? ""
            fields[keyProperty] = .string(generated + after)
            _ = try await send(OneCCall(method: .PATCH, object: object, key: id, body: .object(fields)))
            return CRMRef(kind: object, id: id)
        }
        if let property = mapping.property("lead.date") { fields[property] = .string(naive(lead.createdAt)) }
        fields[keyProperty] = .string(generated)
        return try await create(object, fields)
    }

    /// Appends `[<key>] text` to the record's key property; a note whose key is already there is not added again.
    public func addNote(_ text: String, to record: CRMRef, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        let field = record.kind == settings.leadObject ? "lead.key" : "key"
        guard let property = mapping.property(field) else { throw .notConfigured(reason: "the field mapping has no key property (\(field))") }
        try OneCSettings.checkObjectName(record.kind)
        let row = try await send(OneCCall(method: .GET, object: record.kind, key: record.id, query: [("$select", "Ref_Key,\(property)")]))
        let existing = row[property]?.stringValue ?? ""
        let marker = "[\(key.value)]"
        guard !existing.contains(marker) else { return record }
        let comment = existing.isEmpty ? "\(marker) \(text)" : "\(existing)\n\(marker) \(text)"
        _ = try await send(OneCCall(method: .PATCH, object: record.kind, key: record.id, body: [property: .string(comment)]))
        return record
    }

    /// The lead, or else the counterparty, whose key property holds this key's marker.
    public func reconcile(_ key: IdempotencyKey) async throws(CRMError) -> CRMRef? {
        for (object, field) in [(settings.leadObject, "lead.key"), (settings.customerObject, "key")] {
            if let row = try await find(object, key: key, keyField: field), let id = row["Ref_Key"]?.stringValue {
                return CRMRef(kind: object, id: id)
            }
        }
        return nil
    }
}
