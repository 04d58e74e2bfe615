import Foundation
import Hummingbird
import NIOCore
import SaudaCore
import Synchronization

extension AmoSimulator {
    /// The connection was closed on purpose after a write was applied.
    struct DroppedConnection: Error {}

    /// An answer worked out under the lock: its status and body (`nil`: none, as a 204), and whether it wrote.
    struct Reply {
        var status: Int
        var body: JSONValue?
        var wrote = false
    }

    /// Routes of the simulated account (`/api/v4/…`, `/oauth2/access_token`) and its control endpoints
    /// (`/_simulator/…`).
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .patch] {
            router.on("/api/v4/**", method: method) { request, _ -> Response in try await self.handle(request) }
        }
        router.post("/oauth2/access_token") { request, _ -> Response in try await self.token(request) }
        router.post("/_simulator/reset") { _, _ -> Response in
            self.reset()
            return Self.json(200, ["reset": true])
        }
        router.post("/_simulator/faults") { request, _ -> Response in
            let body = try await Self.jsonBody(request) ?? [:]
            self.applyFaults(body, defaultStatus: 500)
            return Self.json(200, ["ok": true])
        }
        router.post("/_simulator/oauth/issue") { _, _ -> Response in
            let pair = self.issueTokens()
            return Self.json(200, ["access_token": .string(pair.accessToken), "refresh_token": .string(pair.refreshToken),
                                   "client_id": .string(self.clientID), "client_secret": .string(self.clientSecret),
                                   "redirect_uri": .string(self.redirectURI)])
        }
        router.post("/_simulator/oauth/expire") { _, _ -> Response in
            self.expireAccessTokens()
            return Self.json(200, ["expired": true])
        }
        router.post("/_simulator/oauth/revoke") { _, _ -> Response in
            self.revokeRefreshTokens()
            return Self.json(200, ["revoked": true])
        }
        router.get("/_simulator/leads") { _, _ -> Response in
            Self.json(200, ["leads": .array(self.leads.sorted { $0.key < $1.key }.map(\.value))])
        }
        router.get("/_simulator/contacts") { _, _ -> Response in
            Self.json(200, ["contacts": .array(self.contacts.sorted { $0.key < $1.key }.map(\.value))])
        }
        router.get("/_simulator/notes") { _, _ -> Response in
            Self.json(200, ["notes": .array(self.notes.sorted { $0.key < $1.key }.map(\.value))])
        }
        router.get("/_simulator/requests") { _, _ -> Response in
            Self.json(200, ["requests": .array(self.requests.map(JSONValue.string)), "rate_limited": .number(Double(self.rateLimitedCount)),
                            "refreshes": .number(Double(self.refreshCount))])
        }
        router.post("/_simulator/webhooks/status") { request, _ -> Response in
            let body = try await Self.jsonBody(request) ?? [:]
            return await self.emitStatusWebhook(body)
        }
        return router
    }

    func handle(_ request: Request) async throws -> Response {
        let delay = state.withLock { state -> Duration in
            state.requestCount += 1
            state.log.append("\(request.method.rawValue) \(request.uri.path)")
            return state.answerDelay
        }
        if delay > .zero { try? await Task.sleep(for: delay) }
        guard admit() else { return Self.tooManyRequests() }
        let token = (request.headers[.authorization] ?? "").split(separator: " ", maxSplits: 1)
        let authorized = token.count == 2 && token[0].lowercased() == "bearer"
            && (token[1] == longLivedToken || state.withLock { $0.accessTokens.contains(String(token[1])) })
        guard authorized else { return Self.problem(401, "Unauthorized", "Неверный логин или пароль") }
        if let status = state.withLock({ $0.failures.isEmpty ? nil : $0.failures.removeFirst() }) { return Self.fault(status) }
        var body: JSONValue?
        if request.method != .get {
            let bytes = try await request.body.collect(upTo: 4 << 20)
            guard let parsed = try? JSONValue.parse(Data(bytes.readableBytesView)) else {
                return Self.problem(400, "Bad Request", "Request body is not valid JSON")
            }
            body = parsed
        }
        let base = "http://\(request.head.authority ?? "127.0.0.1")"
        let path = request.uri.path
        let parts = path.split(separator: "/").dropFirst(2).map(String.init)
        let query = Self.formQuery(request.uri.query ?? "")
        let method = request.method
        let reply = state.withLock { state in route(method, parts, path: path, query: query, body: body, base: base, state: &state) }
        if reply.wrote, state.withLock({ state -> Bool in
            guard state.dropsAfterWrite > 0 else { return false }
            state.dropsAfterWrite -= 1
            return true
        }) {
            return Response(status: .ok, headers: [.contentType: "application/hal+json"],
                            body: ResponseBody(contentLength: 4096) { _ in throw DroppedConnection() })
        }
        guard let answer = reply.body else { return Response(status: .noContent) }
        return reply.status >= 400 ? Self.problemResponse(reply.status, answer) : Self.hal(reply.status, answer)
    }

    func route(_ method: HTTPRequest.Method, _ parts: [String], path: String, query: [String: [String]], body: JSONValue?, base: String,
               state: inout State) -> Reply {
        let entity = parts.first ?? ""
        let isEntity = entity == "leads" || entity == "contacts"
        switch method {
        case .get:
            if parts == ["account"] { return Reply(status: 200, body: account(base)) }
            if parts == ["leads", "pipelines"] { return Reply(status: 200, body: pipelines(base)) }
            if isEntity, parts.count == 1 { return list(entity, path: path, query: query, base: base, state: state) }
            if isEntity, parts.count == 2, let id = Int(parts[1]) {
                let record = entity == "leads" ? state.leads[id] : state.contacts[id]
                let with = Set((query["with"]?.first ?? "").split(separator: ",").map(String.init))
                return Reply(status: record == nil ? 204 : 200, body: record.map { render($0, kind: entity, base: base, with: with, state: state) })
            }
            if isEntity, parts.last == "notes", parts.count <= 3 {
                let owner = parts.count == 3 ? Int(parts[1]) : nil
                if parts.count == 3, owner == nil { return Self.notFoundReply() }
                if let owner, (entity == "leads" ? state.leads[owner] : state.contacts[owner]) == nil { return Self.notFoundReply() }
                return listNotes(entity, owner: owner, path: path, query: query, base: base, state: state)
            }
        case .post:
            if isEntity, parts.count == 1 {
                return batch(body, max: 250, key: entity, kind: entity, base: base, state: &state) { item, index, state in
                    entity == "leads" ? self.createLead(item, state: &state) : self.createContact(item, index: index, state: &state)
                }
            }
            if parts == ["leads", "complex"] { return complex(body, base: base, state: &state) }
            if isEntity, parts.last == "notes", parts.count <= 3 {
                let owner = parts.count == 3 ? Int(parts[1]) : nil
                if parts.count == 3, owner == nil { return Self.notFoundReply() }
                if let owner, (entity == "leads" ? state.leads[owner] : state.contacts[owner]) == nil { return Self.notFoundReply() }
                return batch(body, max: 250, key: "notes", kind: "\(entity)/notes", base: base, state: &state) { item, _, state in
                    self.createNote(item, entityType: entity, entityID: owner, state: &state)
                }
            }
        case .patch:
            if isEntity, parts.count == 1 {
                return batch(body, max: 250, key: entity, kind: entity, base: base, updated: true, state: &state) { item, _, state in
                    entity == "leads" ? self.updateLead(item, id: nil, state: &state) : self.updateContact(item, id: nil, state: &state)
                }
            }
            if isEntity, parts.count == 2, let id = Int(parts[1]) {
                guard (entity == "leads" ? state.leads[id] : state.contacts[id]) != nil else { return Self.notFoundReply() }
                guard let body, body.objectValue != nil else { return Self.invalidReply([Invalid(path: "", code: "InvalidType", detail: "This value should be of type object.")]) }
                let result = entity == "leads" ? updateLead(body, id: id, state: &state) : updateContact(body, id: id, state: &state)
                switch result {
                case .success(let id):
                    let record = entity == "leads" ? state.leads[id] : state.contacts[id]
                    return Reply(status: 200, body: ["id": .number(Double(id)), "updated_at": record?["updated_at"] ?? .null,
                                                     "_links": ["self": ["href": .string("\(base)/api/v4/\(entity)/\(id)")]]], wrote: true)
                case .failure(let invalid): return Self.invalidReply([invalid])
                }
            }
        default:
            break
        }
        return Self.notFoundReply()
    }

    /// Applies a batch write all or nothing: every item, or the first refusal as a 400 `validation-errors`.
    func batch(_ body: JSONValue?, max: Int, key: String, kind: String, base: String, updated: Bool = false, state: inout State,
               _ apply: (JSONValue, Int, inout State) -> Result<Int, Invalid>) -> Reply {
        guard let items = body?.arrayValue, (1...max).contains(items.count) else {
            return Self.invalidReply([Invalid(path: "", code: "InvalidType", detail: "The request body must be an array of 1 to \(max) items.")])
        }
        var draft = state
        var answered: [JSONValue] = []
        for (index, item) in items.enumerated() {
            let requestID = item["request_id"]?.stringValue ?? String(index)
            switch apply(item, index, &draft) {
            case .success(let id):
                let path = kind.hasSuffix("notes") ? "\(kind.dropLast(6))/\(Self.int(draft.notes[id]?["entity_id"]) ?? 0)/notes/\(id)" : "\(kind)/\(id)"
                var shown: [String: JSONValue] = ["id": .number(Double(id)), "request_id": .string(requestID),
                                                  "_links": ["self": ["href": .string("\(base)/api/v4/\(path)")]]]
                if kind.hasSuffix("notes") { shown["entity_id"] = draft.notes[id]?["entity_id"] }
                if updated { shown["updated_at"] = (draft.leads[id] ?? draft.contacts[id])?["updated_at"] }
                answered.append(.object(shown))
            case .failure(var invalid):
                invalid.requestID = requestID
                return Self.invalidReply([invalid])
            }
        }
        state = draft
        return Reply(status: 200, body: ["_links": ["self": ["href": .string("\(base)/api/v4/\(kind)")]], "_embedded": [key: .array(answered)]],
                     wrote: true)
    }

    /// `POST /api/v4/leads/complex`: up to 50 leads, each with at most one contact (new, or an existing one by id).
    func complex(_ body: JSONValue?, base: String, state: inout State) -> Reply {
        guard let items = body?.arrayValue, (1...50).contains(items.count) else {
            return Self.invalidReply([Invalid(path: "", code: "InvalidType", detail: "The request body must be an array of 1 to 50 leads.")])
        }
        var draft = state
        var answered: [JSONValue] = []
        for (index, item) in items.enumerated() {
            let requestID = item["request_id"]?.stringValue ?? String(index)
            func refuse(_ invalid: Invalid) -> Reply {
                var invalid = invalid
                invalid.requestID = requestID
                return Self.invalidReply([invalid])
            }
            let contacts = item["_embedded"]?["contacts"]?.arrayValue ?? []
            guard contacts.count <= 1 else { return refuse(Invalid(path: "_embedded.contacts", code: "Count", detail: "This collection should contain 1 element or less.")) }
            var contactID: Int?
            if let contact = contacts.first {
                if let id = Self.int(contact["id"]) {
                    guard draft.contacts[id] != nil else { return refuse(Invalid(path: "_embedded.contacts.0.id", code: "NotFound", detail: "Contact not found")) }
                    contactID = id
                } else {
                    switch createContact(contact, index: 0, state: &draft) {
                    case .success(let id): contactID = id
                    case .failure(var invalid):
                        invalid.path = "_embedded.contacts.0." + invalid.path
                        return refuse(invalid)
                    }
                }
            }
            var lead = item.objectValue ?? [:]
            var embedded = lead["_embedded"]?.objectValue ?? [:]
            embedded["contacts"] = contactID.map { [["id": .number(Double($0))]] } ?? []
            lead["_embedded"] = .object(embedded)
            switch createLead(.object(lead), state: &draft) {
            case .success(let id):
                answered.append(["id": .number(Double(id)), "contact_id": contactID.map { .number(Double($0)) } ?? .null, "company_id": .null,
                                 "request_id": [.string(requestID)], "merged": false])
            case .failure(let invalid): return refuse(invalid)
            }
        }
        state = draft
        return Reply(status: 200, body: .array(answered), wrote: true)
    }

    func list(_ entity: String, path: String, query: [String: [String]], base: String, state: State) -> Reply {
        var records = Array((entity == "leads" ? state.leads : state.contacts).values)
        if let text = query["query"]?.first { records = records.filter { Self.matches($0, query: text) } }
        let ids = Set(query.filter { $0.key == "filter[id]" || $0.key.hasPrefix("filter[id][") }.flatMap(\.value).compactMap { Int($0) })
        if !ids.isEmpty { records = records.filter { ids.contains(Self.int($0["id"]) ?? 0) } }
        // filter[custom_fields_values] needs the account's "filters alpha": off here, so it is ignored, as amoCRM does.
        switch page(records, kind: entity, key: entity, path: path, base: base, query: query, state: state) {
        case .success(let body): return Reply(status: body == nil ? 204 : 200, body: body)
        case .failure(let invalid): return Self.invalidReply([invalid])
        }
    }

    func listNotes(_ entity: String, owner: Int?, path: String, query: [String: [String]], base: String, state: State) -> Reply {
        var notes = state.notes.values.filter { $0["entity_type"]?.stringValue == entity }
        if let owner { notes = notes.filter { Self.int($0["entity_id"]) == owner } }
        if let type = query["filter[note_type]"]?.first ?? query["filter[note_type][]"]?.first {
            notes = notes.filter { $0["note_type"]?.stringValue == type }
        }
        let shown = notes.map { note -> [String: JSONValue] in
            var note = note
            note["entity_type"] = nil
            return note
        }
        switch page(shown, kind: "notes", key: "notes", path: path, base: base, query: query, state: state) {
        case .success(let body): return Reply(status: body == nil ? 204 : 200, body: body)
        case .failure(let invalid): return Self.invalidReply([invalid])
        }
    }
}
