import SaudaCRM
import SaudaCore

extension Bitrix24Adapter {
    /// The id of the record Sauda wrote with `key`, by a `list` method filtered on `ORIGINATOR_ID` and `ORIGIN_ID`.
    func find(_ listMethod: String, key: IdempotencyKey) async throws(CRMError) -> String? {
        let answer = try await client.call(listMethod, [
            "filter": ["ORIGINATOR_ID": .string(Self.originator), "ORIGIN_ID": .string(key.value)],
            "select": ["ID"], "order": ["ID": "ASC"],
        ], write: false)
        return answer["result"]?.arrayValue?.first.flatMap { $0["ID"] }.flatMap(Self.id)
    }

    /// An id as a string, whether the API gave a number (`add`, `findbycomm`) or a string (`list`, `get`).
    static func id(_ value: JSONValue) -> String? {
        if let number = value.numberValue { return String(Int(number)) }
        return value.stringValue
    }

    /// The reference an `add` answered (`result: <id>`).
    static func ref(_ kind: String, _ answer: [String: JSONValue]) throws(CRMError) -> CRMRef {
        guard let id = answer["result"].flatMap(Self.id), !id.isEmpty else {
            throw .retryable(reason: "Bitrix24 answered an add without an id", outcomeUnknown: true)
        }
        return CRMRef(kind: kind, id: id)
    }

    /// A contact as `crm.contact.get` gives it.
    static func customer(_ record: JSONValue, id: String) -> CRMCustomer {
        let name = [record["NAME"]?.stringValue, record["LAST_NAME"]?.stringValue].compactMap { $0 }.filter { !$0.isEmpty }
            .joined(separator: " ")
        let phones = (record["PHONE"]?.arrayValue ?? []).compactMap { $0["VALUE"]?.stringValue }
            .map { PhoneNumber.normalize($0).map(PhoneNumber.international) ?? $0 }
        let email = record["EMAIL"]?.arrayValue?.first?["VALUE"]?.stringValue
        return CRMCustomer(ref: CRMRef(kind: "contact", id: id), name: name.isEmpty ? nil : name, phones: phones, email: email)
    }

    /// The lead's `COMMENTS`: the summary, then the details a line each.
    static func comments(_ lead: LeadDraft) -> String {
        let details = lead.details.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        return ([lead.summary].filter { !$0.isEmpty } + details + ["stage: \(lead.stage)"]).joined(separator: "\n")
    }
}
