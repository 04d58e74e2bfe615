import Foundation
import Hummingbird
import NIOCore
import SaudaCore
import Synchronization

extension OneCSimulator {
    /// The error that ends a response's body early, so the client sees the connection drop.
    struct DroppedConnection: Error {}

    /// An answer worked out under the lock: its status and body, and whether it wrote.
    struct Reply {
        var status: Int
        var body: JSONValue?
        var wrote = false
    }

    /// Routes of the publication (`/<publication>/odata/standard.odata/…`) and the control endpoints (`/_simulator/…`):
    /// `POST /_simulator/reset`, `POST /_simulator/faults {"fail": n, "status": 500, "drop": n, "delayMs": n}`,
    /// `GET /_simulator/records/{object}`.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        for path: RouterPath in ["/:publication/odata/standard.odata", "/:publication/odata/standard.odata/**"] {
            router.get(path) { request, _ in await self.handle(request) }
            router.post(path) { request, _ in await self.handle(request) }
            router.patch(path) { request, _ in await self.handle(request) }
        }
        router.post("/_simulator/reset") { _, _ -> Response in
            self.reset()
            return Self.json(200, ["reset": true])
        }
        router.post("/_simulator/faults") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 16)
            let body = (try? JSONValue.parse(Data(bytes.readableBytesView))) ?? [:]
            self.applyFaults(body, defaultStatus: 500)
            return Self.json(200, ["ok": true])
        }
        router.get("/_simulator/records/:object") { _, context -> Response in
            let object = (context.parameters.get("object") ?? "").removingPercentEncoding ?? ""
            return Self.json(200, ["value": .array(self.records(object).map { .object($0) })])
        }
        return router
    }

    func handle(_ request: Request) async -> Response {
        let delay = state.withLock { state -> Duration in
            state.requestCount += 1
            return state.answerDelay
        }
        if delay > .zero { try? await Task.sleep(for: delay) }
        guard authorized(request.headers[.authorization]) else {
            return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Basic realm=\"1C:Enterprise\"", .contentType: "text/plain"],
                            body: .init(byteBuffer: ByteBuffer(string: "401 Unauthorized")))
        }
        let rawPath = request.uri.path
        guard let range = rawPath.range(of: "/odata/standard.odata") else { return Self.error(404, "-1", "Not found") }
        let tail = (String(rawPath[range.upperBound...]).removingPercentEncoding ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let root = "http://\(request.head.authority ?? "127.0.0.1")\(rawPath[..<range.upperBound])"
        let rawQuery = request.uri.query ?? ""
        if rawQuery.contains("+") {
            return Self.error(500, "-1", "Произошла внутренняя ошибка OData сервиса. Дополнительные сведения можно найти в технологическом журнале.")
        }
        let query = Self.query(rawQuery)
        if tail == "$metadata" { return metadata() }
        guard query["$format"]?.hasPrefix("json") == true else {
            return Response(status: .notImplemented, headers: [.contentType: "application/xml"], body: .init(byteBuffer: ByteBuffer(string:
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><m:error xmlns:m=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\">"
                + "<m:code>-1</m:code><m:message xml:lang=\"en\">The simulator answers JSON only: add $format=json</m:message></m:error>")))
        }
        if let status = state.withLock({ $0.failures.isEmpty ? nil : $0.failures.removeFirst() }) {
            return Self.error(status, "-1", "Произошла внутренняя ошибка OData сервиса. Дополнительные сведения можно найти в технологическом журнале.")
        }
        var body: [String: JSONValue] = [:]
        if request.method != .get {
            let bytes = try? await request.body.collect(upTo: 2 << 20)
            let data = bytes.map { Data($0.readableBytesView) } ?? Data()
            if !data.isEmpty {
                guard let parsed = (try? JSONValue.parse(data))?.objectValue else { return Self.error(400, "-1", "Ошибка разбора JSON") }
                body = parsed
            }
        }
        let method = request.method
        let reply = state.withLock { state in
            Self.perform(method, tail: tail, query: query, body: body, root: root, state: &state)
        }
        if reply.wrote, state.withLock({ state -> Bool in
            guard state.dropsAfterWrite > 0 else { return false }
            state.dropsAfterWrite -= 1
            return true
        }) {
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(contentLength: 4096) { _ in throw DroppedConnection() })
        }
        guard let replyBody = reply.body else { return Response(status: .init(code: reply.status)) }
        return Self.json(reply.status, replyBody)
    }

    /// Whether the header is HTTP Basic with the simulator's user and password.
    func authorized(_ header: String?) -> Bool {
        guard let header, header.hasPrefix("Basic "), let data = Data(base64Encoded: String(header.dropFirst(6))) else { return false }
        return String(decoding: data, as: UTF8.self) == "\(user):\(password)"
    }

    static func perform(_ method: HTTPRequest.Method, tail: String, query: [String: String], body: [String: JSONValue], root: String,
                        state: inout State) -> Reply {
        if tail.isEmpty {
            guard method == .get else { return reply(405, "-1", "Метод не поддерживается") }
            let sets = state.objects.keys.sorted().map { JSONValue.object(["name": .string($0), "url": .string($0)]) }
            return Reply(status: 200, body: ["odata.metadata": .string("\(root)/$metadata"), "value": .array(sets)])
        }
        // `Name`, `Name(guid'…')`, `Name(guid'…')/Part`.
        var name = tail
        var key: String?
        var rest = ""
        if let open = tail.firstIndex(of: "(") {
            name = String(tail[..<open])
            guard let close = tail[open...].firstIndex(of: ")") else { return reply(400, "-1", "Неверный формат ключа") }
            let inner = String(tail[tail.index(after: open)..<close])
            guard inner.hasPrefix("guid'"), inner.hasSuffix("'"), inner.count > 6 else {
                return reply(400, "-1", "Неверный формат ключа: \(inner)")
            }
            key = String(inner.dropFirst(5).dropLast()).lowercased()
            rest = String(tail[tail.index(after: close)...]).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        }
        guard let object = state.objects[name] else {
            return reply(404, "9", "Не найден набор сущностей (entity set) '\(name)': объект не опубликован в стандартном интерфейсе OData")
        }
        let entity = "\(root)/$metadata#\(name)"
        switch (method, key, rest) {
        case (.get, nil, _):
            return list(object, query: query, entity: entity, state: state)
        case (.post, nil, _):
            if let problem = check(body, object: object) { return problem }
            let record = newRecord(&state, object: name, fields: body.filter { !["Ref_Key", "DataVersion"].contains($0.key) })
            state.records[name, default: []].append(record)
            return Reply(status: 201, body: element(record, entity: entity, select: nil), wrote: true)
        case (_, let key?, ""):
            guard let index = state.records[name]?.firstIndex(where: { $0["Ref_Key"]?.stringValue == key }),
                  var record = state.records[name]?[index] else {
                return reply(404, "9", "Не найден экземпляр сущности \(name)(guid'\(key)')")
            }
            switch method {
            case .get:
                return Reply(status: 200, body: element(record, entity: entity, select: query["$select"]))
            case .patch:
                if let problem = check(body, object: object) { return problem }
                record.merge(body.filter { !["Ref_Key", "DataVersion"].contains($0.key) }) { $1 }
                state.counter += 1
                record["DataVersion"] = .string(Data("sim\(state.counter)".utf8).base64EncodedString())
                state.records[name]?[index] = record
                return Reply(status: 200, body: element(record, entity: entity, select: nil), wrote: true)
            default:
                return reply(405, "-1", "Метод не поддерживается")
            }
        case (.post, let key?, "Post"), (.post, let key?, "Unpost"):
            guard name.hasPrefix("Document_"), let index = state.records[name]?.firstIndex(where: { $0["Ref_Key"]?.stringValue == key }) else {
                return reply(404, "9", "Не найден экземпляр сущности \(name)(guid'\(key)')")
            }
            state.records[name]?[index]["Posted"] = .bool(rest == "Post")
            return Reply(status: 200, body: nil, wrote: true)
        case (.post, _?, let part) where object.allProperties.contains(part):
            return reply(400, "13", "Создание строк табличной части напрямую не поддерживается")
        default:
            return reply(400, "-1", "Неверный адрес ресурса: \(tail)")
        }
    }

    static func list(_ object: Object, query: [String: String], entity: String, state: State) -> Reply {
        var rows = state.records[object.name] ?? []
        if let text = query["$filter"], !text.isEmpty {
            guard let filter = OneCFilter.parse(text) else { return reply(400, "-1", "Ошибка разбора выражения $filter: \(text)") }
            rows = rows.filter { filter.matches($0) }
        }
        if let orderBy = query["$orderby"], !orderBy.isEmpty {
            let parts = orderBy.split(separator: " ")
            let field = String(parts[0])
            let descending = parts.count > 1 && parts[1] == "desc"
            rows.sort { a, b in
                let order = OneCFilter.order(a[field] ?? .null, b[field] ?? .null) ?? 0
                return descending ? order > 0 : order < 0
            }
        }
        if let skip = query["$skip"].flatMap(Int.init) { rows = Array(rows.dropFirst(max(0, skip))) }
        if let top = query["$top"].flatMap(Int.init) { rows = Array(rows.prefix(max(0, top))) }
        let select = query["$select"]
        return Reply(status: 200, body: ["odata.metadata": .string(entity),
                                         "value": .array(rows.map { shown($0, select: select) })])
    }

    /// A write's properties against the object's: an unknown one is 400.
    static func check(_ body: [String: JSONValue], object: Object) -> Reply? {
        let known = Set(object.allProperties)
        for name in body.keys.sorted() where !known.contains(name) {
            return reply(400, "15", "Свойство '\(name)' не найдено у сущности \(object.name)")
        }
        return nil
    }

    static func shown(_ record: [String: JSONValue], select: String?) -> JSONValue {
        guard let select, !select.isEmpty, select != "*" else { return .object(record) }
        let wanted = Set(select.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return .object(record.filter { wanted.contains($0.key) })
    }

    static func element(_ record: [String: JSONValue], entity: String, select: String?) -> JSONValue {
        var body = shown(record, select: select).objectValue ?? [:]
        body["odata.metadata"] = .string("\(entity)/@Element")
        return .object(body)
    }

    /// The query string's parameters, percent-decoded (a `+` was refused before).
    static func query(_ raw: String) -> [String: String] {
        var parameters: [String: String] = [:]
        for pair in raw.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.removingPercentEncoding ?? String($0) }
            guard let name = parts.first else { continue }
            parameters[name] = parts.count > 1 ? parts[1] : ""
        }
        return parameters
    }

    static func reply(_ status: Int, _ code: String, _ message: String) -> Reply {
        Reply(status: status, body: ["odata.error": ["code": .string(code), "message": ["lang": "ru", "value": .string(message)]]])
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> Response {
        json(status, reply(status, code, message).body ?? [:])
    }

    static func json(_ status: Int, _ body: JSONValue) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json;charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: body.jsonText)))
    }

    /// `$metadata`: an EDMX (OData v3) document of the published objects, every property a string but the standard
    /// GUIDs, booleans and dates.
    func metadata() -> Response {
        let objects = state.withLock { $0.objects.values.sorted { $0.name < $1.name } }
        var types = ""
        var sets = ""
        for object in objects {
            types += "<EntityType Name=\"\(object.name)\"><Key><PropertyRef Name=\"Ref_Key\"/></Key>"
            for property in object.allProperties {
                let type = switch property {
                case "Ref_Key", "Parent_Key": "Edm.Guid"
                case _ where property.hasSuffix("_Key"): "Edm.Guid"
                case "DeletionMark", "IsFolder", "Predefined", "Posted": "Edm.Boolean"
                case "Date": "Edm.DateTime"
                default: "Edm.String"
                }
                types += "<Property Name=\"\(property)\" Type=\"\(type)\" Nullable=\"\(property == "Ref_Key" ? "false" : "true")\"/>"
            }
            types += "</EntityType>"
            sets += "<EntitySet Name=\"\(object.name)\" EntityType=\"StandardODATA.\(object.name)\"/>"
        }
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <edmx:Edmx xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" Version="1.0">\
            <edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" m:DataServiceVersion="3.0">\
            <Schema xmlns="http://schemas.microsoft.com/ado/2009/11/edm" Namespace="StandardODATA">\(types)\
            <EntityContainer Name="EnterpriseV8" m:IsDefaultEntityContainer="true">\(sets)</EntityContainer>\
            </Schema></edmx:DataServices></edmx:Edmx>
            """
        return Response(status: .ok, headers: [.contentType: "application/xml;charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: xml)))
    }
}
