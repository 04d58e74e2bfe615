import Foundation
import SaudaChannels
import SaudaCore
import SaudaStore
import Synchronization

/// Sends replies to Telegram through the bot of each chat (the chat key names it, ``TelegramChat``): as plain text
/// (no `parse_mode`: model output breaks MarkdownV2), cut at paragraph or sentence ends when longer than 4,096
/// characters (``TelegramTextSplitter``), the first part quoting the customer's message when the reply names one (a
/// quoted message deleted meanwhile is no reason to fail). A chat of the owner's account (Telegram Business) is answered
/// on the owner's behalf through its `business_connection_id`, and only while the owner lets the bot reply there.
///
/// What Telegram answers decides the rest:
/// - 429 (flood control): the reply waits `retry_after` without using an attempt; other chats go on.
/// - 403 `bot was blocked by the user` (and the other refusals of the recipient): dead-lettered, the contact marked
///   unreachable and its follow-ups ended.
/// - 400: dead-lettered with Telegram's reason.
/// - 401/404 (the token was revoked): the connection reports failing and the reply waits until its people fix it.
/// - 5xx, or no connection: tried again; while every send of the bot fails (Telegram or the network down), without using
///   attempts (``OutageTracker``).
/// - A timeout after the request was written may have delivered it: since `sendMessage` has no idempotency key, the
///   reply is dead-lettered as «outcome unknown» instead of being sent twice.
///
/// The parts of a long reply already sent are remembered, so a retry sends only the rest.
public final class TelegramDelivery: ChannelDelivery {
    public let channel = Channel.telegram
    let connections: TelegramConnections
    let accounts: TelegramBusinessAccounts
    /// How long a reply of a paused connection, suspended business or refused token waits before it is tried again.
    let pausedDelay: Duration
    let outageDelay: Duration
    let maximumOutageDelay: Duration
    let wallClock: @Sendable () -> Date
    /// Parts of long replies sent so far, by outgoing id: their count and the provider id of the last.
    private let progress = Mutex<[String: (parts: Int, lastID: String)]>([:])
    /// Outage judgement per connection.
    private let outages = Mutex<[String: OutageTracker]>([:])

    /// Creates the delivery over the running connections.
    public init(connections: TelegramConnections, accounts: TelegramBusinessAccounts, pausedDelay: Duration = .seconds(10),
                outageDelay: Duration = .seconds(1), maximumOutageDelay: Duration = .seconds(30),
                wallClock: @escaping @Sendable () -> Date = { Date() }) {
        self.connections = connections
        self.accounts = accounts
        self.pausedDelay = pausedDelay
        self.outageDelay = outageDelay
        self.maximumOutageDelay = maximumOutageDelay
        self.wallClock = wallClock
    }

    /// The connection a reply leaves from: the bot its chat names (a chat key always names one).
    public func sendingConnection(tenantID: String, named connection: String?) -> String? { connection }

