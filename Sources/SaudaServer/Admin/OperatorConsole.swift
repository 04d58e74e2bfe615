import Foundation
import Hummingbird
import Logging
import SaudaAgent
import SaudaBus
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaStore

/// What an operator sees and does, for one tenant at a time: the admin API and the dashboard both call it, so
/// they show the same data. The actions themselves are ``OperatorActions`` (shared with the command line); this type
/// finds the caller's contact for them and answers their refusals as ``APIError``s. Every method takes the caller's
/// tenant and never reads or changes another tenant's rows (a contact of another tenant is "not found").
public final class OperatorConsole: Sendable {
    let database: any Database
    /// The actions, one implementation for the admin API, the console and the command line.
    public let actions: OperatorActions
    /// The tenants whose WhatsApp number is configured (a test message to a phone needs one).
    let whatsappTenants: Set<String>
    /// Whether a business has a WhatsApp channel connection running (asked besides ``whatsappTenants``).
    let hasWhatsAppConnection: @Sendable (String) -> Bool
    let timeZone: TimeZone
    let logger: Logger

    /// Creates the console.
    /// - Parameters:
    ///   - outboxSignal: notified after a message of an operator was queued (the relay's signal).
    ///   - whatsappTenants: tenants with a WhatsApp number of `WAPPI_*`.
    ///   - hasWhatsAppConnection: whether a business has a WhatsApp channel connection running.
    ///   - timeZone: the installation's time zone, for "today".
    public init(database: any Database, outboxSignal: WakeSignal, whatsappTenants: Set<String>,
                hasWhatsAppConnection: @escaping @Sendable (String) -> Bool = { _ in false }, timeZone: TimeZone, logger: Logger) {
        self.database = database
        self.actions = OperatorActions(database: database, outboxSignal: outboxSignal, logger: logger)
        self.whatsappTenants = whatsappTenants
        self.hasWhatsAppConnection = hasWhatsAppConnection
        self.timeZone = timeZone
        self.logger = logger
    }

    // MARK: contacts

    /// A page of the tenant's conversations.
    public func contacts(tenantID: String, query: ContactQuery) async throws -> (page: [ContactSummary], total: Int) {
        try await database.read { sql in try await ContactRepository(sql).list(tenantID: tenantID, query: query, now: Date()) }
    }

    /// The tenant's contact named by `reference`.
    /// - Throws: ``APIError`` 404 when the tenant has no such contact.
    public func contact(tenantID: String, _ reference: ContactReference) async throws -> Contact {
        let found = try await database.read { sql -> Contact? in
            let contacts = ContactRepository(sql)
            switch reference {
            case .id(let id):
                guard let contact = try await contacts.find(id: id), contact.key.tenantID == tenantID else { return nil }
                return contact
            case .phone(let phone):
                return try await contacts.find(tenantID: tenantID, phone: phone)
            }
        }
        guard let found else { throw APIError(.notFound, "no contact \(reference) in this tenant") }
        return found
    }

    /// Everything about one conversation: the contact, its messages (after `afterID`, at most `limit`; with `newest`
    /// the latest `limit`), the agent's tool calls and model calls with their tokens, the follow-up chain, booked calls and the lead.
    public func conversation(tenantID: String, _ reference: ContactReference, afterID: Int64 = 0, limit: Int = 500,
                             newest: Bool = false) async throws -> ConversationDetail {
        let contact = try await contact(tenantID: tenantID, reference)
        return try await database.read { sql in
            let usage = ModelUsageRepository(sql)
            return ConversationDetail(
                contact: contact,
                pausedBy: try await ContactRepository(sql).pausedBy(contactID: contact.id),
                leadDetails: try await ContactRepository(sql).leadDetails(contactID: contact.id),
                messages: newest ? try await MessageRepository(sql).recent(contactID: contact.id, limit: limit)
                    : try await MessageRepository(sql).conversation(contactID: contact.id, afterID: afterID, limit: limit),
                toolCalls: try await usage.toolCallRecords(contactID: contact.id, limit: 500),
                modelCalls: try await usage.records(contactID: contact.id, limit: 500),
                followUp: try await FollowUpRepository(sql).active(contactID: contact.id),
                calls: try await ScheduledCallRepository(sql).upcoming(contactID: contact.id),
                alerts: try await AlertRepository(sql).open(contactID: contact.id),
                lead: try await LeadRepository(sql).latest(contactID: contact.id),
                crmLinks: try await CRMLinkRepository(sql).forContact(tenantID: tenantID, contactID: contact.id),
                crmSyncs: try await CRMSyncRepository(sql).forContact(tenantID: tenantID, contactID: contact.id))
        }
    }

    /// One message of the tenant's contact named by `reference`, by its row id.
    /// - Throws: ``APIError`` 404 when the tenant has no such contact or the contact no such message.
    public func message(tenantID: String, _ reference: ContactReference, id: Int64) async throws -> (contact: Contact, message: StoredMessage) {
        let contact = try await contact(tenantID: tenantID, reference)
        guard let message = try await database.read({ sql in try await MessageRepository(sql).find(contactID: contact.id, id: id) }) else {
            throw APIError(.notFound, "no message \(id) in this conversation")
        }
        return (contact, message)
    }

    // MARK: takeover

    /// An operator takes the chat over (``OperatorActions/takeOver(_:until:by:)``).
    /// - Throws: ``APIError`` 404 for a contact of no such reference, 400 for a takeover ending in the past.
    public func takeOver(tenantID: String, _ reference: ContactReference, until: Date? = nil, by operatorName: String) async throws -> Contact {
        let contact = try await contact(tenantID: tenantID, reference)
        return try await APIError.answering { try await actions.takeOver(contact, until: until, by: operatorName) }
    }

