import Foundation
import SaudaCore

extension AmoSimulator {
    /// A write refused item by item, as a 400's `validation-errors` names it.
    struct Invalid: Error {
        var requestID: String = "0"
        var path: String
        var code: String
        var detail: String
    }

    // MARK: writes

    /// Creates a contact from an API item; returns its id.
    func createContact(_ item: JSONValue, index: Int, state: inout State) -> Result<Int, Invalid> {
        guard let object = item.objectValue else { return .failure(Invalid(path: "", code: "InvalidType", detail: "This value should be of type object.")) }
        let fields: JSONValue
        switch Self.customFields(object["custom_fields_values"], definitions: Self.contactFields, existing: nil) {
        case .success(let value): fields = value
        case .failure(let invalid): return .failure(invalid)
        }
        let tags: JSONValue
        switch Self.tags(object["_embedded"]?["tags"], state: &state) {
        case .success(let value): tags = value
        case .failure(let invalid): return .failure(invalid)
        }
        let id = state.nextContact
        state.nextContact += 1
        let first = object["first_name"]?.stringValue ?? ""
        let last = object["last_name"]?.stringValue ?? ""
        let name = object["name"]?.stringValue ?? [first, last].filter { !$0.isEmpty }.joined(separator: " ")
        let now = JSONValue.number(Date().timeIntervalSince1970.rounded(.down))
        state.contacts[id] = [
            "id": .number(Double(id)), "name": .string(name), "first_name": .string(first), "last_name": .string(last),
            "responsible_user_id": object["responsible_user_id"] ?? .number(Double(Self.userID)), "group_id": 0,
            "created_by": .number(Double(Self.userID)), "updated_by": .number(Double(Self.userID)), "created_at": now, "updated_at": now,
            "closest_task_at": .null, "is_deleted": false, "is_unsorted": false, "custom_fields_values": fields,
            "account_id": .number(Double(accountID)), "_embedded": ["tags": tags, "companies": []],
        ]
        return .success(id)
    }

    /// Updates a contact from an API item with its `id`.
    func updateContact(_ item: JSONValue, id: Int?, state: inout State) -> Result<Int, Invalid> {
        guard let id = id ?? Self.int(item["id"]), var contact = state.contacts[id] else {
            return .failure(Invalid(path: "id", code: "NotFound", detail: "Entity not found"))
        }
        guard let object = item.objectValue else { return .failure(Invalid(path: "", code: "InvalidType", detail: "This value should be of type object.")) }
        for key in ["name", "first_name", "last_name", "responsible_user_id"] where object[key] != nil { contact[key] = object[key] }
        if object["custom_fields_values"] != nil {
            switch Self.customFields(object["custom_fields_values"], definitions: Self.contactFields, existing: contact["custom_fields_values"]) {
            case .success(let value): contact["custom_fields_values"] = value
            case .failure(let invalid): return .failure(invalid)
            }
        }
        if let given = object["_embedded"]?["tags"] {
            switch Self.tags(given, state: &state) {
            case .success(let value): contact["_embedded"] = ["tags": value, "companies": []]
            case .failure(let invalid): return .failure(invalid)
            }
        }
        contact["updated_at"] = .number(Date().timeIntervalSince1970.rounded(.down))
        state.contacts[id] = contact
        return .success(id)
    }

