import Foundation
import SaudaCore

/// A WhatsApp message as Wappi reports it, from a webhook event or from `messages/get`.
///
/// The two sources spell some fields differently (`is_me` / `fromMe`, `stanza_id` / `stanzaId`), and
/// times come as RFC 3339 text (`timestamp`) or Unix seconds (`time`); both variants are read.
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

    /// The chat id of a private chat with a phone number (digits): `79001234567@c.us`.
    public static func chatID(phoneNumber digits: String) -> String { digits + "@c.us" }

    /// The sender's phone number in digits (`@c.us` removed).
    public var phoneNumber: String { String(from.split(separator: "@").first ?? Substring(from)) }

    /// Whether this is a voice note or an audio file.
    public var isVoice: Bool { type == "ptt" || type == "audio" }

    /// Reads one message object; `nil` when it has no id.
    public init?(_ json: JSONValue) {
        guard let id = json["id"]?.stringValue, !id.isEmpty else { return nil }
        self.id = id
        profileID = json["profile_id"]?.stringValue
        webhookType = json["wh_type"]?.stringValue
        type = json["type"]?.stringValue ?? "chat"
        body = json["body"]?.stringValue ?? ""
        from = json["from"]?.stringValue ?? ""
        chatID = json["chatId"]?.stringValue ?? json["chat_id"]?.stringValue ?? from
        fromMe = json["is_me"]?.boolValue ?? json["fromMe"]?.boolValue ?? false
        isGroup = json["chat_type"]?.stringValue == "group" || chatID.hasSuffix("@g.us")
        senderName = json["senderName"]?.stringValue ?? json["contact_name"]?.stringValue
        if let time = json["time"]?.numberValue {
            sentAt = Date(timeIntervalSince1970: time)
        } else if let text = json["timestamp"]?.stringValue, let date = ISO8601.parse(text) {
            sentAt = date
        } else if let seconds = json["timestamp"]?.numberValue {
            sentAt = Date(timeIntervalSince1970: seconds)
        } else {
            sentAt = Date()
        }
        mimeType = json["mimetype"]?.stringValue ?? json["mime_type"]?.stringValue
        fileLink = json["file_link"]?.stringValue
        deliveryStatus = json["delivery_status"]?.stringValue ?? json["status"]?.stringValue
        stanzaID = json["stanza_id"]?.stringValue ?? json["stanzaId"]?.stringValue
        caption = json["caption"]?.stringValue
        fromWhere = json["from_where"]?.stringValue ?? json["fromWhere"]?.stringValue
    }
}
