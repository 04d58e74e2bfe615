import Foundation
import NIOHTTP1
import SaudaCRM
import SaudaCore

extension OneCAdapter {
    /// The marker a record Sauda wrote with `key` carries in its key property.
    static func marker(_ key: IdempotencyKey) -> String { "[sauda:\(key.value)]" }

    /// How a phone is usually typed into 1C: `+77011234567`, `77011234567`, `87011234567`, `+7 701 123 45 67`,
    /// `+7 (701) 123-45-67`, `8 (701) 123-45-67` (the last four for 11-digit numbers starting with 7 only).
    static func spellings(_ digits: String) -> [String] {
        var spellings = ["+\(digits)", digits]
        guard digits.count == 11, digits.hasPrefix("7") else { return spellings }
        let d = Array(digits)
        let code = String(d[1...3]), a = String(d[4...6]), b = String(d[7...8]), c = String(d[9...10])
        spellings += ["8\(digits.dropFirst())", "+7 \(code) \(a) \(b) \(c)", "+7 (\(code)) \(a)-\(b)-\(c)", "8 (\(code)) \(a)-\(b)-\(c)"]
        return spellings
    }

    /// The records of `object` matching `filter`, at most `top`.
    func list(_ object: String, filter: String, top: Int) async throws(CRMError) -> [JSONValue] {
        let answer = try await send(OneCCall(method: .GET, object: object, query: [("$filter", filter), ("$top", String(top))]))
        guard let rows = answer["value"]?.arrayValue else {
            throw .retryable(reason: "1C \(object): a list answer without value", outcomeUnknown: false)
        }
        return rows
    }

    /// The record of `object` whose key property (`keyField`'s) holds `key`'s marker, not marked for deletion.
    func find(_ object: String, key: IdempotencyKey, keyField: String) async throws(CRMError) -> JSONValue? {
        guard let property = mapping.property(keyField) else { throw .notConfigured(reason: "the field mapping has no key property (\(keyField))") }
        let filter = "substringof(\(Self.literal(Self.marker(key))), \(property)) and DeletionMark eq false"
        return try await list(object, filter: filter, top: 1).first
    }

    /// Creates a record and returns its reference (`Ref_Key` of the answer).
    func create(_ object: String, _ fields: [String: JSONValue]) async throws(CRMError) -> CRMRef {
        let answer = try await send(OneCCall(method: .POST, object: object, body: .object(fields)))
        guard let id = answer["Ref_Key"]?.stringValue else {
            throw .retryable(reason: "1C \(object): the created record's answer has no Ref_Key", outcomeUnknown: true)
        }
        return CRMRef(kind: object, id: id)
    }

    /// Puts a value into its mapped property, or else as a `field: value` line for the key property.
    func put(_ value: String?, _ field: String, into fields: inout [String: JSONValue], lines: inout [String]) {
        guard let value, !value.isEmpty else { return }
        if let property = mapping.property(field) {
            fields[property] = .string(value)
        } else {
            let name = field.hasPrefix("lead.") ? String(field.dropFirst(5)) : field
            lines.append("\(name): \(value)")
        }
    }

    /// The customer a record holds, when its phone property normalises to `digits` (the search's answer re-verified).
    func customer(from row: JSONValue, digits: String) -> CRMCustomer? {
        guard let id = row["Ref_Key"]?.stringValue, let property = mapping.property("phone"),
              let phone = row[property]?.stringValue, PhoneNumber.normalize(phone) == digits else { return nil }
        let name = mapping.property("name").flatMap { row[$0]?.stringValue }.flatMap { $0.isEmpty ? nil : $0 }
        let email = mapping.property("email").flatMap { row[$0]?.stringValue }.flatMap { $0.isEmpty ? nil : $0 }
        return CRMCustomer(ref: CRMRef(kind: settings.customerObject, id: id), name: name, phones: ["+\(digits)"], email: email)
    }

    /// A date as 1C wants it: naive local time in the infobase's zone (`2024-05-01T10:00:00`).
    func naive(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = settings.timeZone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: date)
    }
}

extension OneCSettings {
    /// Checks a record's kind (an object's name) before it goes into a URL.
    static func checkObjectName(_ name: String) throws(CRMError) {
        guard !name.isEmpty, !name.contains(where: { "/()?#&' ".contains($0) }) else {
            throw .refused(.invalidInput, reason: "not a 1C object's name: \(name)")
        }
    }
}