    /// Creates a lead from an API item (its `_embedded.contacts` given by id); returns its id.
    func createLead(_ item: JSONValue, state: inout State) -> Result<Int, Invalid> {
        guard let object = item.objectValue else { return .failure(Invalid(path: "", code: "InvalidType", detail: "This value should be of type object.")) }
        let pipeline = Self.int(object["pipeline_id"]) ?? Self.pipelineID
        guard pipeline == Self.pipelineID else {
            return .failure(Invalid(path: "pipeline_id", code: "NotSupportedChoice", detail: "The value you selected is not a valid choice."))
        }
        let status = Self.int(object["status_id"]) ?? Self.statuses[1].id
        guard Self.statuses.contains(where: { $0.id == status }) else {
            return .failure(Invalid(path: "status_id", code: "NotSupportedChoice", detail: "The value you selected is not a valid choice."))
        }
        if let price = object["price"], price.numberValue == nil, price != .null {
            return .failure(Invalid(path: "price", code: "InvalidType", detail: "This value should be of type int."))
        }
        let fields: JSONValue
        switch Self.customFields(object["custom_fields_values"], definitions: leadFields, existing: nil) {
        case .success(let value): fields = value
        case .failure(let invalid): return .failure(invalid)
        }
        let tags: JSONValue
        switch Self.tags(object["_embedded"]?["tags"], state: &state) {
        case .success(let value): tags = value
        case .failure(let invalid): return .failure(invalid)
        }
        var linked: [Int] = []
        for (number, contact) in (object["_embedded"]?["contacts"]?.arrayValue ?? []).enumerated() {
            guard let contactID = Self.int(contact["id"]), state.contacts[contactID] != nil else {
                return .failure(Invalid(path: "_embedded.contacts.\(number).id", code: "NotFound", detail: "Contact not found"))
            }
            linked.append(contactID)
        }
        let id = state.nextLead
        state.nextLead += 1
        let now = JSONValue.number(Date().timeIntervalSince1970.rounded(.down))
        state.leads[id] = [
            "id": .number(Double(id)), "name": object["name"] ?? .string("Сделка #\(id)"), "price": object["price"] ?? 0,
            "responsible_user_id": object["responsible_user_id"] ?? .number(Double(Self.userID)), "group_id": 0,
            "status_id": .number(Double(status)), "pipeline_id": .number(Double(pipeline)), "loss_reason_id": .null,
            "created_by": .number(Double(Self.userID)), "updated_by": .number(Double(Self.userID)), "created_at": now, "updated_at": now,
            "closed_at": [142, 143].contains(status) ? now : .null, "closest_task_at": .null, "is_deleted": false,
            "custom_fields_values": fields, "score": .null, "account_id": .number(Double(accountID)), "labor_cost": .null,
            "_embedded": ["tags": tags, "companies": []],
        ]
        state.leadContacts[id] = linked
        return .success(id)
    }

    /// Updates a lead from an API item with its `id`: name, price, status, custom fields (a field given replaces its
    /// values), tags (given tags replace them all).
    func updateLead(_ item: JSONValue, id: Int?, state: inout State) -> Result<Int, Invalid> {
        guard let id = id ?? Self.int(item["id"]), var lead = state.leads[id] else {
            return .failure(Invalid(path: "id", code: "NotFound", detail: "Entity not found"))
        }
        guard let object = item.objectValue else { return .failure(Invalid(path: "", code: "InvalidType", detail: "This value should be of type object.")) }
        if let status = object["status_id"] {
            guard let value = Self.int(status), Self.statuses.contains(where: { $0.id == value }) else {
                return .failure(Invalid(path: "status_id", code: "NotSupportedChoice", detail: "The value you selected is not a valid choice."))
            }
            lead["status_id"] = .number(Double(value))
            if [142, 143].contains(value) { lead["closed_at"] = .number(Date().timeIntervalSince1970.rounded(.down)) }
        }
        for key in ["name", "price", "responsible_user_id"] where object[key] != nil { lead[key] = object[key] }
        if object["custom_fields_values"] != nil {
            switch Self.customFields(object["custom_fields_values"], definitions: leadFields, existing: lead["custom_fields_values"]) {
            case .success(let value): lead["custom_fields_values"] = value
            case .failure(let invalid): return .failure(invalid)
            }
        }
        if let given = object["_embedded"]?["tags"] {
            switch Self.tags(given, state: &state) {
            case .success(let value): lead["_embedded"] = ["tags": value, "companies": []]
            case .failure(let invalid): return .failure(invalid)
            }
        }
        lead["updated_at"] = .number(Date().timeIntervalSince1970.rounded(.down))
        state.leads[id] = lead
        return .success(id)
    }

    /// Adds a note to a lead or a contact.
    func createNote(_ item: JSONValue, entityType: String, entityID: Int?, state: inout State) -> Result<Int, Invalid> {
        guard let entity = entityID ?? Self.int(item["entity_id"]) else {
            return .failure(Invalid(path: "entity_id", code: "NotBlank", detail: "This value should not be blank."))
        }
        let exists = entityType == "leads" ? state.leads[entity] != nil : state.contacts[entity] != nil
        guard exists else { return .failure(Invalid(path: "entity_id", code: "NotFound", detail: "Entity not found")) }
        let known = ["common", "call_in", "call_out", "service_message", "extended_service_message", "message_cashier", "geolocation",
                     "sms_in", "sms_out", "attachment"]
        guard let type = item["note_type"]?.stringValue, known.contains(type) else {
            return .failure(Invalid(path: "note_type", code: "NotSupportedChoice", detail: "The value you selected is not a valid choice."))
        }
        if type == "common", (item["params"]?["text"]?.stringValue ?? "").isEmpty {
            return .failure(Invalid(path: "params.text", code: "NotBlank", detail: "This value should not be blank."))
        }
        let id = state.nextNote
        state.nextNote += 1
        let now = JSONValue.number(Date().timeIntervalSince1970.rounded(.down))
        state.notes[id] = [
            "id": .number(Double(id)), "entity_id": .number(Double(entity)), "entity_type": .string(entityType),
            "created_by": .number(Double(Self.userID)), "updated_by": .number(Double(Self.userID)), "created_at": now, "updated_at": now,
            "responsible_user_id": .number(Double(Self.userID)), "group_id": 0, "note_type": .string(type),
            "params": item["params"] ?? [:], "account_id": .number(Double(accountID)),
        ]
        return .success(id)
    }

