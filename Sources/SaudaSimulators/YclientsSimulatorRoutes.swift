import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import SaudaCore
import Synchronization

extension YclientsSimulator {
    /// An answer worked out under the lock: its status and body (`nil`: empty), and whether it wrote.
    struct Reply {
        var status: Int
        var body: JSONValue?
        var wrote = false
    }

    /// What a call gets: its path parameters, its query and its JSON body.
    struct Call {
        var parameters: [String: String]
        var query: [String: [String]]
        var body: JSONValue

        func int(_ name: String) -> Int? { parameters[name].flatMap { Int($0) } ?? query[name]?.first.flatMap { Int($0) } }

        /// `service_ids[]=1&service_ids[]=2` or `service_ids=1,2`.
        var serviceIDs: [Int] {
            ((query["service_ids[]"] ?? []) + (query["service_ids"] ?? [])).flatMap { $0.split(separator: ",") }.compactMap { Int($0) }
        }
    }

    /// The error that ends a response's body early, so the client sees the connection drop.
    struct DroppedConnection: Error {}

    /// Routes of the simulated API (`/api/v1/…`) and its control endpoints (`/_simulator/…`).
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let api = "/api/v1"
        func route(_ method: HTTPRequest.Method, _ path: String, user: Bool, write: Bool = false,
                   _ work: @escaping @Sendable (YclientsSimulator, Call, inout State) -> Reply) {
            router.on(RouterPath(api + path), method: method) { request, context in
                await self.handle(request, context, user: user, write: write, work)
            }
        }
        route(.get, "/company/:company", user: false) { sim, _, _ in sim.company() }
        route(.get, "/book_services/:company", user: false) { sim, call, state in sim.bookServices(call, state) }
        route(.get, "/book_staff/:company", user: false) { sim, call, state in sim.bookStaff(call, state) }
        route(.get, "/book_dates/:company", user: false) { sim, call, state in sim.bookDates(call, state) }
        route(.get, "/book_times/:company/:staff/:date", user: false) { sim, call, state in sim.bookTimes(call, state) }
        route(.post, "/book_check/:company", user: false) { sim, call, state in
            sim.check(call.body["appointments"], state) ?? Reply(status: 201, body: .none)
        }
        route(.post, "/book_record/:company", user: false, write: true) { sim, call, state in sim.bookRecord(call, &state) }
        route(.get, "/records/:company", user: true) { sim, call, state in sim.listRecords(call, state) }
        route(.get, "/record/:company/:record", user: true) { sim, call, state in sim.readRecord(call, state) }
        route(.put, "/record/:company/:record", user: true, write: true) { sim, call, state in sim.updateRecord(call, &state) }
        route(.delete, "/record/:company/:record", user: true, write: true) { sim, call, state in sim.deleteRecord(call, &state) }
        route(.post, "/company/:company/clients/search", user: true) { sim, call, state in sim.searchClients(call, state) }
        route(.post, "/clients/:company", user: true, write: true) { sim, call, state in sim.createClient(call, &state) }
        route(.get, "/client/:company/:client", user: true) { sim, call, state in
            guard let client = state.clients.first(where: { $0.id == call.int("client") }) else { return Self.notFound() }
            return Self.ok(200, sim.render(client))
        }
        route(.put, "/client/:company/:client", user: true, write: true) { sim, call, state in sim.updateClient(call, &state) }
        controlRoutes(router)
        return router
    }

    func controlRoutes(_ router: Router<BasicRequestContext>) {
        router.post("/_simulator/reset") { _, _ -> Response in
            self.reset()
            return Self.json(200, ["reset": true])
        }
        router.post("/_simulator/faults") { request, _ -> Response in
            let body = await Self.body(request) ?? [:]
            self.applyFaults(body, defaultStatus: 503)
            if let expired = body["licenceExpired"]?.boolValue { self.setLicenceExpired(expired) }
            return Self.json(200, ["ok": true])
        }
        router.post("/_simulator/book") { request, _ -> Response in
            let body = await Self.body(request) ?? [:]
            guard let staffID = body["staff_id"]?.numberValue, let text = body["datetime"]?.stringValue, let start = self.parseTime(text) else {
                return Self.json(400, ["error": "staff_id and datetime are required"])
            }
            guard let id = self.takeSlot(staffID: Int(staffID), start: start, serviceID: body["service_id"]?.numberValue.map { Int($0) }) else {
                return Self.json(409, ["error": "the time is not free"])
            }
            return Self.json(201, ["record_id": .number(Double(id))])
        }
        router.get("/_simulator/records") { _, _ -> Response in
            let (records, clients) = self.state.withLock { ($0.records, $0.clients) }
            return Self.json(200, ["records": .array(records.map { self.render($0, clients: clients) })])
        }
        router.get("/_simulator/clients") { _, _ -> Response in
            Self.json(200, ["clients": .array(self.clients.map(self.render))])
        }
        router.post("/_simulator/webhook") { request, _ -> Response in
            let body = await Self.body(request) ?? [:]
            guard let url = body["url"]?.stringValue else { return Self.json(400, ["error": "url is required"]) }
            let wanted = body["record_id"]?.numberValue.map { Int($0) } ?? self.records.last(where: { !$0.deleted })?.id
            guard let id = wanted, let record = self.deleteRecord(id) else { return Self.json(404, ["error": "no such record"]) }
            let status = await self.emitDeleted(record, to: url)
            return Self.json(200, ["sent": .number(Double(status)), "record_id": .number(Double(id))])
        }
    }

    /// Posts a record-deleted event (`{company_id, resource, resource_id, status, data}`) to `url`; the answer's status.
    func emitDeleted(_ record: Record, to url: String) async -> Int {
        let data = state.withLock { render(record, clients: $0.clients) }
        let event: JSONValue = ["company_id": .number(Double(companyID)), "resource": "record", "resource_id": .number(Double(record.id)),
                                "status": "delete", "data": data]
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: event.jsonText))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 1 << 20)
            return Int(response.status.code)
        } catch {
            return 0
        }
    }

    func handle(_ request: Request, _ context: BasicRequestContext, user: Bool, write: Bool,
                _ work: @Sendable (YclientsSimulator, Call, inout State) -> Reply) async -> Response {
        let delay = state.withLock { state -> Duration in
            state.requestCount += 1
            return state.answerDelay
        }
        if delay > .zero { try? await Task.sleep(for: delay) }
        let authorization = request.headers[.authorization] ?? ""
        let parts = authorization.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first == "Bearer \(partnerToken)" else {
            return Self.failure(401, "Partner authentication failed")
        }
        if user, !parts.dropFirst().contains("User \(userToken)") {
            return Self.failure(401, "User authorization failed")
        }
        if let wait = admit() {
            var response = Self.failure(429, "Превышен лимит запросов")
            response.headers[.retryAfter] = String(wait)
            return response
        }
        var parameters: [String: String] = [:]
        for name in ["company", "staff", "date", "record", "client"] { parameters[name] = context.parameters.get(name) }
        guard parameters["company"] == String(companyID) else { return Self.failure(404, "Не найдено") }
        if state.withLock({ $0.licenceExpired }) {
            return Self.failure(402, "Необходимо продлить лицензию в филиале \(companyID)")
        }
        if let status = state.withLock({ $0.failures.isEmpty ? nil : $0.failures.removeFirst() }) {
            return Self.failure(status, "Внутренняя ошибка сервера")
        }
        var body: JSONValue = [:]
        if request.method == .post || request.method == .put {
            guard let parsed = await Self.body(request), parsed.objectValue != nil else { return Self.failure(400, "Неверный формат запроса") }
            body = parsed
        }
        let call = Call(parameters: parameters, query: AirtableSimulator.formQuery(request.uri.query ?? ""), body: body)
        let reply = state.withLock { work(self, call, &$0) }
        if write, reply.wrote, state.withLock({ state -> Bool in
            guard state.dropsAfterWrite > 0 else { return false }
            state.dropsAfterWrite -= 1
            return true
        }) {
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(contentLength: 4096) { _ in throw DroppedConnection() })
        }
        guard let body = reply.body else { return Response(status: .init(code: reply.status)) }
        return Self.json(reply.status, body)
    }

    static func body(_ request: Request) async -> JSONValue? {
        guard let bytes = try? await request.body.collect(upTo: 2 << 20) else { return nil }
        return try? JSONValue.parse(Data(bytes.readableBytesView))
    }

    /// `{"success":true,"data":…,"meta":[]}` (or `meta` an object, on lists).
    static func ok(_ status: Int, _ data: JSONValue, meta: JSONValue = [], wrote: Bool = false) -> Reply {
        Reply(status: status, body: ["success": true, "data": data, "meta": meta], wrote: wrote)
    }

    /// `{"success":false,"data":null,"meta":{"message":…}}`, with `meta.errors` when given.
    static func error(_ status: Int, _ message: String, errors: JSONValue? = nil) -> Reply {
        var meta: [String: JSONValue] = ["message": .string(message)]
        if let errors { meta["errors"] = errors }
        return Reply(status: status, body: ["success": false, "data": nil, "meta": .object(meta)])
    }

    /// A booking code with HTTP 422 (434: 403): `meta.errors` = `[{"code":…,"message":…}]`.
    static func bookingError(_ code: Int, _ message: String) -> Reply {
        error(code == 434 ? 403 : 422, message, errors: [["code": .number(Double(code)), "message": .string(message)]])
    }

    static func notFound() -> Reply { error(404, "Не найдено") }

    static func failure(_ status: Int, _ message: String) -> Response {
        let reply = error(status, message)
        return json(reply.status, reply.body ?? nil)
    }

    static func json(_ status: Int, _ body: JSONValue) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: body.jsonText)))
    }
}
