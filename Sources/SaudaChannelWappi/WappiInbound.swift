import Foundation
import Logging
import SaudaBus
import SaudaChannels
import SaudaCore
import SaudaStore

/// Wappi's side of the inbound seam: turns Wappi's events (webhook deliveries and messages read by polling) into
/// ``InboundEvent``s and hands them to the channel-agnostic ``InboundGateway``, which records them before the
/// webhook is answered. Only Wappi's vocabulary lives here:
///
/// - `wh_type`: `incoming_message` is a customer's message (or, with `is_me`, an echo of the business's own);
///   `outgoing_message_api` an echo of Sauda's own send (dropped); `outgoing_message_phone` someone of the
///   business typing on the phone (``InboundBusinessMessage/Origin/person``); `delivery_status` /
///   `messages_status` a status of a send, named by `stanza_id`; anything else is dropped as `other_event`.
/// - Messages read by polling carry no `wh_type`: one of the business's number says where it was written in
///   `from_where` (`api`: an echo) or not at all (``InboundBusinessMessage/Origin/unknown``: the gateway looks
///   for it among Sauda's sends).
/// - `type`: `chat` is text, `ptt` and `audio` are voice notes (with the audio in `body` as base64 when the event
///   carries it, or a `file_link`), `reaction` and `call` are dropped, every other type is an attachment.
/// - Group chats (`…@g.us`) are dropped.
public struct WappiInbound: Sendable {
    let gateway: InboundGateway

    /// Creates the adapter over the shared gateway.
    public init(gateway: InboundGateway) {
        self.gateway = gateway
    }

    /// Creates the adapter with a gateway of its own.
    /// - Parameter humanPause: how long the bot stays silent in a chat after the owner typed in it.
    public init(database: any Database, bus: any MessageBus, humanPause: Duration, logger: Logger) {
        self.init(gateway: InboundGateway(database: database, bus: bus, humanPause: humanPause, logger: logger))
    }

    /// Records the events of one webhook delivery or poll, all in one transaction.
    /// - Throws: ``GatewayError`` `.queueFull` when the queues are full (nothing is recorded; Wappi retries).
    public func accept(tenantID: String, events: [WappiMessage], now: Date = Date()) async throws -> InboundOutcome {
        try await gateway.accept(tenantID: tenantID, channel: .whatsapp, events: events.compactMap(Self.inboundEvent), now: now)
    }

    /// The inbound event a Wappi message stands for; `nil` for a status event that names no send or no status.
    static func inboundEvent(_ event: WappiMessage) -> InboundEvent? {
        switch event.webhookType {
        case "delivery_status", "messages_status":
            guard let target = event.stanzaID, let status = deliveryStatus(event) else { return nil }
            return .deliveryStatus(InboundDeliveryStatus(providerMessageID: target, status: status))
        case "outgoing_message_api": return .dropped(reason: "own_echo")
        case "incoming_message", "outgoing_message_phone", nil: break
        default: return .dropped(reason: "other_event")
        }
        if event.isGroup { return .dropped(reason: "group") }
        if event.webhookType == "incoming_message", event.fromMe { return .dropped(reason: "own_echo") }
        if event.type == "reaction" { return .dropped(reason: "reaction") }
        if event.type == "call" { return .dropped(reason: "call") }
        if event.webhookType == "outgoing_message_phone" { return .businessMessage(businessMessage(event, origin: .person)) }
        if event.fromMe {
            // Read by polling, where only `from_where` (when present) says who wrote a message of the business's number.
            switch event.fromWhere {
            case "api": return .dropped(reason: "own_echo")
            case nil: return .businessMessage(businessMessage(event, origin: .unknown))
            default: return .businessMessage(businessMessage(event, origin: .person))
            }
        }
        return .customerMessage(customerMessage(event))
    }

    static func businessMessage(_ event: WappiMessage, origin: InboundBusinessMessage.Origin) -> InboundBusinessMessage {
        InboundBusinessMessage(id: event.id, chatID: event.chatID, phoneNumber: event.phoneNumberOfChat, text: event.body,
                               sentAt: event.sentAt, origin: origin)
    }

    static func customerMessage(_ event: WappiMessage) -> InboundCustomerMessage {
        let content: InboundCustomerMessage.Content
        if event.isVoice {
            let audio = event.body.isEmpty || Data(base64Encoded: event.body) == nil ? nil : event.body
            content = .voiceNote(InboundVoiceNote(audioBase64: audio, link: event.fileLink, mimeType: event.mimeType))
        } else if event.type == "chat" {
            content = .text(event.body)
        } else {
            content = .attachment(kind: event.type, caption: event.caption)
        }
        return InboundCustomerMessage(id: event.id, chatID: event.chatID, phoneNumber: event.phoneNumber,
                                      whitelistNumber: PhoneNumber.normalize(event.from) ?? event.phoneNumber,
                                      senderName: event.senderName, contactInfo: ContactInfo(pushName: event.senderName),
                                      sentAt: event.sentAt, content: content)
    }

    /// The status a status event reports (in `delivery_status`, `status` or, in some events, `body`).
    static func deliveryStatus(_ event: WappiMessage) -> DeliveryStatus? {
        let candidates = [event.deliveryStatus, event.body].compactMap { $0?.lowercased() }
        return candidates.lazy.compactMap(DeliveryStatus.init(rawValue:)).first
    }
}

extension WappiMessage {
    /// The customer's phone number of the chat, in digits (the chat id without `@c.us`).
    var phoneNumberOfChat: String { String(chatID.split(separator: "@").first ?? Substring(chatID)) }
}
