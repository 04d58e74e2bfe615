import Foundation
import Hummingbird
import Logging
import SaudaAgent
import SaudaCore
import SaudaStore

/// `/api/v1/contacts…` and `/api/v1/messages/{contact_id}` (the earlier system's API path): the caller's contacts with filters and pages,
/// one contact, its messages and the agent's activity, a forced reclassification, pausing and resuming the bot
/// (an operator taking the chat over), and writing to the customer as the business.
///
/// A contact is named by phone number or id (``ContactReference``); one of another tenant is "not found".
struct ContactsController: Sendable {
    let database: any Database
    let console: OperatorConsole
    let moderator: Moderator
    let maxContextMessages: Int

    struct Verdict: Encodable {
        let phoneNumber: String?
        let contactId: Int64
        let status: String
        let isClient: Bool?
        let confidence: Double
        let reasoning: String
        let messages: Int
    }

    struct PauseRequest: Decodable {
        /// How long the bot stays silent; the console's default takeover when absent.
        let minutes: Int?
    }

    struct SendRequest: Decodable {
        let text: String
    }

    struct Queued: Encodable {
        let messageId: String
        let contactId: Int64
        let status: String
    }

    static let statuses = [ContactStatus.client, .notClient, .unknown].map(\.rawValue)
    static let channels = Channel.allCases.map(\.rawValue)

    func addRoutes(to api: APIRoutes) {
        api.get("contacts", summary: "List contacts", role: .viewer, use: list)
        api.get("contacts/:contact", summary: "One contact", role: .viewer, use: show)
        api.get("contacts/:contact/messages", summary: "Messages of a contact", role: .viewer, use: messages)
        api.get("messages/:contact", summary: "Messages of a contact (the earlier system's path)", role: .viewer, use: messages)
        api.get("contacts/:contact/activity", summary: "Tool calls and model calls of a contact", role: .viewer, use: activity)
        api.post("contacts/:contact/classify", summary: "Classify a contact now", role: .operator, use: classify)
        api.post("contacts/:contact/pause", summary: "Pause the bot in a chat (an operator takes over)", role: .operator, use: pause)
        api.post("contacts/:contact/resume", summary: "Resume the bot in a chat (hand back)", role: .operator, use: resume)
        api.post("contacts/:contact/messages", summary: "Write to the customer as the business", role: .operator, use: send)
    }

    @Sendable func list(request: Request, context: AdminRequestContext) async throws -> Response {
        let query = try AdminQuery(request, allowed: ["status", "is_client", "channel", "paused", "q", "limit", "offset"])
        var filter = ContactQuery(limit: try query.limit(), offset: try query.offset())
        filter.status = try query.choice("status", of: Self.statuses).flatMap(ContactStatus.init(rawValue:))
        // The earlier system's `is_client` and `status` together must both hold: a status the flag rules out lists no one.
        var contradictory = false
        if let isClient = try query.boolean("is_client") {
            let implied: ContactStatus = isClient ? .client : .notClient
            contradictory = filter.status.map { $0 != implied } ?? false
            filter.status = implied
        }
        filter.channel = try query.choice("channel", of: Self.channels).flatMap(Channel.init(rawValue:))
        filter.paused = try query.boolean("paused")
        filter.search = try query.text("q")
        let (page, total) = contradictory ? ([], 0) : try await console.contacts(tenantID: context.tenantID, query: filter)
        return try JSONResponse.admin(ContactPageJSON(contacts: page.map(ContactListItemJSON.init), total: total,
                                                      limit: filter.limit, offset: filter.offset))
    }

    @Sendable func show(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let detail = try await console.conversation(tenantID: context.tenantID, try reference(context), limit: 10_000)
        return try JSONResponse.admin(ContactDetailJSON(detail))
    }