    /// The custom field values an item gives, checked against the entity's fields and merged into `existing` (a field
    /// given replaces all its values; `values: null` clears it); `null` when none is left, as the API shows it.
    static func customFields(_ given: JSONValue?, definitions: [CustomField], existing: JSONValue?) -> Result<JSONValue, Invalid> {
        var result = existing?.arrayValue ?? []
        guard let given, given != .null else { return .success(result.isEmpty ? .null : .array(result)) }
        guard let items = given.arrayValue else {
            return .failure(Invalid(path: "custom_fields_values", code: "InvalidType", detail: "This value should be of type array."))
        }
        for (index, item) in items.enumerated() {
            let byID = int(item["field_id"])
            let byCode = item["field_code"]?.stringValue
            guard let definition = definitions.first(where: { byID != nil ? $0.id == byID : ($0.code != nil && $0.code == byCode) }) else {
                return .failure(Invalid(path: "custom_fields_values.\(index).\(byID != nil ? "field_id" : "field_code")",
                                        code: "NotSupportedChoice", detail: "The value you selected is not a valid choice."))
            }
            result.removeAll { int($0["field_id"]) == definition.id }
            guard let values = item["values"]?.arrayValue else { continue }
            var stored: [JSONValue] = []
            for (number, value) in values.enumerated() {
                guard let raw = value["value"], raw.stringValue != nil || raw.numberValue != nil else {
                    return .failure(Invalid(path: "custom_fields_values.\(index).values.\(number).value", code: "NotBlank",
                                            detail: "This value should not be blank."))
                }
                guard definition.type == "multitext" else {
                    stored.append(["value": raw])
                    continue
                }
                let code = value["enum_code"]?.stringValue
                    ?? int(value["enum_id"]).flatMap { id in definition.enums.first { $0.value == id }?.key }
                    ?? (definition.enums["WORK"] != nil ? "WORK" : definition.enums.keys.sorted().first)
                guard let code, let enumID = definition.enums[code] else {
                    return .failure(Invalid(path: "custom_fields_values.\(index).values.\(number).enum_code", code: "NotSupportedChoice",
                                            detail: "The value you selected is not a valid choice."))
                }
                stored.append(["value": raw, "enum_id": .number(Double(enumID)), "enum_code": .string(code)])
            }
            if stored.isEmpty { continue }
            result.append(["field_id": .number(Double(definition.id)), "field_name": .string(definition.name),
                           "field_code": definition.code.map(JSONValue.string) ?? .null, "field_type": .string(definition.type),
                           "values": .array(stored)])
        }
        return .success(result.isEmpty ? .null : .array(result))
    }

    /// The tags an item gives (`[{"name"}]` or `[{"id"}]`), made when new.
    static func tags(_ given: JSONValue?, state: inout State) -> Result<JSONValue, Invalid> {
        var result: [JSONValue] = []
        for (index, tag) in (given?.arrayValue ?? []).enumerated() {
            if let name = tag["name"]?.stringValue, !name.isEmpty {
                let id = state.tags[name] ?? {
                    defer { state.nextTag += 1 }
                    state.tags[name] = state.nextTag
                    return state.nextTag
                }()
                result.append(["id": .number(Double(id)), "name": .string(name), "color": .null])
            } else if let id = int(tag["id"]), let name = state.tags.first(where: { $0.value == id })?.key {
                result.append(["id": .number(Double(id)), "name": .string(name), "color": .null])
            } else {
                return .failure(Invalid(path: "_embedded.tags.\(index)", code: "NotFound", detail: "Tag not found"))
            }
        }
        return .success(.array(result))
    }

    // MARK: reads

