import Foundation
import Logging
import SaudaBus
import SaudaCore
import SaudaStore

/// The web chat's side of the inbound seam: validates a visitor's post, hands it to the ``InboundGateway`` (which
/// records it in the message log, where the provider id is unique so a repeated post is recognised, and publishes it
/// to `incoming_messages` in one transaction), and echoes it to the session's live viewers.
public struct WebChatGateway: Sendable {
    let database: any Database
    let inbound: InboundGateway
    let hub: WebChatHub
    let maxTextLength: Int
    let logger: Logger
    let tenants: TenantDirectory

    /// Creates the web chat's adapter over the shared gateway.
    public init(database: any Database, inbound: InboundGateway, hub: WebChatHub, maxTextLength: Int, logger: Logger) {
        self.database = database
        self.tenants = TenantDirectory(database: database)
        self.inbound = inbound
        self.hub = hub
        self.maxTextLength = maxTextLength
        self.logger = logger
    }

    /// Creates the web chat's adapter with a gateway of its own.
    public init(database: any Database, bus: any MessageBus, hub: WebChatHub, maxTextLength: Int, logger: Logger) {
        self.init(database: database, inbound: InboundGateway(database: database, bus: bus, humanPause: .zero, logger: logger), hub: hub,
                  maxTextLength: maxTextLength, logger: logger)
    }

    /// The outcome of an accepted post.
    public struct Accepted: Sendable, Codable, Hashable {
        /// The message's id in the conversation.
        public var id: String
        /// Whether the same message had been accepted before.
        public var duplicate: Bool
    }

    static func isValidIdentifier(_ text: String) -> Bool {
        (1...128).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
    }

    /// The provider message id of a web-chat message.
    public static func messageID(session: String, clientID: String) -> String { "wc:\(session):\(clientID)" }

    /// Whether a business with this id exists (looked up in a short-lived cache).
    public func tenantExists(_ tenantID: String) async throws -> Bool {
        try await tenants.tenant(tenantID) != nil
    }

    /// Checks a session id.
    public static func validate(session: String) throws(GatewayError) {
        guard isValidIdentifier(session) else {
            throw GatewayError(kind: .invalid, reason: "session must be 1–128 characters of letters, digits, '.', '_' or '-'")
        }
    }

    /// Accepts a customer's message.
    /// - Throws: ``GatewayError`` for invalid input, an unknown tenant or a full queue; nothing is stored then.
    public func accept(tenantID: String, session: String, text: String, clientID: String?) async throws -> Accepted {
        try Self.validate(session: session)
        let trimmed = TextAnalysis.trimmed(text)
        // Zero-width, control and format characters alone (`\u{200B}`, `\u{FEFF}`, `\u{0000}`) are as empty as no text.
        guard !TextAnalysis.isBlank(trimmed) else { throw GatewayError(kind: .invalid, reason: "text must not be empty or invisible") }
        guard !TextAnalysis.isLonger(trimmed, than: maxTextLength) else {
            throw GatewayError(kind: .invalid, reason: "text is longer than \(maxTextLength) characters")
        }
        if let clientID {
            guard Self.isValidIdentifier(clientID) else {
                throw GatewayError(kind: .invalid, reason: "id must be 1–128 characters of letters, digits, '.', '_' or '-'")
            }
        }
        let messageID = Self.messageID(session: session, clientID: clientID ?? UUID.random().uuidString.lowercased())
        let now = Date()
        guard try await tenants.tenant(tenantID) != nil else {
            throw GatewayError(kind: .unknownTenant, reason: "unknown tenant «\(tenantID)»")
        }
        let message = InboundCustomerMessage(id: messageID, chatID: session, phoneNumber: nil, senderName: nil, contactInfo: nil,
                                             sentAt: now, content: .text(trimmed))
        let outcome = try await inbound.accept(tenantID: tenantID, channel: .webchat, events: [.customerMessage(message)], now: now)
        if let violation = outcome.refusals.first {
            throw GatewayError(kind: violation.kind == .tooLarge ? .tooLarge : .invalid, reason: violation.description)
        }
        let inserted = outcome.accepted > 0
        if inserted {
            hub.publish(WebChatMessage(id: messageID, role: "customer", text: trimmed, time: ISO8601.format(now), status: "pending"),
                        tenantID: tenantID, session: session)
        }
        return Accepted(id: messageID, duplicate: !inserted)
    }

    /// The whole conversation of a session, oldest first: stored messages, plus accepted customer
    /// messages the agent has not read yet. Replies appear once delivered.
    public func conversation(tenantID: String, session: String) async throws -> [WebChatMessage]? {
        try Self.validate(session: session)
        let key = ConversationKey(tenantID: tenantID, channel: .webchat, chatID: session)
        return try await database.read { sql -> [WebChatMessage]? in
            guard try await TenantRepository(sql).find(id: tenantID) != nil else { return nil }
            var result: [WebChatMessage] = []
            if let contact = try await ContactRepository(sql).find(key: key) {
                let messages = try await MessageRepository(sql).conversation(contactID: contact.id, limit: 10_000)
                var answered: [Int64: [String]] = [:]
                for message in messages where message.author == .customer {
                    if let bot = message.answeredBy { answered[bot, default: []].append(message.messageID) }
                }
                for message in messages {
                    switch message.author {
                    case .customer:
                        result.append(WebChatMessage(id: message.messageID, role: "customer", text: message.text,
                                                     time: ISO8601.format(message.timestamp),
                                                     status: message.answeredBy != nil ? "answered" : "received"))
                    case .bot, .human:
                        guard let status = message.deliveryStatus, DeliveryStatus.hasReachedChannel(status) else { continue }
                        result.append(WebChatMessage(id: message.messageID, role: message.author.rawValue, text: message.text,
                                                     time: ISO8601.format(message.timestamp), status: status,
                                                     replyTo: message.replyToMessageID, answers: answered[message.id] ?? []))
                    }
                }
            }
            for pending in try await MessageLogRepository(sql).pendingIncoming(key: key) {
                result.append(WebChatMessage(id: pending.messageID, role: "customer", text: pending.text ?? "",
                                             time: ISO8601.format(pending.createdAt), status: "pending"))
            }
            return result
        }
    }
}
