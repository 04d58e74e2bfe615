import Foundation
import SaudaCore
import Synchronization

extension Bitrix24Simulator {
    static let multifields: Set<String> = ["PHONE", "EMAIL", "WEB", "IM"]

    /// A parameter by its lowercase or uppercase name (the CRM methods take either).
    static func param(_ params: [String: JSONValue], _ name: String) -> JSONValue? {
        params[name] ?? params[name.uppercased()]
    }

    /// An id given as a number or a string.
    static func id(_ value: JSONValue?) -> Int? {
        if let number = value?.numberValue { return Int(number) }
        return value?.stringValue.flatMap { Int($0) }
    }

    /// A scalar as the API reads it back: a string.
    static func text(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let number): number.rounded() == number ? .string(String(Int(number))) : .string(String(number))
        case .bool(let flag): .string(flag ? "Y" : "N")
        default: value
        }
    }

    func add(_ entity: String, _ params: [String: JSONValue]) -> Answer {
        guard let fields = Self.param(params, "fields")?.objectValue, !fields.isEmpty else {
            return Self.failure(400, "", "Parameter 'fields' must be array.")
        }
        if entity == "lead", (fields["TITLE"]?.stringValue ?? "").isEmpty, (fields["NAME"]?.stringValue ?? "").isEmpty {
            return Self.failure(400, "", "Не заполнено обязательное поле \"Название лида\"")
        }
        return state.withLock { state in
            let id = state.nextID[entity, default: 1]
            state.nextID[entity] = id + 1
            var record: [String: JSONValue] = ["ID": .string(String(id)), "DATE_CREATE": .string(ISO8601DateFormatter().string(from: Date()))]
            if entity == "lead" { record["STATUS_ID"] = "NEW" }
            Self.merge(fields, into: &record, state: &state)
            if entity == "lead" { state.leads[id] = record } else { state.contacts[id] = record }
            return .result(.number(Double(id)))
        }
    }

    func update(_ entity: String, _ params: [String: JSONValue]) -> Answer {
        guard let id = Self.id(Self.param(params, "id")) else { return Self.failure(400, "", "ID is not defined or invalid.") }
        let fields = Self.param(params, "fields")?.objectValue ?? [:]
        return state.withLock { state in
            guard var record = entity == "lead" ? state.leads[id] : state.contacts[id] else { return Self.failure(400, "", "Not found") }
            Self.merge(fields, into: &record, state: &state)
            if entity == "lead" { state.leads[id] = record } else { state.contacts[id] = record }
            return .result(true)
        }
    }

    /// Writes fields into a record; a multifield item with an `ID` changes (or, empty or `DELETE: Y`, removes) that item,
    /// one without is appended — the real API's behaviour on update.
    static func merge(_ fields: [String: JSONValue], into record: inout [String: JSONValue], state: inout State) {
        for (key, value) in fields {
            guard multifields.contains(key) else {
                record[key] = text(value)
                continue
            }
            var items = record[key]?.arrayValue ?? []
            for item in value.arrayValue ?? [] {
                guard let object = item.objectValue else { continue }
                let itemValue = object["VALUE"]?.stringValue ?? ""
                if let itemID = id(object["ID"]) {
                    items.removeAll { id($0["ID"]) == itemID && (itemValue.isEmpty || object["DELETE"]?.stringValue == "Y") }
                    if let index = items.firstIndex(where: { id($0["ID"]) == itemID }) {
                        items[index] = ["ID": .string(String(itemID)), "VALUE_TYPE": object["VALUE_TYPE"] ?? items[index]["VALUE_TYPE"] ?? "WORK",
                                        "VALUE": .string(itemValue), "TYPE_ID": .string(key)]
                    }
                    continue
                }
                guard !itemValue.isEmpty else { continue }
                let newID = state.nextID["multifield", default: 1]
                state.nextID["multifield"] = newID + 1
                items.append(["ID": .string(String(newID)), "VALUE_TYPE": object["VALUE_TYPE"] ?? "WORK", "VALUE": .string(itemValue),
                              "TYPE_ID": .string(key)])
            }
            record[key] = .array(items)
        }
    }

    func get(_ entity: String, _ params: [String: JSONValue]) -> Answer {
        guard let id = Self.id(Self.param(params, "id")) else { return Self.failure(400, "", "ID is not defined or invalid.") }
        let record = state.withLock { entity == "lead" ? $0.leads[id] : $0.contacts[id] }
        guard let record else { return Self.failure(400, "", "Not found") }
        return .result(.object(record))
    }

    func list(_ entity: String, _ params: [String: JSONValue]) -> Answer {
        let filter = Self.param(params, "filter")?.objectValue ?? [:]
        let select = (Self.param(params, "select")?.arrayValue ?? []).compactMap(\.stringValue)
        let start = max(0, Self.id(Self.param(params, "start")) ?? 0)
        let records = state.withLock { entity == "lead" ? $0.leads : $0.contacts }
            .sorted { $0.key < $1.key }.map(\.value)
            .filter { record in filter.allSatisfy { Self.matches(record, key: $0.key, value: $0.value) } }
        let page = records.dropFirst(start).prefix(50).map { record -> JSONValue in
            .object(record.filter { key, _ in
                key == "ID" || (select.isEmpty || select.contains("*") ? !Self.multifields.contains(key) : false) || select.contains(key)
            })
        }
        var body: [String: JSONValue] = ["result": .array(Array(page)), "total": .number(Double(records.count))]
        if start + 50 < records.count { body["next"] = .number(Double(start + 50)) }
        return Answer(status: 200, body: .object(body))
    }

    /// A list filter's condition: the key's prefix picks the operator (`=`, `!=`, `>`, `>=`, `<`, `<=`, `@`, `%`);
    /// multifields match their values exactly.
    static func matches(_ record: [String: JSONValue], key: String, value: JSONValue) -> Bool {
        let operators = ["!=", ">=", "<=", "!@", "=", "!", ">", "<", "@", "%"]
        let op = operators.first { key.hasPrefix($0) } ?? "="
        let field = key.hasPrefix(op) ? String(key.dropFirst(op.count)) : key
        let stored: [String] = if multifields.contains(field) {
            (record[field]?.arrayValue ?? []).compactMap { $0["VALUE"]?.stringValue }
        } else {
            [record[field].flatMap { text($0).stringValue } ?? ""]
        }
        let wanted = (value.arrayValue ?? [value]).compactMap { text($0).stringValue }
        func number(_ text: String) -> Double? { Double(text) }
        switch op {
        case "!=", "!", "!@": return !stored.contains { wanted.contains($0) }
        case "%": return stored.contains { item in wanted.contains { item.localizedCaseInsensitiveContains($0) } }
        case ">", ">=", "<", "<=":
            guard let limit = wanted.first.flatMap(number), let have = stored.first.flatMap(number) else { return false }
            switch op {
            case ">": return have > limit
            case ">=": return have >= limit
            case "<": return have < limit
            default: return have <= limit
            }
        default: return stored.contains { wanted.contains($0) }
        }
    }

    /// `crm.duplicate.findbycomm`: ids by entity type of records with one of the phones (compared as numbers, as the
    /// real API normalises them) or e-mails; `[]` when nothing matches.
    func findByComm(_ params: [String: JSONValue]) -> Answer {
        guard let type = Self.param(params, "type")?.stringValue, type == "PHONE" || type == "EMAIL" else {
            return Self.failure(400, "", "Communication type is not defined.")
        }
        let values = (Self.param(params, "values")?.arrayValue ?? []).compactMap(\.stringValue)
        guard !values.isEmpty, values.count <= 20 else { return Self.failure(400, "", "Too many values or no values.") }
        func key(_ value: String) -> String { type == "PHONE" ? (PhoneNumber.normalize(value) ?? value) : value.lowercased() }
        let wanted = Set(values.map(key))
        let only = Self.param(params, "entity_type")?.stringValue
        let (leads, contacts, stale) = state.withLock { ($0.leads, $0.contacts, $0.staleIndex) }
        var result: [String: JSONValue] = [:]
        for (name, records) in [("LEAD", leads), ("CONTACT", contacts)] where only == nil || only == name {
            var ids = records.keys.sorted().filter { id in
                (records[id]?[type]?.arrayValue ?? []).contains { wanted.contains(key($0["VALUE"]?.stringValue ?? "")) }
            }
            if name == "CONTACT", type == "PHONE" {
                ids = Array(Set(ids + wanted.flatMap { stale[$0] ?? [] })).sorted()
            }
            if !ids.isEmpty { result[name] = .array(ids.prefix(20).map { JSONValue.number(Double($0)) }) }
        }
        return .result(result.isEmpty ? .array([]) : .object(result))
    }

    /// `crm.timeline.comment.add`: only lowercase `fields`, as the real API since crm 23.100.0.
    func addComment(_ params: [String: JSONValue]) -> Answer {
        guard let fields = params["fields"]?.objectValue else { return Self.failure(400, "", "Required parameter \"fields\" is missing.") }
        let comment = fields["COMMENT"]?.stringValue ?? ""
        guard !comment.isEmpty else { return Self.failure(400, "INVALID_ARG_VALUE", "Empty comment") }
        guard let ownerID = Self.id(fields["ENTITY_ID"]), let type = fields["ENTITY_TYPE"]?.stringValue?.lowercased() else {
            return Self.failure(400, "OWNER_NOT_FOUND", "Owner not found")
        }
        return state.withLock { state in
            let exists = switch type {
            case "lead": state.leads[ownerID] != nil
            case "contact": state.contacts[ownerID] != nil
            default: false
            }
            guard exists else { return Self.failure(400, "OWNER_NOT_FOUND", "Owner not found") }
            let id = state.nextID["comment", default: 1]
            state.nextID["comment"] = id + 1
            state.comments[id] = ["ID": .string(String(id)), "ENTITY_ID": .string(String(ownerID)), "ENTITY_TYPE": .string(type),
                                  "COMMENT": .string(comment)]
            return .result(.number(Double(id)))
        }
    }
}
