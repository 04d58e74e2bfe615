import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import SaudaCRM
import SaudaCore

/// Airtable as a CRM: customers and leads are rows of one table, written with Airtable's native upsert
/// (`PATCH` with `performUpsert.fieldsToMergeOn` = the key field), so a retried write updates the row it made instead
/// of adding another. Notes are appended to a notes column. Columns come from an ``AirtableFieldMapping``.
public struct AirtableAdapter: CRMAdapter {
    /// Where the table is.
    public let settings: AirtableSettings
    /// Where Sauda's fields go.
    public let mapping: AirtableFieldMapping
    /// Whether writes ask Airtable to convert text into the columns' types (and to add missing select options).
    public let typecast: Bool
    let token: String
    let client: HTTPClient
    let timeout: TimeAmount
    let logger: Logger

    /// Creates an adapter that calls Airtable with the personal access token `token` (never logged).
    public init(settings: AirtableSettings, token: String, mapping: AirtableFieldMapping = AirtableFieldMapping(), typecast: Bool = true,
                client: HTTPClient = .shared, timeout: TimeAmount = .seconds(30), logger: Logger = Logger(label: "sauda.crm.airtable")) {
        self.settings = settings
        self.token = token
        self.mapping = mapping
        self.typecast = typecast
        self.client = client
        self.timeout = timeout
        self.logger = logger
    }

    /// Finding and writing customers and leads, and notes on them.
    public var capabilities: Set<CRMCapability> { [.findCustomer, .upsertCustomer, .upsertLead, .addNote] }

    /// A lead's row carries its customer's name and phone: the sync writes no row of the customer's own.
    public var keepsCustomersApart: Bool { false }

    /// Lists at most one row of the table: the token, the base and the table all answer.
    public func checkConnection() async throws(CRMError) -> CRMAccountInfo {
        _ = try await send(AirtableCall(method: .GET, query: [("maxRecords", "1")]))
        return CRMAccountInfo(name: "Airtable \(settings.baseID)/\(settings.table)", capabilities: capabilities)
    }

    /// The first row whose phone column holds this number, re-verified: both sides normalised to digits.
    public func findCustomer(phone: String) async throws(CRMError) -> CRMCustomer? {
        guard let digits = PhoneNumber.normalize(phone) else { throw .refused(.invalidInput, reason: "not a phone number: \(phone)") }
        guard let phoneColumn = mapping.column("phone") else { throw .notConfigured(reason: "the field mapping has no phone column") }
        let rows = try await list(formula: "{\(phoneColumn)}=\(Self.quote("+\(digits)"))", limit: 100)
        for row in rows {
            if let customer = customer(from: row, digits: digits) { return customer }
        }
        return nil
    }

    /// Writes a customer's row, keyed on `key`.
    public func upsertCustomer(_ customer: CustomerDraft, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        var fields: [String: JSONValue] = [:]
        put(customer.name, "name", into: &fields)
        put(PhoneNumber.normalize(customer.phone).map { "+\($0)" } ?? customer.phone, "phone", into: &fields)
        put(customer.email, "email", into: &fields)
        return try await upsert(fields, key: key)
    }

    /// Writes a lead's row, keyed on `key` (`customer` is not used: the lead's row carries the customer's name and phone).
    public func upsertLead(_ lead: LeadDraft, customer: CRMRef?, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        try await upsert(leadFields(lead), key: key)
    }

    /// Appends `text` to the row's notes column, marked with the key; a note whose key is already there is not added again.
    public func addNote(_ text: String, to record: CRMRef, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        guard let notesColumn = mapping.column("notes") else { throw .notConfigured(reason: "the field mapping has no notes column") }
        let row = try await send(AirtableCall(method: .GET, record: record.id))
        let existing = row["fields"]?[notesColumn]?.stringValue ?? ""
        let marker = "[\(key.value)]"
        guard !existing.contains(marker) else { return record }
        let notes = existing.isEmpty ? "\(marker) \(text)" : "\(existing)\n\n\(marker) \(text)"
        let answer = try await send(AirtableCall(method: .PATCH, record: record.id,
                                                 body: ["fields": [notesColumn: .string(notes)], "typecast": .bool(typecast)]))
        return CRMRef(kind: "record", id: answer["id"]?.stringValue ?? record.id)
    }

    /// The row whose key field holds `key`, if a write made it.
    public func reconcile(_ key: IdempotencyKey) async throws(CRMError) -> CRMRef? {
        let rows = try await list(formula: "{\(settings.keyField)}=\(Self.quote(key.value))", limit: 1)
        return rows.first?["id"]?.stringValue.map { CRMRef(kind: "record", id: $0) }
    }
}
