import Foundation
import SaudaCore

/// Delivers replies to the web chat: the reply becomes visible in the conversation and is pushed to the
/// browsers that follow the session.
public struct WebChatDelivery: ChannelDelivery {
    public let channel = Channel.webchat
    let hub: WebChatHub

    /// Creates the delivery.
    public init(hub: WebChatHub) { self.hub = hub }

    public func deliver(_ message: OutgoingMessagePayload) async throws(DeliveryError) -> DeliveryReceipt {
        guard message.chatID != nil, message.tenant != nil else {
            throw DeliveryError("web-chat reply without tenant or session", retryable: false)
        }
        return DeliveryReceipt(status: "delivered")
    }

    public func didRecord(_ message: OutgoingMessagePayload, status: String) {
        guard let tenant = message.tenant, let session = message.chatID, let id = message.outgoingID else { return }
        hub.publish(WebChatMessage(id: id, role: message.isFromOperator ? "human" : "bot", text: message.messageText, time: ISO8601.format(Date()), status: status,
                                   replyTo: message.replyToMessageID),
                    tenantID: tenant, session: session)
    }
}
