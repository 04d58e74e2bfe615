import Foundation
import NIOHTTP1
import SaudaCRM
import SaudaCore

extension AirtableAdapter {
    /// Upserts one row merged on the key field, and returns it.
    func upsert(_ fields: [String: JSONValue], key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        var fields = fields
        fields[settings.keyField] = .string(key.value)
        let body: JSONValue = [
            "performUpsert": ["fieldsToMergeOn": [.string(settings.keyField)]],
            "records": [["fields": .object(fields)]],
            "typecast": .bool(typecast),
        ]
        let answer = try await send(AirtableCall(method: .PATCH, body: body))
        guard let id = answer["records"]?.arrayValue?.first?["id"]?.stringValue else {
            throw .retryable(reason: "Airtable's upsert answer has no record", outcomeUnknown: true)
        }
        return CRMRef(kind: "record", id: id)
    }

    /// The rows matching a formula, following `offset` pages up to `limit` rows.
    func list(formula: String, limit: Int) async throws(CRMError) -> [JSONValue] {
        var rows: [JSONValue] = []
        var offset: String?
        repeat {
            var query = [("filterByFormula", formula), ("pageSize", String(min(100, limit)))]
            if limit < 100 { query.append(("maxRecords", String(limit))) }
            if let offset { query.append(("offset", offset)) }
            let page = try await send(AirtableCall(method: .GET, query: query))
            rows += page["records"]?.arrayValue ?? []
            offset = page["offset"]?.stringValue
        } while offset != nil && rows.count < limit
        return Array(rows.prefix(limit))
    }

    /// The lead's cells: the mapped fields, the mapped details, and the unmapped details as lines after the summary.
    func leadFields(_ lead: LeadDraft) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        put(lead.customerName, "name", into: &fields)
        put(PhoneNumber.normalize(lead.phone).map { "+\($0)" } ?? lead.phone, "phone", into: &fields)
        put(lead.channel, "channel", into: &fields)
        put(lead.stage, "stage", into: &fields)
        put(lead.title, "title", into: &fields)
        var unmapped: [String] = []
        for (name, value) in lead.details.sorted(by: { $0.key < $1.key }) {
            if let column = mapping.column(name) { fields[column] = .string(value) } else { unmapped.append("\(name): \(value)") }
        }
        let summary = ([lead.summary].filter { !$0.isEmpty } + unmapped).joined(separator: "\n")
        put(summary.isEmpty ? nil : summary, "summary", into: &fields)
        return fields
    }

    /// Puts a value into its mapped column, if it has one and the value is there.
    func put(_ value: String?, _ field: String, into fields: inout [String: JSONValue]) {
        guard let value, let column = mapping.column(field) else { return }
        fields[column] = .string(value)
    }

    /// The customer a row holds, when its phone column normalises to `digits` (the search's answer re-verified).
    func customer(from row: JSONValue, digits: String) -> CRMCustomer? {
        guard let id = row["id"]?.stringValue, let phoneColumn = mapping.column("phone"),
              let phone = row["fields"]?[phoneColumn]?.stringValue, PhoneNumber.normalize(phone) == digits else { return nil }
        let name = mapping.column("name").flatMap { row["fields"]?[$0]?.stringValue }
        let email = mapping.column("email").flatMap { row["fields"]?[$0]?.stringValue }
        return CRMCustomer(ref: CRMRef(kind: "record", id: id), name: name, phones: ["+\(digits)"], email: email)
    }

    /// A formula's string literal: single quotes, with `\` and `'` escaped.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
