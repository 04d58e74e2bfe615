import Foundation
import Hummingbird
import NIOCore
import SaudaCore
import Synchronization

extension Bitrix24Simulator {
    /// The connection was closed on purpose after a write was applied.
    struct DroppedConnection: Error {}

    /// Routes of the simulated portal: `/rest/{user}/{code}/{method}` and `/rest/{user}/{code}/{method}.json`.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/rest/:user/:code/:method", method: method) { request, context -> Response in
                let user = context.parameters.get("user") ?? ""
                let code = context.parameters.get("code") ?? ""
                var name = context.parameters.get("method") ?? ""
                if name.hasSuffix(".json") { name = String(name.dropLast(5)) }
                let bytes = try await request.body.collect(upTo: 16 << 20)
                var params = (bytes.readableBytes > 0 ? (try? JSONValue.parse(Data(bytes.readableBytesView))) : nil)?.objectValue ?? [:]
                for (key, value) in request.uri.queryParameters where params[String(key)] == nil {
                    params[String(key)] = .string(String(value))
                }
                return try await self.handle(user: user, code: code, method: name, params: params)
            }
        }
        addEventRoutes(to: router)
        return router
    }

    func handle(user: String, code: String, method: String, params: [String: JSONValue]) async throws -> Response {
        let (revoked, expired, delay) = state.withLock { state in
            state.calls.append(method)
            return (state.revoked, state.expired, state.answerDelay)
        }
        if delay > .zero { try await clock.sleep(for: delay) }
        guard user == userID, code == self.code, !revoked else {
            return Self.error(401, "NO_AUTH_FOUND", "Wrong authorization data")
        }
        if expired { return Self.error(401, "expired_token", "The access token provided has expired.") }
        guard takeFromBucket() else { return Self.error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests") }
        if let fault = state.withLock({ $0.faults.isEmpty ? nil : $0.faults.removeFirst() }) {
            return Self.error(fault.status, fault.error, fault.description)
        }
        let started = Date()
        let answer = run(method, params)
        let isWrite = method.hasSuffix(".add") || method.hasSuffix(".update")
        if isWrite, answer.status == 200, state.withLock({ state in
            defer { state.dropNextWrite = false }
            return state.dropNextWrite
        }) {
            // The head goes out, then the connection closes before the body: the client loses the answer.
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody { _ in throw DroppedConnection() })
        }
        guard answer.status == 200 else { return Self.json(answer.status, answer.body) }
        var envelope = answer.body.objectValue ?? [:]
        envelope["time"] = Self.time(started: started)
        return Self.json(200, .object(envelope))
    }

    /// A method's answer: its status and its body (`result` with `total`/`next`, or the error).
    struct Answer {
        var status: Int
        var body: JSONValue

        static func result(_ value: JSONValue) -> Answer { Answer(status: 200, body: ["result": value]) }
    }

    func run(_ method: String, _ params: [String: JSONValue]) -> Answer {
        switch method {
        case "profile":
            return .result(["ID": .string(userID), "ADMIN": true, "NAME": "Sim", "LAST_NAME": "Admin", "PERSONAL_GENDER": "",
                            "TIME_ZONE": "", "TIME_ZONE_OFFSET": 10800])
        case "scope": return .result(["crm", "user", "booking", "calendar"])
        case "crm.lead.add": return add("lead", params)
        case "crm.contact.add": return add("contact", params)
        case "crm.lead.update": return update("lead", params)
        case "crm.contact.update": return update("contact", params)
        case "crm.lead.get": return get("lead", params)
        case "crm.contact.get": return get("contact", params)
        case "crm.lead.list": return list("lead", params)
        case "crm.contact.list": return list("contact", params)
        case "crm.duplicate.findbycomm": return findByComm(params)
        case "crm.timeline.comment.add": return addComment(params)
        case "crm.deal.get": return getDeal(params)
        case "booking.v1.resource.list": return listResources()
        case "booking.v1.resource.slots.list": return listSchedule(params)
        case "booking.v1.booking.list": return listBookings(params)
        case "booking.v1.booking.add": return addBooking(params)
        case "booking.v1.booking.client.set": return setBookingClient(params)
        case "booking.v1.booking.delete": return deleteBooking(params)
        default: return Self.failure(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
        }
    }

    static func failure(_ status: Int, _ code: String, _ description: String) -> Answer {
        Answer(status: status, body: ["error": .string(code), "error_description": .string(description)])
    }

    static func error(_ status: Int, _ code: String, _ description: String) -> Response {
        json(status, ["error": .string(code), "error_description": .string(description)])
    }

    static func json(_ status: Int, _ body: JSONValue) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: body.jsonText)))
    }

    /// The `time` part of a success: wall-clock seconds, ISO dates, and the resource-time counters.
    static func time(started: Date) -> JSONValue {
        let finished = Date()
        let iso = ISO8601DateFormatter()
        return ["start": .number(started.timeIntervalSince1970), "finish": .number(finished.timeIntervalSince1970),
                "duration": .number(finished.timeIntervalSince(started)), "processing": .number(finished.timeIntervalSince(started)),
                "date_start": .string(iso.string(from: started)), "date_finish": .string(iso.string(from: finished)),
                "operating_reset_at": .number((finished.timeIntervalSince1970 + 600).rounded(.down)), "operating": 0]
    }
}
