import Foundation
import NIOHTTP1
import SaudaCRM
import SaudaCore

extension AmoAdapter {
    /// The most leads a page gives (amoCRM's limit).
    static let pageLimit = 250

    /// The contact whose `PHONE` field holds this number, from a full-text search by its last ten digits.
    func findContact(phone: String) async throws(CRMError) -> JSONValue? {
        guard let digits = PhoneNumber.normalize(phone) else { throw .refused(.invalidInput, reason: "not a phone number: \(phone)") }
        let answer = try await client.send(AmoCall(method: .GET, path: "/api/v4/contacts",
                                                   query: [("query", String(digits.suffix(10))), ("limit", "50")]))
        // 204 (no body) is an empty list.
        for contact in answer?["_embedded"]?["contacts"]?.arrayValue ?? [] {
            if Self.values(of: "PHONE", in: contact).contains(where: { PhoneNumber.normalize($0) == digits }) { return contact }
        }
        return nil
    }

    /// The id of the lead written with `key`: by `query=<key>` checked on the key field, or else among the most recent
    /// leads by the key's tag.
    func findLead(_ key: IdempotencyKey) async throws(CRMError) -> String? {
        if let field = settings.keyFieldID {
            let answer = try await client.send(AmoCall(method: .GET, path: "/api/v4/leads", query: [("query", key.value), ("limit", "50")]))
            let match = (answer?["_embedded"]?["leads"]?.arrayValue ?? []).first { lead in
                (lead["custom_fields_values"]?.arrayValue ?? []).contains { value in
                    Self.int(value["field_id"]) == field && (value["values"]?.arrayValue ?? []).contains { $0["value"]?.stringValue == key.value }
                }
            }
            return match.flatMap { Self.int($0["id"]) }.map(String.init)
        }
        let tag = Self.keyTag(key)
        let answer = try await client.send(AmoCall(method: .GET, path: "/api/v4/leads",
                                                   query: [("order[id]", "desc"), ("limit", String(Self.pageLimit))]))
        let match = (answer?["_embedded"]?["leads"]?.arrayValue ?? []).first { lead in
            (lead["_embedded"]?["tags"]?.arrayValue ?? []).contains { $0["name"]?.stringValue == tag }
        }
        return match.flatMap { Self.int($0["id"]) }.map(String.init)
    }

    /// A new contact: its name, its phone (`PHONE`, `WORK`) and e-mail, and the responsible user.
    func contactItem(name: String?, phone: String, email: String?) -> [String: JSONValue] {
        let number = PhoneNumber.normalize(phone).map(PhoneNumber.international) ?? phone
        var fields: [JSONValue] = [["field_code": "PHONE", "values": [["value": .string(number), "enum_code": "WORK"]]]]
        if let email, !email.isEmpty {
            fields.append(["field_code": "EMAIL", "values": [["value": .string(email), "enum_code": "WORK"]]])
        }
        let trimmed = name?.trimmingCharacters(in: .whitespaces) ?? ""
        var item: [String: JSONValue] = ["name": .string(trimmed.isEmpty ? number : trimmed), "custom_fields_values": .array(fields)]
        if let user = settings.responsibleUserID { item["responsible_user_id"] = .number(Double(user)) }
        return item
    }

    /// The lead's custom field values: the key field (when set) and each detail the field mapping places.
    func leadFields(_ lead: LeadDraft, key: IdempotencyKey) -> [JSONValue] {
        var fields: [JSONValue] = []
        if let field = settings.keyFieldID {
            fields.append(["field_id": .number(Double(field)), "values": [["value": .string(key.value)]]])
        }
        for (name, value) in lead.details.sorted(by: { $0.key < $1.key }) {
            guard let field = settings.detailFields[name], field != settings.keyFieldID else { continue }
            fields.append(["field_id": .number(Double(field)), "values": [["value": .string(value)]]])
        }
        return fields
    }

    /// A new lead's first note: the summary, the details no custom field holds, the channel and Sauda's stage.
    func summaryNote(_ lead: LeadDraft) -> String {
        let unmapped = lead.details.sorted { $0.key < $1.key }.filter { settings.detailFields[$0.key] == nil }.map { "\($0.key): \($0.value)" }
        let lines = [lead.summary].filter { !$0.isEmpty } + unmapped
        guard !lines.isEmpty else { return "" }
        return (lines + ["channel: \(lead.channel)", "stage: \(lead.stage)"]).joined(separator: "\n")
    }

    /// The tag that holds a lead's key when the settings name no key field.
    static func keyTag(_ key: IdempotencyKey) -> String { keyTagPrefix + key.value }

    /// A contact as the API gives it, as a customer.
    static func customer(_ contact: JSONValue) -> CRMCustomer {
        let id = int(contact["id"]).map(String.init) ?? ""
        let name = contact["name"]?.stringValue ?? [contact["first_name"]?.stringValue, contact["last_name"]?.stringValue]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let phones = values(of: "PHONE", in: contact).map { PhoneNumber.normalize($0).map(PhoneNumber.international) ?? $0 }
        return CRMCustomer(ref: CRMRef(kind: "contact", id: id), name: name.isEmpty ? nil : name, phones: phones,
                           email: values(of: "EMAIL", in: contact).first)
    }

    /// The values of a contact's field with this `field_code` (`PHONE`, `EMAIL`).
    static func values(of code: String, in entity: JSONValue) -> [String] {
        (entity["custom_fields_values"]?.arrayValue ?? []).filter { $0["field_code"]?.stringValue == code }
            .flatMap { $0["values"]?.arrayValue ?? [] }.compactMap { $0["value"]?.stringValue }
    }

    /// An id, whether given as a number or a string.
    static func int(_ value: JSONValue?) -> Int? {
        if let number = value?.numberValue { return Int(exactly: number) }
        return value?.stringValue.flatMap { Int($0) }
    }

    /// The record a create answered (`{"id": …}`).
    static func createdRef(_ kind: String, _ item: JSONValue?) throws(CRMError) -> CRMRef {
        guard let id = int(item?["id"]) else {
            throw .retryable(reason: "amoCRM answered a \(kind) create without an id", outcomeUnknown: true)
        }
        return CRMRef(kind: kind, id: String(id))
    }
}
