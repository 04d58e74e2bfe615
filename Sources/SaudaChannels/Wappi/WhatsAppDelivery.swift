import Foundation
import SaudaCore
import Synchronization

/// Sends replies to WhatsApp through each tenant's Wappi profile: a reply quoting the customer's message
/// when the outgoing message names it, a plain send otherwise, then mark-as-read when asked.
///
/// A send that failed without a clear refusal (a timeout, a 5xx) may still have gone out. Before such a
/// reply is sent again, the chat's latest messages are read: when the business's number already sent that
/// text after the first attempt, the earlier send is taken as the delivery instead of sending twice.
public final class WhatsAppDelivery: ChannelDelivery {
    public let channel = Channel.whatsapp
    let clients: [String: WappiClient]
    let throttles: [String: SendThrottle]
    /// Replies whose send may have gone out, by outgoing id, with the moment of the attempt.
    private let uncertain = Mutex<[String: Date]>([:])

    /// Creates the delivery with the Wappi client of each tenant and its send limit per minute.
    public init(clients: [String: WappiClient], sendsPerMinute: Int = 20) {
        self.clients = clients
        self.throttles = clients.mapValues { _ in SendThrottle(limit: sendsPerMinute) }
    }

    public func deliver(_ message: OutgoingMessagePayload) async throws(DeliveryError) -> DeliveryReceipt {
        guard let tenant = message.tenant, let client = clients[tenant] else {
            throw DeliveryError("no Wappi profile is configured for tenant \(message.tenant ?? "?")", retryable: false)
        }
        if let outgoingID = message.outgoingID, let attempted = uncertain.withLock({ $0[outgoingID] }),
           let chatID = message.chatID,
           let earlier = try? await client.messages(chatID: chatID, limit: 20, since: attempted.addingTimeInterval(-1))
               .last(where: { $0.fromMe && $0.body == message.messageText }) {
            uncertain.withLock { _ = $0.removeValue(forKey: outgoingID) }
            return DeliveryReceipt(status: "sent", providerMessageID: earlier.id)
        }
        if let wait = throttles[tenant]?.reserve() {
            throw DeliveryError("the WhatsApp number's send limit is reached", retryable: true, postponeFor: wait)
        }
        let text = message.messageText
        do {
            let providerID: String
            if let quoted = message.replyToMessageID, !quoted.isEmpty {
                providerID = try await client.reply(to: quoted, text: text)
            } else {
                providerID = try await client.send(to: message.phoneNumber, text: text)
            }
            if message.markAsRead, let quoted = message.replyToMessageID, !quoted.isEmpty {
                // The reply is out; a failed read mark must not make the sender send it again.
                try? await client.markRead(messageID: quoted)
            }
            if let outgoingID = message.outgoingID { uncertain.withLock { _ = $0.removeValue(forKey: outgoingID) } }
            return DeliveryReceipt(status: "sent", providerMessageID: providerID.isEmpty ? nil : providerID)
        } catch where error.kind == .rateLimited {
            // Refused before sending: try again after Wappi's wait, without using an attempt.
            throw DeliveryError(error.description, retryable: true, postponeFor: error.retryAfter ?? .seconds(10))
        } catch {
            if error.kind == .transient, let outgoingID = message.outgoingID {
                uncertain.withLock { $0[outgoingID] = $0[outgoingID] ?? Date() }
            }
            throw DeliveryError(error.description, retryable: error.retryable)
        }
    }

    public func didRecord(_ message: OutgoingMessagePayload, status: String) {}
}
