import Foundation
import Hummingbird
import NIOCore
import SaudaCore
import Synchronization

extension AirtableSimulator {
    /// What a call is asked to do.
    enum Operation {
        case list, create, update, read(String), updateOne(String)
        var writes: Bool {
            switch self {
            case .create, .update, .updateOne: true
            case .list, .read: false
            }
        }
    }

    /// An answer worked out under the lock: its status and body, and whether it wrote.
    struct Reply {
        var status: Int
        var body: JSONValue
        var wrote = false
    }

    /// The error that ends a response's body early, so the client sees the connection drop.
    struct DroppedConnection: Error {}

    /// Routes of the simulated API (`/v0/…`) and its control endpoints (`/_simulator/…`).
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/v0/:base/:table") { request, context in await self.handle(request, context, .list) }
        router.post("/v0/:base/:table/listRecords") { request, context in await self.handle(request, context, .list) }
        router.post("/v0/:base/:table") { request, context in await self.handle(request, context, .create) }
        router.patch("/v0/:base/:table") { request, context in await self.handle(request, context, .update) }
        router.get("/v0/:base/:table/:record") { request, context -> Response in
            await self.handle(request, context, .read(context.parameters.get("record") ?? ""))
        }
        router.patch("/v0/:base/:table/:record") { request, context -> Response in
            await self.handle(request, context, .updateOne(context.parameters.get("record") ?? ""))
        }
        router.post("/_simulator/reset") { _, _ -> Response in
            self.reset()
            return Self.json(200, ["reset": true])
        }
        router.post("/_simulator/faults") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 16)
            let body = (try? JSONValue.parse(Data(bytes.readableBytesView))) ?? [:]
            self.applyFaults(body, defaultStatus: 503)
            return Self.json(200, ["ok": true])
        }
        router.get("/_simulator/records/:base/:table") { _, context -> Response in
            let rows = self.records(base: context.parameters.get("base") ?? "", table: context.parameters.get("table") ?? "")
            return Self.json(200, ["records": .array(rows.map(Self.render))])
        }
        return router
    }

    func handle(_ request: Request, _ context: BasicRequestContext, _ operation: Operation) async -> Response {
        let delay = state.withLock { state -> Duration in
            state.requestCount += 1
            return state.answerDelay
        }
        if delay > .zero { try? await Task.sleep(for: delay) }
        let authorization = request.headers[.authorization] ?? ""
        guard authorization == "Bearer \(token)" else {
            return Self.error(401, "AUTHENTICATION_REQUIRED", "Authentication required")
        }
        let base = context.parameters.get("base") ?? ""
        let table = (context.parameters.get("table") ?? "").removingPercentEncoding ?? ""
        guard admit(base: base) else {
            return Self.error(429, "TOO_MANY_REQUESTS",
                              "You have made too many requests in a single second. Please wait 30 seconds before trying again.")
        }
        if let status = state.withLock({ $0.failures.isEmpty ? nil : $0.failures.removeFirst() }) {
            return Self.error(status, status == 503 ? "SERVICE_UNAVAILABLE" : "SERVER_ERROR", "Server error")
        }
        var body: JSONValue = [:]
        if request.method != .get {
            guard let bytes = try? await request.body.collect(upTo: 2 << 20),
                  let parsed = try? JSONValue.parse(Data(bytes.readableBytesView)), parsed.objectValue != nil else {
                return Self.error(400, "INVALID_REQUEST_BODY", "Could not parse request body")
            }
            body = parsed
        }
        let reply = state.withLock { state -> Reply in
            let known = state.tables.keys.contains { $0.hasPrefix("\(base)/") }
            guard known else {
                return Reply(status: 403, body: Self.errorBody("INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND",
                    "Invalid permissions, or the requested model was not found. Check that both your user and your token have the required permissions, and that the model names and/or ids are correct."))
            }
            guard state.tables["\(base)/\(table)"] != nil else {
                return Reply(status: 404, body: Self.errorBody("TABLE_NOT_FOUND", "Could not find table \(table) in application \(base)"))
            }
            return Self.perform(operation, key: "\(base)/\(table)", query: Self.formQuery(request.uri.query ?? ""), body: body, state: &state)
        }
        if reply.wrote, state.withLock({ state -> Bool in
            guard state.dropsAfterWrite > 0 else { return false }
            state.dropsAfterWrite -= 1
            return true
        }) {
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(contentLength: 4096) { _ in throw DroppedConnection() })
        }
        return Self.json(reply.status, reply.body)
    }

    static func perform(_ operation: Operation, key: String, query: [String: [String]], body: JSONValue, state: inout State) -> Reply {
        switch operation {
        case .list:
            return list(key: key, query: query, body: body, state: state)
        case .read(let id):
            guard let record = state.tables[key]?.records.first(where: { $0.id == id }) else { return missing(id) }
            return Reply(status: 200, body: render(record))
        case .updateOne(let id):
            guard let fields = body["fields"]?.objectValue else { return invalid("INVALID_REQUEST_MISSING_FIELDS", "Could not find field \"fields\" in the request body") }
            guard let index = state.tables[key]?.records.firstIndex(where: { $0.id == id }) else { return missing(id) }
            if let problem = check(fields, key: key, typecast: body["typecast"]?.boolValue == true, state: &state) { return problem }
            guard var record = state.tables[key]?.records[index] else { return missing(id) }
            record.fields.merge(fields) { $1 }
            record.fields = record.fields.filter { $0.value != .null }
            state.tables[key]?.records[index] = record
            return Reply(status: 200, body: render(record), wrote: true)
        case .create:
            return create(key: key, body: body, state: &state)
        case .update:
            return update(key: key, body: body, state: &state)
        }
    }

    static func list(key: String, query: [String: [String]], body: JSONValue, state: State) -> Reply {
        func parameter(_ name: String) -> String? { query[name]?.first ?? body[name]?.stringValue ?? body[name]?.numberValue.map { String(Int($0)) } }
        var rows = state.tables[key]?.records ?? []
        if let text = parameter("filterByFormula"), !text.isEmpty {
            guard let formula = AirtableFormula.parse(text) else {
                return invalid("INVALID_FILTER_BY_FORMULA", "The formula for filtering records is invalid: Invalid formula. Please check your formula text.")
            }
            rows = rows.filter { formula.matches($0.fields) }
        }
        if let maxRecords = parameter("maxRecords").flatMap(Int.init) { rows = Array(rows.prefix(max(0, maxRecords))) }
        let pageSize = min(100, max(1, parameter("pageSize").flatMap(Int.init) ?? 100))
        var start = 0
        if let offset = parameter("offset") {
            guard offset.hasPrefix("itrSIM/"), let index = Int(offset.dropFirst(7)), index <= rows.count else {
                return invalid("LIST_RECORDS_ITERATOR_NOT_AVAILABLE", "Iterator not available")
            }
            start = index
        }
        let wanted = Set((query["fields[]"] ?? []) + (body["fields"]?.arrayValue?.compactMap(\.stringValue) ?? []))
        let page = rows.dropFirst(start).prefix(pageSize).map { record -> JSONValue in
            var shown = record
            if !wanted.isEmpty { shown.fields = shown.fields.filter { wanted.contains($0.key) } }
            return render(shown)
        }
        var answer: [String: JSONValue] = ["records": .array(Array(page))]
        if start + pageSize < rows.count { answer["offset"] = .string("itrSIM/\(start + pageSize)") }
        return Reply(status: 200, body: .object(answer))
    }

    static func create(key: String, body: JSONValue, state: inout State) -> Reply {
        let typecast = body["typecast"]?.boolValue == true
        if let fields = body["fields"]?.objectValue {
            if let problem = check(fields, key: key, typecast: typecast, state: &state) { return problem }
            let record = newRecord(&state, fields: fields)
            state.tables[key]?.records.append(record)
            return Reply(status: 200, body: render(record), wrote: true)
        }
        guard let items = body["records"]?.arrayValue, (1...10).contains(items.count) else {
            return invalid("INVALID_RECORDS", "You must provide an array of up to 10 record objects, each with an \"id\" field and a \"fields\" object")
        }
        let fieldSets = items.map { $0["fields"]?.objectValue }
        guard !fieldSets.contains(where: { $0 == nil }) else { return invalid("INVALID_RECORDS", "Each record must have a \"fields\" object") }
        for fields in fieldSets.compactMap({ $0 }) {
            if let problem = check(fields, key: key, typecast: typecast, state: &state) { return problem }
        }
        let made = fieldSets.compactMap { $0 }.map { newRecord(&state, fields: $0) }
        state.tables[key]?.records.append(contentsOf: made)
        return Reply(status: 200, body: ["records": .array(made.map(render))], wrote: true)
    }

    static func update(key: String, body: JSONValue, state: inout State) -> Reply {
        let typecast = body["typecast"]?.boolValue == true
        guard let items = body["records"]?.arrayValue, (1...10).contains(items.count) else {
            return invalid("INVALID_RECORDS", "You must provide an array of up to 10 record objects, each with an \"id\" field and a \"fields\" object")
        }
        let mergeOn = body["performUpsert"]?["fieldsToMergeOn"]?.arrayValue?.compactMap(\.stringValue)
        if body["performUpsert"] != nil, mergeOn.map({ !(1...3).contains($0.count) }) ?? true {
            return invalid("INVALID_REQUEST_UNKNOWN", "performUpsert.fieldsToMergeOn must be an array of 1 to 3 field names")
        }
        var targets: [(index: Int?, fields: [String: JSONValue])] = []
        let rows = state.tables[key]?.records ?? []
        for item in items {
            guard let fields = item["fields"]?.objectValue else { return invalid("INVALID_RECORDS", "Each record must have a \"fields\" object") }
            if let problem = check(fields, key: key, typecast: typecast, state: &state) { return problem }
            if let id = item["id"]?.stringValue {
                guard let index = rows.firstIndex(where: { $0.id == id }) else { return missing(id) }
                targets.append((index, fields))
            } else if let mergeOn {
                guard mergeOn.allSatisfy({ fields[$0] != nil && fields[$0] != .null }) else {
                    return invalid("INVALID_VALUE_FOR_COLUMN", "Every record in an upsert must contain every field in fieldsToMergeOn (\(mergeOn.joined(separator: ", ")))")
                }
                let matches = rows.indices.filter { index in mergeOn.allSatisfy { rows[index].fields[$0] == fields[$0] } }
                guard matches.count <= 1 else {
                    return invalid("INVALID_RECORDS", "More than one record matches the fields to merge on")
                }
                targets.append((matches.first, fields))
            } else {
                return invalid("INVALID_RECORDS", "Each record must have an \"id\" field")
            }
        }
        var answered: [Record] = []
        var created: [JSONValue] = []
        var updated: [JSONValue] = []
        for target in targets {
            if let index = target.index, var record = state.tables[key]?.records[index] {
                record.fields.merge(target.fields) { $1 }
                record.fields = record.fields.filter { $0.value != .null }
                state.tables[key]?.records[index] = record
                answered.append(record)
                updated.append(.string(record.id))
            } else {
                let record = newRecord(&state, fields: target.fields)
                state.tables[key]?.records.append(record)
                answered.append(record)
                created.append(.string(record.id))
            }
        }
        var answer: [String: JSONValue] = ["records": .array(answered.map(render))]
        if mergeOn != nil {
            answer["createdRecords"] = .array(created)
            answer["updatedRecords"] = .array(updated)
        }
        return Reply(status: 200, body: .object(answer), wrote: true)
    }

    /// Checks cells against the table's schema; with `typecast`, adds unknown select options as Airtable does.
    static func check(_ fields: [String: JSONValue], key: String, typecast: Bool, state: inout State) -> Reply? {
        guard let schema = state.tables[key]?.schema else { return nil }
        for (name, value) in fields {
            if let columns = schema.columns, !columns.contains(name) {
                return invalid("UNKNOWN_FIELD_NAME", "Unknown field name: \"\(name)\"")
            }
            guard let options = schema.selectOptions[name], value != .null else { continue }
            guard let option = value.stringValue else {
                return invalid("INVALID_VALUE_FOR_COLUMN", "Field \"\(name)\" cannot accept the provided value")
            }
            if !options.contains(option) {
                guard typecast else {
                    return invalid("INVALID_MULTIPLE_CHOICE_OPTIONS", "Insufficient permissions to create new select option \"\"\(option)\"\"")
                }
                state.tables[key]?.schema.selectOptions[name]?.insert(option)
            }
        }
        return nil
    }

    /// The query as a form decodes it, as Airtable does: `+` is a space (clients such as pyairtable encode spaces so).
    static func formQuery(_ query: String) -> [String: [String]] {
        var parameters: [String: [String]] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            guard let name = parts.first else { continue }
            parameters[name, default: []].append(parts.count > 1 ? parts[1] : "")
        }
        return parameters
    }

    /// A record id that does not exist: a malformed one gets the bare string body, a well-formed one the typed body.
    static func missing(_ id: String) -> Reply {
        guard id.hasPrefix("rec"), id.count == 17 else { return Reply(status: 404, body: ["error": "NOT_FOUND"]) }
        return Reply(status: 404, body: errorBody("MODEL_ID_NOT_FOUND", "Could not find a record with ID \"\(id)\"."))
    }

    static func invalid(_ type: String, _ message: String) -> Reply {
        Reply(status: 422, body: errorBody(type, message))
    }

    static func render(_ record: Record) -> JSONValue {
        ["id": .string(record.id), "createdTime": .string(record.createdTime), "fields": .object(record.fields)]
    }

    static func errorBody(_ type: String, _ message: String) -> JSONValue {
        ["error": ["type": .string(type), "message": .string(message)]]
    }

    static func error(_ status: Int, _ type: String, _ message: String) -> Response {
        json(status, errorBody(type, message))
    }

    static func json(_ status: Int, _ body: JSONValue) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: body.jsonText)))
    }
}
