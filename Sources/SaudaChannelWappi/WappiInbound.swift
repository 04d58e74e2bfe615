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
/// - A message whose fields are not as Wappi writes them is refused (``InboundEvent/refused(_:)``, nothing of it is
///   stored): a field of the wrong JSON type, no id, a customer's message without a `from`, a `from` or `chatId`
///   that is no private chat (5–15 digits, then `@c.us`, `@s.whatsapp.net` or `@lid`), or a field over the
///   channel's ``InboundLimits``, named as Wappi names it (`body`, `chatId`, `senderName`, `stanza_id`, …).
/// - The business's own messages that are not text (a photo sent from the phone) are stored as their placeholder
///   (``MediaNoteText``), never as the base64 of the file in `body`.
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

    /// Records the events of one webhook delivery or poll, all in one transaction; events not as Wappi writes them,
    /// or over the channel's limits, are refused one by one (counted in ``InboundOutcome/refused``).
    /// - Throws: ``GatewayError`` `.queueFull` when the queues are full (nothing is recorded; Wappi retries), `.tooLarge`
    ///   for more events than ``InboundLimits/maxEventsPerDelivery``.
    /// - Parameters:
    ///   - connectionID: the channel connection (the business's number) the events came in on.
    ///   - humanPause: the connection's own pause after the owner wrote from the phone; `WAPPI_HUMAN_PAUSE_MINUTES`' when `nil`.
    public func accept(tenantID: String, events: [WappiMessage], connectionID: String? = nil, humanPause: Duration? = nil,
                       now: Date = Date()) async throws -> InboundOutcome {
        let limits = gateway.limits(for: .whatsapp)
        let mapped = events.compactMap { Self.inboundEvent($0, limits: limits) }
        return try await gateway.accept(tenantID: tenantID, channel: .whatsapp, events: mapped, connectionID: connectionID, humanPause: humanPause,
                                        now: now)
    }

    /// The inbound event a Wappi message stands for; `nil` for a status event that names no send or no status.
    static func inboundEvent(_ event: WappiMessage, limits: InboundLimits = .standard(for: .whatsapp)) -> InboundEvent? {
        // The id first: a reason quotes it only once it is known to be short and safe.
        if let violation = limits.id(event.id, field: "id") {
            return .refused(event.violation.flatMap { $0.field == "id" ? $0 : nil } ?? violation)
        }
        if let violation = event.violation { return .refused(violation.naming(event.id)) }
        guard let mapped = mapped(event) else { return nil }
        // The gateway checks the same limits; here a violation is named with Wappi's words for the fields.
        if let violation = limits.violation(of: mapped) {
            return .refused(InboundViolation(violation.kind, field: fieldNames[violation.field] ?? violation.field, violation.problem,
                                             eventID: violation.eventID))
        }
        return mapped
    }

    /// Wappi's names of the fields ``InboundLimits`` checks.
    static let fieldNames = ["text": "body", "chat_id": "chatId", "phone_number": "from", "sender_name": "senderName", "link": "file_link",
                             "mime_type": "mimetype", "message_id": "stanza_id"]

    /// The inbound event of a well-formed Wappi message.
    static func mapped(_ event: WappiMessage) -> InboundEvent? {
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
        if let violation = chatViolation(event) { return .refused(violation) }
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

    /// Why a message's chat cannot be stored: a customer's message needs a `from` that is a private chat, and
    /// every message a `chatId` that is one (`from` when absent).
    static func chatViolation(_ event: WappiMessage) -> InboundViolation? {
        let fromCustomer = !event.fromMe && event.webhookType != "outgoing_message_phone"
        if fromCustomer, event.from.isEmpty {
            return InboundViolation(.invalid, field: "from", "is missing", eventID: event.id)
        }
        if fromCustomer, !WappiMessage.isPrivateChatID(event.from) {
            return InboundViolation(.invalid, field: "from", WappiMessage.privateChatFormat, eventID: event.id)
        }
        if !WappiMessage.isPrivateChatID(event.chatID) {
            return InboundViolation(.invalid, field: "chatId", WappiMessage.privateChatFormat, eventID: event.id)
        }
        return nil
    }

    static func businessMessage(_ event: WappiMessage, origin: InboundBusinessMessage.Origin) -> InboundBusinessMessage {
        let text = if event.type == "chat" {
            event.body
        } else if event.isVoice {
            VoiceNoteText.untranscribed
        } else {
            MediaNoteText.text(type: event.type, caption: event.caption)
        }
        return InboundBusinessMessage(id: event.id, chatID: event.chatID, phoneNumber: event.phoneNumberOfChat, text: text,
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

    /// What a private chat id looks like, for refusals.
    static let privateChatFormat = "must be a private WhatsApp chat: 5–15 digits, then @c.us, @s.whatsapp.net or @lid"

    /// Whether `id` names a private chat: 5–15 digits, alone or followed by `@c.us`, `@s.whatsapp.net` or `@lid`.
    static func isPrivateChatID(_ id: String) -> Bool {
        let parts = id.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard let digits = parts.first, InboundLimits.isPhoneNumber(String(digits)) else { return false }
        return parts.count == 1 || ["c.us", "s.whatsapp.net", "lid"].contains(parts[1])
    }
}
