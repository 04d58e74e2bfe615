import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

extension DashboardController {
    /// How often a stream checks its token again (a revoked token stops its streams).
    static let recheckInterval: Duration = .seconds(30)

    /// `/console/events/contacts?since=<ms>&status=…`: each contact of the list's filters that changed since the
    /// cursor, as `contact` events carrying the table row; the event id is the new cursor. Both streams also send the
    /// open alerts' count (`alerts` events) when it changes.
    @Sendable func contactEvents(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let tenantID = context.tenantID
        let fields = Self.query(request)
        let filters = ConversationsPage.Filters(fields)
        let resumed = request.headers[.lastEventID].flatMap { Int64($0) }
        let start = resumed ?? Int64(fields["since"] ?? "") ?? Int64(Date().timeIntervalSince1970 * 1000)
        let token = ConsoleSession.token(of: request) ?? ""
        let console = self.console
        let authenticator = self.authenticator
        let cursor = Mutable(Date(timeIntervalSince1970: Double(start) / 1000))
        let checked = Mutable(ContinuousClock.now)
        // The rows sent, with the change they showed: the query looks a few seconds behind the cursor (a change
        // stamped before a later one may commit after it), and a row already sent as it is is not sent again.
        let sent = Mutable([Int64: Date]())
        struct Row: Encodable { let id: Int64; let html: String }
        let alerts = Mutable<Int?>(nil)
        return LiveStream.response(interval: pollInterval, lifetime: streamLifetime) { writer in
            guard await Self.stillAllowed(token, authenticator, checked) else { return false }
            try await Self.writeAlertCount(console, tenantID: tenantID, last: alerts, to: &writer)
            let (found, _) = try await console.contacts(tenantID: tenantID,
                                                        query: filters.query(changedSince: cursor.value.addingTimeInterval(-5)))
            let rows = found.filter { sent.value[$0.contact.id] != $0.updatedAt }
            guard !rows.isEmpty else { return true }
            if sent.value.count > 10_000 { sent.value.removeAll() }
            for row in rows { sent.value[row.contact.id] = row.updatedAt }
            cursor.value = max(cursor.value, rows.map(\.updatedAt).max() ?? cursor.value)
            let id = String(Int64((cursor.value.timeIntervalSince1970 * 1000).rounded(.down)))
            // Oldest first, so the page's "insert at the top" leaves the newest on top.
            for row in rows.reversed() {
                try await writer.write(LiveStream.event("contact", id: id,
                                                        data: Row(id: row.contact.id, html: ConversationsPage.row(row, context: page).rendered)))
            }
            return true
        }
    }

    /// `/console/events/conversations/{id}?after=<message id>&state=<digest>`: new messages and messages whose
    /// delivery status changed (`message` events with the bubble), and the side panel, send box and agent activity
    /// when they changed (`state` event with the parts that changed).
    @Sendable func conversationEvents(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let tenantID = context.tenantID
        let reference = try Self.contactID(context)
        let fields = Self.query(request)
        // Opening the stream checks the conversation is the tenant's: another tenant's gets the 404 page.
        let first = try await console.conversation(tenantID: tenantID, reference, afterID: Int64.max)
        let after = Int64(fields["after"] ?? "") ?? 0
        let token = ConsoleSession.token(of: request) ?? ""
        let console = self.console
        let authenticator = self.authenticator
        let tracker = Mutable(ConversationTracker(lastID: after, digest: fields["state"] ?? "", pendingFrom: Int64(fields["pending"] ?? "")))
        let checked = Mutable(ContinuousClock.now)
        let contact = first.contact
        let alerts = Mutable<Int?>(nil)
        return LiveStream.response(interval: pollInterval, lifetime: streamLifetime) { writer in
            guard await Self.stillAllowed(token, authenticator, checked) else { return false }
            try await Self.writeAlertCount(console, tenantID: tenantID, last: alerts, to: &writer)
            let detail = try await console.conversation(tenantID: tenantID, .id(contact.id),
                                                        afterID: tracker.value.watermark)
            for message in tracker.value.changed(detail.messages) {
                try await writer.write(LiveStream.event("message", data: ConversationTracker.MessageEvent(
                    id: message.id, html: ConversationPage.message(message, contact: detail.contact, context: page).rendered)))
            }
            if let state = tracker.value.stateChange(ConversationPage.State(detail, context: page)) {
                try await writer.write(LiveStream.event("state", data: state))
            }
            return true
        }
    }

    /// Checks the stream's token again every ``recheckInterval``.
    static func stillAllowed(_ token: String, _ authenticator: AdminAuthenticator, _ checked: Mutable<ContinuousClock.Instant>) async -> Bool {
        guard ContinuousClock.now - checked.value > recheckInterval else { return true }
        checked.value = ContinuousClock.now
        do {
            _ = try await authenticator.authorize(token: token, needs: .viewer)
            return true
        } catch let error as APIError where error.status == .tooManyRequests {
            return true
        } catch {
            return false
        }
    }
}
