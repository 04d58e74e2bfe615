import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

extension DashboardController {
    /// The contact id of a console path (`/console/conversations/{id}`); anything else is "not found".
    static func contactID(_ context: ConsoleRequestContext) throws -> ContactReference {
        guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else {
            throw APIError(.notFound, "no such conversation")
        }
        return .id(id)
    }

    @Sendable func conversations(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let filters = ConversationsPage.Filters(Self.query(request))
        let cursor = Date()
        let (rows, total) = try await console.contacts(tenantID: context.tenantID, query: filters.query())
        return Self.page(ConversationsPage.render(page: rows, total: total, filters: filters, cursor: cursor, context: page))
    }

    @Sendable func conversation(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let reference = try Self.contactID(context)
        let detail = try await console.conversation(tenantID: context.tenantID, reference, newest: true)
        let flash: HTML = switch Self.query(request)["done"] {
        case "taken": ConsoleLayout.flash(page.t(.flashTaken))
        case "handed": ConsoleLayout.flash(page.t(.flashHanded))
        case "sent": ConsoleLayout.flash(page.t(.flashSent))
        case "resolved": ConsoleLayout.flash(page.t(.flashResolved))
        case "crm-retried": ConsoleLayout.flash(page.t(.flashCRMRetried))
        default: ""
        }
        return Self.page(ConversationPage.render(detail, flash: flash, context: page))
    }

    /// `/console/conversations/{id}/messages/{message}`: the whole text of one message.
    @Sendable func wholeMessage(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let reference = try Self.contactID(context)
        guard let raw = context.parameters.get("message"), let id = Int64(raw), id > 0 else {
            throw APIError(.notFound, "no such message")
        }
        let (contact, message) = try await console.message(tenantID: context.tenantID, reference, id: id)
        return Self.page(ConversationPage.whole(message, contact: contact, context: context.page))
    }

    @Sendable func takeOver(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let reference = try Self.contactID(context)
        let form = try await Self.form(request)
        let hours = min(72, max(1, Int(form["hours"] ?? "") ?? 12))
        let contact = try await console.takeOver(tenantID: context.tenantID, reference,
                                                 until: Date().addingTimeInterval(Double(hours) * 3600), by: context.principal.name)
        return ConsoleSession.redirect(to: "/console/conversations/\(contact.id)?done=taken")
    }

    @Sendable func handBack(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let reference = try Self.contactID(context)
        let contact = try await console.handBack(tenantID: context.tenantID, reference, by: context.principal.name)
        return ConsoleSession.redirect(to: "/console/conversations/\(contact.id)?done=handed")
    }

    @Sendable func send(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let reference = try Self.contactID(context)
        let form = try await Self.form(request, limit: 64 * 1024)
        let contact = try await console.contact(tenantID: context.tenantID, reference)
        // Writing is for a chat taken over: otherwise the bot and the operator would answer at once.
        guard (contact.botPausedUntil ?? .distantPast) > Date() else { throw APIError(.conflict, page.t(.takeOverToWrite)) }
        try await console.send(tenantID: context.tenantID, reference, text: form["text"] ?? "", by: context.principal.name)
        return ConsoleSession.redirect(to: "/console/conversations/\(contact.id)?done=sent")
    }

    /// An admin sends a dead-lettered CRM record of the conversation again.
    @Sendable func retryCRMSync(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let reference = try Self.contactID(context)
        let contact = try await console.contact(tenantID: context.tenantID, reference)
        guard let raw = context.parameters.get("sync"), let id = Int64(raw), id > 0 else { throw APIError(.notFound, "no such CRM record") }
        let tenantID = context.tenantID
        let retried = try await console.database.transaction { sql -> CRMSync? in
            guard try await CRMSyncRepository(sql).forContact(tenantID: tenantID, contactID: contact.id).contains(where: { $0.id == id }) else {
                return nil
            }
            return try await CRMSyncRepository(sql).retry(tenantID: tenantID, id: id, now: Date())
        }
        guard retried != nil else { throw APIError(.notFound, "no given-up CRM record \(id) in this conversation") }
        return ConsoleSession.redirect(to: "/console/conversations/\(contact.id)?done=crm-retried#crm")
    }
}