    @Sendable func messages(request: Request, context: AdminRequestContext) async throws -> Response {
        let query = try AdminQuery(request, allowed: ["after", "limit"])
        let limit = try query.limit(fallback: 100, maximum: 500)
        let after = try query.integer("after", in: 0...Int(Int32.max)) ?? 0
        let detail = try await console.conversation(tenantID: context.tenantID, try reference(context), afterID: Int64(after),
                                                    limit: limit + 1)
        let page = Array(detail.messages.prefix(limit))
        return try JSONResponse.admin(MessagePageJSON(contactId: detail.contact.id, messages: page.map(MessageJSON.init),
                                                      nextAfter: detail.messages.count > limit ? page.last?.id : nil))
    }

    @Sendable func activity(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let detail = try await console.conversation(tenantID: context.tenantID, try reference(context), limit: 0)
        return try JSONResponse.admin(ActivityJSON(detail))
    }

    @Sendable func classify(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.caller
        let contact = try await console.contact(tenantID: caller.tenantID, try reference(context))
        let limit = maxContextMessages
        let (history, business) = try await database.read { sql in
            (try await MessageRepository(sql).recent(contactID: contact.id, limit: limit),
             try await TenantRepository(sql).find(id: caller.tenantID)?.name ?? "")
        }
        guard history.contains(where: { $0.author == .customer }) else {
            throw APIError(.conflict, "contact \(contact.id) has not written yet: there is nothing to classify")
        }
        let now = Date()
        let verdict = await moderator.classify(profile: contact.profile, history: history.map(\.conversationMessage), businessName: business,
                                               now: now, tenantID: caller.tenantID, contactID: contact.id)
        // A model that gave no usable answer leaves the stored verdict as it was.
        guard verdict != Moderator.deferred else {
            throw APIError(.serviceUnavailable, "the moderator's model gave no usable answer; the stored verdict is unchanged, try again later")
        }
        try await database.transaction { sql in
            try await ContactRepository(sql).saveClassification(contactID: contact.id, verdict, now: now)
        }
        context.logger.info("contact classified on request", metadata: [
            "contact": "\(contact.id)", "status": "\(verdict.status.rawValue)", "token": "\(caller.name)"])
        return try JSONResponse.admin(Verdict(phoneNumber: contact.internationalPhone, contactId: contact.id,
                                              status: verdict.status.rawValue, isClient: verdict.isClient, confidence: verdict.confidence,
                                              reasoning: verdict.reasoning, messages: history.count))
    }

    @Sendable func pause(request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await JSONRequestBody.decodeOptional(PauseRequest.self, from: request, maxBytes: 1024)
        var until: Date?
        if let minutes = body?.minutes {
            guard (1...10_080).contains(minutes) else { throw APIError(.badRequest, "field «minutes» must be from 1 to 10080 (a week)") }
            until = Date().addingTimeInterval(TimeInterval(minutes * 60))
        }
        let contact = try await console.takeOver(tenantID: context.tenantID, try reference(context), until: until,
                                                 by: context.caller.name)
        return try JSONResponse.admin(ContactJSON(contact, pausedBy: context.caller.name))
    }

    @Sendable func resume(request: Request, context: AdminRequestContext) async throws -> Response {
        let contact = try await console.handBack(tenantID: context.tenantID, try reference(context), by: context.caller.name)
        return try JSONResponse.admin(ContactJSON(contact, pausedBy: nil))
    }

    @Sendable func send(request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await JSONRequestBody.decode(SendRequest.self, from: request, maxBytes: 64 * 1024)
        try APIInput.text(body.text, field: "text", maximum: OperatorActions.maximumTextLength)
        let message = try await console.send(tenantID: context.tenantID, try reference(context), text: body.text, by: context.caller.name)
        return try JSONResponse.admin(Queued(messageId: message.messageID, contactId: message.contactID, status: "queued"), status: .accepted)
    }

    private func reference(_ context: AdminRequestContext) throws -> ContactReference {
        try ContactReference.parse(try context.parameters.require("contact"))
    }
}
