import Foundation

/// A voice note on the `voice_transcription` queue, in the JSON format of the earlier Python gateway
/// (docs/compatibility.md), extended only with optional fields (tenant, channel, sender, and the audio itself when the
/// webhook carried it).
public struct VoiceMessagePayload: Sendable, Codable, Hashable {
    /// Provider message id.
    public var messageID: String
    /// Chat id (`79115576362@c.us`).
    public var chatID: String
    /// Phone number, digits.
    public var phoneNumber: String
    /// Where the audio can be downloaded (a presigned link), when known.
    public var voiceURL: String?
    /// When it was sent, ISO 8601.
    public var timestamp: String
    /// Sauda extension: the tenant.
    public var tenant: String?
    /// Sauda extension: the channel.
    public var channel: Channel?
    /// Sauda extension: the sender's display name.
    public var senderName: String?
    /// Sauda extension: the audio, base64, when the webhook event carried it.
    public var audioBase64: String?
    /// Sauda extension: the audio's MIME type.
    public var mimeType: String?
    /// Sauda extension: the channel connection (the business's WhatsApp number) it came in on.
    public var connection: String?
    /// Sauda extension: the provider's id of the audio file (Telegram's `file_id`), for the channel's media source.
    public var mediaID: String?

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id", chatID = "chat_id", phoneNumber = "phone_number", voiceURL = "voice_url", timestamp
        case tenant, channel, senderName = "sender_name", audioBase64 = "audio_base64", mimeType = "mime_type", connection, mediaID = "media_id"
    }

    /// Creates a payload.
    public init(messageID: String, chatID: String, phoneNumber: String, voiceURL: String?, timestamp: Date, tenant: String,
                channel: Channel, senderName: String?, audioBase64: String?, mimeType: String?) {
        self.messageID = messageID
        self.chatID = chatID
        self.phoneNumber = phoneNumber
        self.voiceURL = voiceURL
        self.timestamp = ISO8601.format(timestamp)
        self.tenant = tenant
        self.channel = channel
        self.senderName = senderName
        self.audioBase64 = audioBase64
        self.mimeType = mimeType
    }

    /// The conversation it belongs to.
    public var conversation: ConversationKey {
        ConversationKey(tenantID: tenant ?? Tenant.defaultID, channel: channel ?? .whatsapp, chatID: chatID)
    }
}

/// The texts of voice notes in the conversation.
public enum VoiceNoteText {
    /// Prefix of a transcribed voice note, as the earlier gateway writes it.
    public static let transcriptPrefix = "[ТРАНСКРИБАЦИЯ] "
    /// The text stored for a voice note no model could transcribe.
    public static let untranscribed = "[ГОЛОСОВОЕ СООБЩЕНИЕ]"
    /// The reply asking for text when voice notes cannot be transcribed.
    public static let pleaseWrite = "Извините, я не могу прослушать голосовое сообщение 🙏 Пожалуйста, напишите Ваш вопрос текстом — я сразу отвечу."
}
