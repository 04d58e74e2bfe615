import SaudaCore

/// The limits every inbound field of a channel keeps, checked by the ``InboundGateway`` before anything of a
/// delivery is stored (a provider adapter checks its own format first, and may apply these to name the provider's
/// fields). Characters are counted as a reader counts them (grapheme clusters), and no count walks further than its
/// limit, so a field of megabytes costs no more than one at the limit.
///
/// | field | limit |
/// | --- | --- |
/// | a customer's or business's text, a caption | ``maxTextCharacters`` (WhatsApp's own maximum, 65,536) |
/// | provider ids (message, status target), chat ids | 1–``maxIDCharacters`` (256) of `A–Z a–z 0–9 . _ - : @ + =` |
/// | phone numbers | 5–15 digits (E.164) |
/// | sender names, MIME types | ``maxNameCharacters`` (256) |
/// | a voice note's link | ``maxLinkCharacters`` (4,096) |
/// | events in one delivery | ``maxEventsPerDelivery`` (1,000); more refuses the whole delivery |
/// | statuses of sends not recorded yet | ``maxEarlyStatusesPerDelivery`` (100) kept per delivery, ``maxEarlyStatusesPerChannel`` (1,000) per tenant and channel |
public struct InboundLimits: Sendable, Hashable {
    /// Longest text or caption, in characters.
    public var maxTextCharacters: Int
    /// Longest provider id or chat id, in characters.
    public var maxIDCharacters = 256
    /// Longest sender name or MIME type, in characters.
    public var maxNameCharacters = 256
    /// Longest link to a voice note's audio, in characters.
    public var maxLinkCharacters = 4096
    /// Most events one delivery (a webhook post, a page of a poll) may carry.
    public var maxEventsPerDelivery = 1000
    /// Most statuses of sends not recorded yet that one delivery keeps for their send (the rest are counted and
    /// dropped).
    public var maxEarlyStatusesPerDelivery = 100
    /// Most statuses of sends not recorded yet kept for one tenant's channel; the oldest go first.
    public var maxEarlyStatusesPerChannel = 1000

    /// WhatsApp's own maximum length of a message, in characters.
    public static let whatsAppTextCharacters = 65_536

    /// Creates limits.
    public init(maxTextCharacters: Int = Self.whatsAppTextCharacters) {
        self.maxTextCharacters = maxTextCharacters
    }

    /// A channel's limits: Telegram's text is at most 4,096 characters; WhatsApp's and the web chat's at most
    /// 65,536 (the web chat's adapter applies its own, lower `WEBCHAT_MAX_TEXT` first).
    public static func standard(for channel: Channel) -> InboundLimits {
        switch channel {
        case .telegram: InboundLimits(maxTextCharacters: 4096)
        case .whatsapp, .webchat: InboundLimits()
        }
    }

    /// The first field of `event` that breaks these limits, named as ``InboundEvent`` names it (`id`, `chat_id`,
    /// `phone_number`, `sender_name`, `text`, `caption`, `link`, `mime_type`, `message_id`); `nil` when it keeps them.
    public func violation(of event: InboundEvent) -> InboundViolation? {
        switch event {
        case .customerMessage(let message): return violation(of: message)
        case .businessMessage(let message):
            return identity(id: message.id, chatID: message.chatID, phoneNumber: message.phoneNumber)
                ?? text(message.text, field: "text")?.naming(message.id)
        case .deliveryStatus(let status): return id(status.providerMessageID, field: "message_id")
        case .customerEdit(let edit):
            return identity(id: edit.id, chatID: edit.chatID, phoneNumber: nil) ?? text(edit.text, field: "text")?.naming(edit.id)
        case .reachability(let change): return id(change.chatID, field: "chat_id")
        case .dropped, .refused: return nil
        }
    }

    private func violation(of message: InboundCustomerMessage) -> InboundViolation? {
        if let violation = identity(id: message.id, chatID: message.chatID, phoneNumber: message.phoneNumber) { return violation }
        var found: InboundViolation?
        if let name = message.senderName, TextAnalysis.isLonger(name, than: maxNameCharacters) {
            found = InboundViolation(.tooLarge, field: "sender_name", "must be at most \(maxNameCharacters) characters")
        }
        for (field, value) in [("username", message.username), ("start_parameter", message.startParameter)] {
            if let value, TextAnalysis.isLonger(value, than: maxNameCharacters) {
                found = found ?? InboundViolation(.tooLarge, field: field, "must be at most \(maxNameCharacters) characters")
            }
        }
        if let shared = message.sharedPhoneNumber, !Self.isPhoneNumber(shared) {
            found = found ?? InboundViolation(.invalid, field: "shared_phone_number", "must be 5–15 digits")
        }
        switch message.content {
        case .text(let body): found = found ?? text(body, field: "text")
        case .attachment(_, let caption): found = found ?? caption.flatMap { text($0, field: "caption") }
        case .voiceNote(let note):
            if let link = note.link, TextAnalysis.isLonger(link, than: maxLinkCharacters) {
                found = found ?? InboundViolation(.tooLarge, field: "link", "must be at most \(maxLinkCharacters) characters")
            }
            if let type = note.mimeType, TextAnalysis.isLonger(type, than: maxNameCharacters) {
                found = found ?? InboundViolation(.tooLarge, field: "mime_type", "must be at most \(maxNameCharacters) characters")
            }
        }
        return found?.naming(message.id)
    }

    /// The id, chat and phone number every message carries.
    private func identity(id: String, chatID: String, phoneNumber: String?) -> InboundViolation? {
        if let violation = self.id(id, field: "id") { return violation }
        if let violation = self.id(chatID, field: "chat_id") { return violation.naming(id) }
        if let phoneNumber, !Self.isPhoneNumber(phoneNumber) {
            return InboundViolation(.invalid, field: "phone_number", "must be 5–15 digits", eventID: id)
        }
        return nil
    }

    /// A text over ``maxTextCharacters``.
    func text(_ text: String, field: String) -> InboundViolation? {
        guard TextAnalysis.isLonger(text, than: maxTextCharacters) else { return nil }
        return InboundViolation(.tooLarge, field: field, "must be at most \(maxTextCharacters) characters")
    }

    /// A provider id or chat id that is empty, too long or holds a character outside the safe set.
    public func id(_ value: String, field: String) -> InboundViolation? {
        if value.isEmpty { return InboundViolation(.invalid, field: field, "is missing or empty") }
        if value.utf8.count > maxIDCharacters {
            return InboundViolation(.tooLarge, field: field, "must be at most \(maxIDCharacters) characters")
        }
        guard value.utf8.allSatisfy(Self.isIDByte) else {
            return InboundViolation(.invalid, field: field, "may hold only letters A–Z, a–z, digits and . _ - : @ + =")
        }
        return nil
    }

    /// Whether a byte may appear in an id: ASCII letters and digits and `. _ - : @ + =`.
    static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "+"),
             UInt8(ascii: "="): true
        default: false
        }
    }

    /// Whether `digits` is a phone number as the gateway stores it: 5–15 ASCII digits (E.164 allows at most 15).
    public static func isPhoneNumber(_ digits: String) -> Bool {
        (5...15).contains(digits.utf8.count) && digits.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
