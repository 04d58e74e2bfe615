import SaudaCore

/// The conversation of a message that came without Sauda's headers (from the earlier Python gateway or
/// agent, docs/compatibility.md): read from its body, with the defaults for that format (the default tenant, WhatsApp).
enum RabbitMQPartition {
    /// The partition key (`tenant/channel/chat`) and tenant of a body of `queue`; the body itself when unreadable
    /// (the consumer then dead-letters it as malformed).
    static func of(_ payload: String, queue: QueueName) -> (key: String, tenantID: String?) {
        let key: ConversationKey?
        switch queue {
        case .incoming:
            key = (try? PayloadCoding.decode(IncomingMessagePayload.self, from: payload))?.conversation
        case .outgoing:
            // The same defaults the sender fills in for such a peer's reply.
            key = (try? PayloadCoding.decode(OutgoingMessagePayload.self, from: payload))?.completed.conversation
        case .voice:
            key = (try? PayloadCoding.decode(VoiceMessagePayload.self, from: payload)).map {
                ConversationKey(tenantID: $0.tenant ?? Tenant.defaultID, channel: $0.channel ?? .whatsapp, chatID: $0.chatID)
            }
        }
        guard let key else { return ("unreadable/\(payload.hashValue)", nil) }
        return (key.description, key.tenantID)
    }
}