    /// Whether a record's text holds the full-text `query` (its id, names and custom field values; a substring, case
    /// ignored: `87011234567` does not find `+77011234567`).
    static func matches(_ record: [String: JSONValue], query: String) -> Bool {
        let wanted = query.trimmingCharacters(in: .whitespaces).lowercased()
        guard !wanted.isEmpty else { return true }
        var texts = [record["name"]?.stringValue, record["first_name"]?.stringValue, record["last_name"]?.stringValue]
            .compactMap { $0 }
        if let id = int(record["id"]) { texts.append(String(id)) }
        for field in record["custom_fields_values"]?.arrayValue ?? [] {
            for value in field["values"]?.arrayValue ?? [] {
                if let text = value["value"]?.stringValue { texts.append(text) }
                if let number = value["value"]?.numberValue { texts.append(String(Int(number))) }
            }
        }
        return texts.contains { $0.lowercased().contains(wanted) }
    }

    /// A record as the API shows it: `_links.self`, and its linked records when `with` asks.
    func render(_ record: [String: JSONValue], kind: String, base: String, with: Set<String>, state: State) -> JSONValue {
        var shown = record
        let id = Self.int(record["id"]) ?? 0
        shown["_links"] = ["self": ["href": .string("\(base)/api/v4/\(kind)/\(id)")]]
        var embedded = record["_embedded"]?.objectValue ?? [:]
        if kind == "leads", with.contains("contacts") {
            embedded["contacts"] = .array((state.leadContacts[id] ?? []).enumerated().map { number, contact in
                ["id": .number(Double(contact)), "is_main": .bool(number == 0),
                 "_links": ["self": ["href": .string("\(base)/api/v4/contacts/\(contact)")]]]
            })
        }
        if kind == "contacts", with.contains("leads") {
            let leads = state.leadContacts.filter { $0.value.contains(id) }.keys.sorted()
            embedded["leads"] = .array(leads.map { lead in
                ["id": .number(Double(lead)), "_links": ["self": ["href": .string("\(base)/api/v4/leads/\(lead)")]]]
            })
        }
        if kind != "notes" { shown["_embedded"] = .object(embedded) }
        return .object(shown)
    }

    /// A HAL page of `records` (already filtered): `_page`, `_links` (`self`, `next`, `prev`), `_embedded.<key>`, or
    /// `nil` (204) when the page is empty.
    func page(_ records: [[String: JSONValue]], kind: String, key: String, path: String, base: String, query: [String: [String]],
              state: State) -> Result<JSONValue?, Invalid> {
        let pageNumber = query["page"]?.first.flatMap { Int($0) } ?? 1
        let limit = query["limit"]?.first.flatMap { Int($0) } ?? 50
        guard (1...250).contains(limit) else {
            return .failure(Invalid(path: "limit", code: "LessThanOrEqual", detail: "This value should be less than or equal to 250."))
        }
        guard pageNumber >= 1 else { return .failure(Invalid(path: "page", code: "GreaterThan", detail: "This value should be greater than 0.")) }
        var sorted = records.sorted { (Self.int($0["id"]) ?? 0) < (Self.int($1["id"]) ?? 0) }
        if let field = ["id", "created_at", "updated_at"].first(where: { query["order[\($0)]"] != nil }) {
            let descending = query["order[\(field)]"]?.first == "desc"
            sorted.sort { left, right in
                let a = (left[field]?.numberValue ?? 0, Self.int(left["id"]) ?? 0)
                let b = (right[field]?.numberValue ?? 0, Self.int(right["id"]) ?? 0)
                return descending ? a > b : a < b
            }
        }
        let start = (pageNumber - 1) * limit
        guard start < sorted.count else { return .success(nil) }
        let with = Set((query["with"]?.first ?? "").split(separator: ",").map { String($0) })
        let items = sorted[start..<min(sorted.count, start + limit)].map { render($0, kind: kind, base: base, with: with, state: state) }
        var others = query.filter { !["page", "limit"].contains($0.key) }.flatMap { name, values in values.map { (name, $0) } }
        others.sort { $0.0 < $1.0 }
        func href(_ number: Int) -> JSONValue {
            let pairs = others + [("page", String(number)), ("limit", String(limit))]
            return ["href": .string(base + path + "?" + pairs.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&"))]
        }
        var links: [String: JSONValue] = ["self": href(pageNumber)]
        if start + limit < sorted.count { links["next"] = href(pageNumber + 1) }
        if pageNumber > 1 { links["prev"] = href(pageNumber - 1) }
        return .success(["_page": .number(Double(pageNumber)), "_links": .object(links), "_embedded": [key: .array(items)]])
    }

    /// Percent-encodes a query part (brackets kept, as amoCRM's links show them).
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~[]")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
