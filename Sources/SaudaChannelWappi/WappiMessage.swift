import Foundation
import SaudaChannels
import SaudaCore

/// A WhatsApp message as Wappi reports it, from a webhook event or from `messages/get`.
///
/// The two sources spell some fields differently (`is_me` / `fromMe`, `stanza_id` / `stanzaId`), and
/// times come as RFC 3339 text (`timestamp`) or Unix seconds (`time`); both variants are read. A field of the wrong
/// JSON type (`from` as an array, `body` as a number, `time` as text), a missing id or a time outside 1970–2100 is
/// noted in ``violation``, and ``WappiInbound`` refuses such a message (`null` counts as absent).
public struct WappiMessage: Sendable, Hashable {
    /// Provider message id: the dedupe key and the id for reply and mark-as-read.
    public var id: String
    /// The Wappi profile (the business's number) that received or sent it.
    public var profileID: String?
    /// Event type of a webhook (`incoming_message`, `outgoing_message_phone`, `outgoing_message_api`,
    /// `delivery_status`, …); `nil` for messages read through the API.
    public var webhookType: String?
    /// `chat` (text), `ptt` (voice note), `audio`, `image`, `document`, `reaction`, …
    public var type: String
    /// Text, emoji of a reaction, or the base64 bytes of a media file.
    public var body: String
    /// Sender chat id (`79001234567@c.us`).
    public var from: String
    /// Chat id (equals `from` in private chats, `…@g.us` for groups).
    public var chatID: String
    /// Whether the business's own number sent it.
    public var fromMe: Bool
    /// Whether it was written in a group chat.
    public var isGroup: Bool
    /// The sender's display name.
    public var senderName: String?
    /// When it was sent.
    public var sentAt: Date
    /// MIME type of media (`audio/ogg; codecs=opus` for voice notes).
    public var mimeType: String?
    /// Presigned link to the media file.
    public var fileLink: String?
    /// Delivery status (`sent`, `delivered`, `read`, `played`, `failed`) of a status event or a sent message.
    public var deliveryStatus: String?
    /// The message a status event or a reply refers to.
    public var stanzaID: String?
    /// The text sent with a photo, video or document.
    public var caption: String?
    /// Where a message of the business's number was written: `phone` or `api` (webhooks only, not always).
    public var fromWhere: String?
    /// The first field that is not as Wappi writes it (of the wrong type, a missing id, an impossible time); `nil`
    /// for a well-formed message.
    public var violation: InboundViolation?

    /// The chat id of a private chat with a phone number (digits): `79001234567@c.us`.
    public static func chatID(phoneNumber digits: String) -> String { digits + "@c.us" }

    /// The sender's phone number in digits (`@c.us` removed).
    public var phoneNumber: String { String(from.split(separator: "@").first ?? Substring(from)) }

    /// The webhook types of delivery statuses.
    static let statusTypes: Set<String> = ["delivery_status", "messages_status"]

    /// Whether this is a voice note or an audio file.
    public var isVoice: Bool { type == "ptt" || type == "audio" }

    /// Reads one message object; `nil` when `json` is not an object. A missing id, or a field of the wrong type, is
    /// noted in ``violation``.
    public init?(_ json: JSONValue) {
        guard let object = json.objectValue else { return nil }
        var fields = WappiFields(object)
        id = fields.string("id") ?? ""
        profileID = fields.string("profile_id")
        webhookType = fields.string("wh_type")
        type = fields.string("type") ?? "chat"
        // The body is read as text only where it is one: a text, or a voice note's base64 audio. Other events
        // (statuses, attachments) may carry something else there, which nothing reads.
        let bodyIsText = !Self.statusTypes.contains(webhookType ?? "") && ["chat", "ptt", "audio"].contains(type)
        body = fields.string("body", checked: bodyIsText) ?? ""
        from = fields.string("from") ?? ""
        chatID = fields.string("chatId", "chat_id") ?? from
        fromMe = fields.bool("is_me", "fromMe") ?? false
        let chatType = fields.string("chat_type")
        isGroup = chatType == "group" || chatID.hasSuffix("@g.us")
        senderName = fields.string("senderName", "contact_name")
        sentAt = fields.time() ?? Date()
        mimeType = fields.string("mimetype", "mime_type")
        fileLink = fields.string("file_link")
        deliveryStatus = fields.string("delivery_status", "status")
        stanzaID = fields.string("stanza_id", "stanzaId")
        caption = fields.string("caption")
        fromWhere = fields.string("from_where", "fromWhere")
        violation = fields.violation
        if violation == nil, id.isEmpty { violation = InboundViolation(.invalid, field: "id", "is missing or empty") }
    }
}