    public func deliver(_ message: OutgoingMessagePayload) async throws(DeliveryError) -> DeliveryReceipt {
        let tenant = message.tenant ?? Tenant.defaultID
        guard let chatKey = message.chatID, let chat = TelegramChat(chatKey) else {
            throw DeliveryError("«\(message.chatID ?? "")» is not a Telegram chat of Sauda's", retryable: false)
        }
        guard let endpoint = connections.endpoint(tenantID: tenant, botID: chat.botID) else {
            guard connections.isReady else {
                throw DeliveryError("the Telegram connections are not applied yet", retryable: true, postponeFor: pausedDelay, postponeReason: "paused")
            }
            throw DeliveryError("the business has no Telegram connection of bot \(chat.botID)", retryable: false)
        }
        if let reason = endpoint.stopReason {
            throw DeliveryError("the Telegram bot does not send now: \(reason)", retryable: true, postponeFor: pausedDelay, postponeReason: "paused")
        }
        if let business = chat.businessConnectionID {
            let account: BusinessAccount?
            do {
                account = try await accounts.account(connectionID: endpoint.connectionID, tenantID: tenant, accountID: business,
                                                     client: endpoint.client, now: wallClock())
            } catch {
                throw DeliveryError("the owner's Telegram Business connection could not be read: \(error)", retryable: true)
            }
            guard let account, account.answers else {
                let why = account == nil ? "is not known" : account?.enabled == false ? "was disconnected by the owner"
                    : "does not let the bot reply (can_reply is off)"
                throw DeliveryError("the owner's Telegram Business connection \(why)", retryable: account == nil)
            }
        }
        let parts = TelegramTextSplitter.split(message.messageText)
        let outgoingID = message.outgoingID ?? "\(chatKey)|\(message.messageText.hashValue)"
        let done = progress.withLock { $0[outgoingID] }
        var sent = done?.parts ?? 0
        var lastID = done?.lastID
        let quoted = message.replyToMessageID.flatMap(TelegramChat.messageID(ofKey:))
        while sent < parts.count {
            do {
                let id = try await endpoint.client.sendMessage(chatID: chat.chatID, text: parts[sent], replyTo: sent == 0 ? quoted : nil,
                                                               businessConnectionID: chat.businessConnectionID)
                sent += 1
                lastID = chat.messageKey(id)
                let progressNow = (sent, lastID ?? "")
                progress.withLock { $0[outgoingID] = progressNow }
                outages.withLock { $0[endpoint.connectionID]?.succeeded(replyID: outgoingID, at: wallClock()) }
            } catch {
                let failure = deliveryError(error, endpoint: endpoint, chat: chat, replyID: outgoingID, partsSent: sent)
                // A reply that is not tried again leaves nothing to remember.
                if !failure.retryable { progress.withLock { _ = $0.removeValue(forKey: outgoingID) } }
                throw failure
            }
        }
        progress.withLock { _ = $0.removeValue(forKey: outgoingID) }
        connections.report(connectionID: endpoint.connectionID, error: nil)
        return DeliveryReceipt(status: "sent", providerMessageID: lastID)
    }

    /// What a failed send means for the reply.
    private func deliveryError(_ error: TelegramError, endpoint: TelegramConnections.Endpoint, chat: TelegramChat, replyID: String,
                               partsSent: Int) -> DeliveryError {
        let partial = partsSent > 0 ? " (after \(partsSent) of its parts were sent)" : ""
        switch error.kind {
        case .rateLimited:
            return DeliveryError(error.description, retryable: true, postponeFor: error.retryAfter ?? .seconds(1), postponeReason: "rate_limited")
        case .blocked:
            // The recipient refuses the bot; a business chat's 403 is the owner's rights, not the customer.
            let recipient = chat.businessConnectionID == nil
                && Self.recipientRefusals.contains { error.message.localizedCaseInsensitiveContains($0) }
            return DeliveryError(error.description + partial, retryable: false, recipientUnreachable: recipient)
        case .unauthorized:
            connections.report(connectionID: endpoint.connectionID, error: "Telegram refused the bot's token (\(error.message))")
            return DeliveryError(error.description, retryable: true, postponeFor: pausedDelay, postponeReason: "failing")
        case .rejected, .malformed, .conflict:
            return DeliveryError(error.description + partial, retryable: false)
        case .transient where error.mayHaveArrived && error.code == nil:
            return DeliveryError("outcome unknown: \(error.description)\(partial); not sent again, so that the customer never gets it twice",
                                 retryable: false)
        case .transient:
            let (initial, maximum) = (outageDelay, maximumOutageDelay)
            let verdict = outages.withLock { outages in
                if outages[endpoint.connectionID] == nil { outages[endpoint.connectionID] = OutageTracker(initialDelay: initial, maximumDelay: maximum) }
                return outages[endpoint.connectionID]?.failed(replyID: replyID, at: wallClock())
            } ?? .replyFails
            if case .outage(let delay) = verdict {
                return DeliveryError(error.description, retryable: true, postponeFor: delay, postponeReason: "outage")
            }
            return DeliveryError(error.description, retryable: true)
        }
    }

    /// Telegram's words for a recipient who refuses every message of the bot.
    static let recipientRefusals = ["bot was blocked by the user", "user is deactivated", "bot can't initiate conversation"]

    public func didRecord(_ message: OutgoingMessagePayload, status: String) {}
}