    /// The operator hands the chat back (``OperatorActions/handBack(_:by:)``).
    public func handBack(tenantID: String, _ reference: ContactReference, by operatorName: String) async throws -> Contact {
        let contact = try await contact(tenantID: tenantID, reference)
        return try await APIError.answering { try await actions.handBack(contact, by: operatorName) }
    }

    /// Writes to the customer as the business: the message is stored in the conversation and queued for the
    /// channel in one transaction, and goes out through the sender like the bot's replies.
    /// - Throws: ``APIError`` 400 for an empty or too long text.
    @discardableResult
    public func send(tenantID: String, _ reference: ContactReference, text: String, by operatorName: String) async throws -> StoredMessage {
        let contact = try await contact(tenantID: tenantID, reference)
        return try await send(to: contact, text: text, by: operatorName)
    }

    /// The test send: a message from the business to a phone number over WhatsApp, or to a web-chat
    /// session; the contact is created when the number never wrote.
    public func testSend(tenantID: String, phone: String?, session: String?, text: String, by operatorName: String) async throws -> StoredMessage {
        let key: ConversationKey
        switch (phone, session) {
        case (let phone?, nil):
            guard whatsappTenants.contains(tenantID) || hasWhatsAppConnection(tenantID) else {
                throw APIError(.conflict, "this tenant has no WhatsApp number configured (WAPPI_TOKEN, WAPPI_PROFILE_ID)")
            }
            key = ConversationKey(tenantID: tenantID, channel: .whatsapp, chatID: WappiMessage.chatID(phoneNumber: phone))
        case (nil, let session?):
            do { try WebChatGateway.validate(session: session) } catch { throw APIError(.badRequest, error.reason) }
            key = ConversationKey(tenantID: tenantID, channel: .webchat, chatID: session)
        default:
            throw APIError(.badRequest, "give exactly one of «phone_number» and «session»")
        }
        let contact = try await database.transaction { sql in
            try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: phone, profile: ContactProfile(),
                                                          initialStatus: key.channel == .webchat ? .client : .unknown, now: Date())
        }
        return try await send(to: contact, text: text, by: operatorName)
    }

    private func send(to contact: Contact, text: String, by operatorName: String) async throws -> StoredMessage {
        try await APIError.answering { try await actions.write(to: contact, text: text, by: operatorName) }
    }


    // MARK: lists

    /// The tenant's running follow-up chains with their contacts, soonest touch first.
    public func followUps(tenantID: String, limit: Int, offset: Int) async throws -> [(followUp: FollowUp, contact: Contact?)] {
        try await database.read { sql in
            let chains = try await FollowUpRepository(sql).running(tenantID: tenantID, limit: limit, offset: offset)
            let contacts = try await ContactRepository(sql).find(tenantID: tenantID, ids: Set(chains.map(\.contactID)))
            return chains.map { ($0, contacts[$0.contactID]) }
        }
    }

    /// The tenant's booked calls with their contacts, soonest first.
    public func calls(tenantID: String, status: String?, from: Date?, to: Date?, limit: Int, offset: Int) async throws
        -> [(call: ScheduledCall, contact: Contact?)] {
        try await database.read { sql in
            let calls = try await ScheduledCallRepository(sql).list(tenantID: tenantID, status: status, from: from, to: to,
                                                                    limit: limit, offset: offset)
            let contacts = try await ContactRepository(sql).find(tenantID: tenantID, ids: Set(calls.map(\.contactID)))
            return calls.map { ($0, contacts[$0.contactID]) }
        }
    }

    /// The tenant's message log, newest first.
    public func messageLog(tenantID: String, direction: MessageDirection?, chatID: String?, beforeID: Int64?, limit: Int) async throws
        -> [MessageLogEntry] {
        try await database.read { sql in
            try await MessageLogRepository(sql).recent(tenantID: tenantID, direction: direction, chatID: chatID, beforeID: beforeID, limit: limit)
        }
    }

    /// Today's figures of the tenant (the day in the installation's time zone).
    public func today(tenantID: String) async throws -> TenantDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.startOfDay(for: Date())
        return try await database.read { sql in
            let logs = MessageLogRepository(sql)
            let calls = try await ScheduledCallRepository(sql).list(tenantID: tenantID, status: "scheduled", from: start,
                                                                    to: start.addingTimeInterval(86_400 * 2), limit: 1000, offset: 0)
            return TenantDay(
                since: start,
                received: try await logs.count(direction: .incoming, since: start, tenantID: tenantID),
                sent: try await logs.count(direction: .outgoing, since: start, providerStatuses: DeliveryStatus.reachedChannelValues, tenantID: tenantID),
                voice: try await logs.count(direction: .incoming, since: start, voiceOnly: true, tenantID: tenantID),
                failed: try await logs.count(direction: .outgoing, since: start, providerStatuses: ["failed"], tenantID: tenantID),
                contacts: try await ContactRepository(sql).countByStatus(tenantID: tenantID),
                paused: try await ContactRepository(sql).list(tenantID: tenantID, query: ContactQuery(paused: true, limit: 1), now: Date()).total,
                callsToday: calls.filter { $0.scheduledAt < start.addingTimeInterval(86_400) }.count,
                callsTomorrow: calls.filter { $0.scheduledAt >= start.addingTimeInterval(86_400) }.count,
                usage: try await ModelUsageRepository(sql).totals(since: start, tenantID: tenantID))
        }
    }
}
