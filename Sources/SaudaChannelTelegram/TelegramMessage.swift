import Foundation
import SaudaCore

/// A `Message` of the Bot API, as much of it as Sauda reads.
public struct TelegramMessage: Sendable, Hashable {
    /// An audio file of the message (`voice` or `audio`).
    public struct AudioFile: Sendable, Hashable {
        /// `file_id`, for `getFile` (per bot).
        public var fileID: String
        /// `mime_type`, when given.
        public var mimeType: String?
        /// `file_size` in bytes, when given.
        public var size: Int?
    }

    /// `message_id`: unique within its chat.
    public var messageID: Int
    /// `date`.
    public var date: Date
    /// `edit_date`, on an edited version.
    public var editDate: Date?
    /// `chat.id`.
    public var chatID: Int64
    /// `chat.type`: `private`, `group`, `supergroup`, `channel`.
    public var chatType: String
    /// `from`: the sender (absent in channels).
    public var from: TelegramUser?
    /// `text`.
    public var text: String?
    /// `caption` of a photo, document, …
    public var caption: String?
    /// `voice`: a voice note.
    public var voice: AudioFile?
    /// `audio`: an audio file.
    public var audio: AudioFile?
    /// `contact.phone_number` of a contact shared.
    public var contactPhoneNumber: String?
    /// `contact.user_id` of a contact shared.
    public var contactUserID: Int64?
    /// The kind of attachment the agent cannot read, in Sauda's words (`image`, `document`, `video`, `sticker`,
    /// `location`, `other`); `nil` for a text, a voice note or audio, or a contact.
    public var attachmentKind: String?
    /// `business_connection_id`, on a message of a Telegram Business chat.
    public var businessConnectionID: String?
    /// Whether `sender_business_bot` is set: the bot's own send in the owner's chat, echoed back.
    public var sentByBusinessBot: Bool

    /// Whether the chat is a private one (groups, supergroups and channels are not the business's customers).
    public var isPrivate: Bool { chatType == "private" }

    init?(_ json: JSONValue) {
        guard let id = json["message_id"]?.int64Value, let chat = json["chat"], let chatID = chat["id"]?.int64Value,
              let date = json["date"]?.int64Value else { return nil }
        messageID = Int(id)
        self.date = Date(timeIntervalSince1970: TimeInterval(date))
        editDate = json["edit_date"]?.int64Value.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        self.chatID = chatID
        chatType = chat["type"]?.stringValue ?? "private"
        from = TelegramUser(json["from"])
        text = json["text"]?.stringValue
        caption = json["caption"]?.stringValue
        voice = Self.audioFile(json["voice"])
        audio = Self.audioFile(json["audio"])
        contactPhoneNumber = json["contact"]?["phone_number"]?.stringValue
        contactUserID = json["contact"]?["user_id"]?.int64Value
        businessConnectionID = json["business_connection_id"]?.stringValue
        sentByBusinessBot = json["sender_business_bot"]?.objectValue != nil
        attachmentKind = Self.attachmentKind(json)
    }

    private static func audioFile(_ json: JSONValue?) -> AudioFile? {
        guard let json, let id = json["file_id"]?.stringValue, !id.isEmpty else { return nil }
        return AudioFile(fileID: id, mimeType: json["mime_type"]?.stringValue, size: json["file_size"]?.int64Value.map { Int($0) })
    }

    /// Sauda's word for the attachment a message carries besides text, voice, audio or a contact.
    private static func attachmentKind(_ json: JSONValue) -> String? {
        let kinds: [(String, String)] = [("photo", "image"), ("document", "document"), ("video", "video"), ("video_note", "video"),
                                         ("animation", "video"), ("sticker", "sticker"), ("location", "location"), ("venue", "location")]
        if let match = kinds.first(where: { json[$0.0] != nil }) { return match.1 }
        let readable = ["text", "voice", "audio", "contact"]
        if readable.contains(where: { json[$0] != nil }) { return nil }
        return "other"
    }
}
