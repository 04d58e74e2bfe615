import Foundation
import Hummingbird
import SaudaAgent
import SaudaBus
import SaudaCore
import SaudaStore

/// The tenant's overview endpoints (as the earlier system's API had them): today's statistics with queue sizes, active follow-ups, booked
/// calls by status, the message log, and a test message from the business.
struct OverviewController: Sendable {
    let console: OperatorConsole
    let bus: any MessageBus

    struct StatsJSON: Encodable {
        let since: Date
        let messagesReceivedToday: Int
        let messagesSentToday: Int
        let voiceTranscribedToday: Int
        let failedToday: Int
        let contacts: [String: Int]
        let takenOver: Int
        let callsToday: Int
        let callsTomorrow: Int
        let modelUsageToday: [String: ModelUsageTotals]
        /// Installation-wide: the queues are shared by every tenant.
        let queueSize: [String: Int]
        let deadLetters: [String: Int]
    }

    struct TestSendRequest: Decodable {
        let phoneNumber: String?
        let session: String?
        let text: String

        enum CodingKeys: String, CodingKey {
            case phoneNumber = "phone_number", session, text
        }
    }

    struct Queued: Encodable {
        let messageId: String
        let contactId: Int64
        let status: String
    }

    static let callStatuses = ["scheduled", "done", "cancelled"]

    func addRoutes(to api: APIRoutes) {
        api.get("stats", summary: "Today's figures of the tenant and the queue sizes", role: .viewer, use: stats)
        api.get("follow-ups/active", summary: "Running follow-up chains", role: .viewer, use: followUps)
        api.get("scheduled-calls", summary: "Booked calls", role: .viewer, use: calls)
        api.get("logs/messages", summary: "The message log", role: .viewer, use: messageLog)
        api.post("test/send-message", summary: "Send a message as the business (a test send)", role: .operator, use: testSend)
    }

    @Sendable func stats(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let day = try await console.today(tenantID: context.tenantID)
        let (sizes, dead) = try await bus.sizes()
        return try JSONResponse.admin(StatsJSON(
            since: day.since, messagesReceivedToday: day.received, messagesSentToday: day.sent, voiceTranscribedToday: day.voice,
            failedToday: day.failed, contacts: Dictionary(uniqueKeysWithValues: day.contacts.map { ($0.key.rawValue, $0.value) }),
            takenOver: day.paused, callsToday: day.callsToday, callsTomorrow: day.callsTomorrow, modelUsageToday: day.usage,
            queueSize: sizes, deadLetters: dead))
    }

    @Sendable func followUps(request: Request, context: AdminRequestContext) async throws -> Response {
        let query = try AdminQuery(request, allowed: ["limit", "offset"])
        let (limit, offset) = (try query.limit(), try query.offset())
        let chains = try await console.followUps(tenantID: context.tenantID, limit: limit, offset: offset)
        return try JSONResponse.admin(FollowUpPageJSON(followUps: chains.map { FollowUpJSON($0.followUp, contact: $0.contact) },
                                                       limit: limit, offset: offset))
    }

    @Sendable func calls(request: Request, context: AdminRequestContext) async throws -> Response {
        let query = try AdminQuery(request, allowed: ["status", "from", "to", "limit", "offset"])
        let (limit, offset) = (try query.limit(), try query.offset())
        let (from, to) = (try query.moment("from"), try query.moment("to"))
        // A window that ends before it starts holds no call.
        let empty = from.flatMap { from in to.map { from >= $0 } } ?? false
        let calls = empty ? [] : try await console.calls(tenantID: context.tenantID, status: try query.choice("status", of: Self.callStatuses),
                                            from: from, to: to, limit: limit, offset: offset)
        return try JSONResponse.admin(CallPageJSON(calls: calls.map { CallJSON($0.call, contact: $0.contact) }, limit: limit, offset: offset))
    }

    @Sendable func messageLog(request: Request, context: AdminRequestContext) async throws -> Response {
        let query = try AdminQuery(request, allowed: ["direction", "chat_id", "before", "limit"])
        let limit = try query.limit(fallback: 100, maximum: 500)
        let direction = try query.choice("direction", of: ["incoming", "outgoing"]).flatMap(MessageDirection.init(rawValue:))
        let before = try query.integer("before", in: 1...Int(Int64.max)).map(Int64.init)
        let entries = try await console.messageLog(tenantID: context.tenantID, direction: direction,
                                                   chatID: try query.text("chat_id", maximumLength: 200), beforeID: before, limit: limit + 1)
        let page = Array(entries.prefix(limit))
        return try JSONResponse.admin(MessageLogPageJSON(messages: page.map(MessageLogEntryJSON.init),
                                                         nextBefore: entries.count > limit ? page.last?.id : nil))
    }

    @Sendable func testSend(request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await JSONRequestBody.decode(TestSendRequest.self, from: request, maxBytes: 64 * 1024)
        try APIInput.text(body.text, field: "text", maximum: OperatorActions.maximumTextLength)
        var phone: String?
        if let raw = body.phoneNumber {
            guard let normalized = PhoneNumber.normalize(try APIInput.phone(raw, field: "phone_number")) else {
                throw APIError(.badRequest, "«\(raw)» is not a phone number: write it as +7 701 234 56 78 or 77012345678")
            }
            phone = normalized
        }
        let message = try await console.testSend(tenantID: context.tenantID, phone: phone, session: body.session, text: body.text,
                                                 by: context.caller.name)
        return try JSONResponse.admin(Queued(messageId: message.messageID, contactId: message.contactID, status: "queued"), status: .accepted)
    }
}
