import Foundation

/// The `contact_info` object of an incoming message, in the earlier gateway's format (docs/compatibility.md).
public struct ContactInfo: Sendable, Codable, Hashable {
    /// `FirstName`.
    public var firstName: String?
    /// `FullName`.
    public var fullName: String?
    /// `PushName`: the name the sender set in the messenger.
    public var pushName: String?
    /// `BusinessName`.
    public var businessName: String?

    /// Creates contact info.
    public init(firstName: String? = nil, fullName: String? = nil, pushName: String? = nil, businessName: String? = nil) {
        self.firstName = firstName
        self.fullName = fullName
        self.pushName = pushName
        self.businessName = businessName
    }

    enum CodingKeys: String, CodingKey {
        case firstName = "FirstName", fullName = "FullName", pushName = "PushName", businessName = "BusinessName"
    }

    /// Whether no name is known.
    public var isEmpty: Bool { firstName == nil && fullName == nil && pushName == nil && businessName == nil }

    /// Writes all four keys, `null` when unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(firstName, forKey: .firstName)
        try container.encode(fullName, forKey: .fullName)
        try container.encode(pushName, forKey: .pushName)
        try container.encode(businessName, forKey: .businessName)
    }

    /// The profile the moderator weighs.
    public var profile: ContactProfile {
        ContactProfile(name: firstName ?? pushName, fullName: fullName, businessName: businessName)
    }
}

/// A message on the `incoming_messages` queue, in the JSON format of the earlier Python gateway
/// (docs/compatibility.md), extended only with optional fields.
public struct IncomingMessagePayload: Sendable, Codable, Hashable {
    /// Provider message id (`3EB0128AE55B5D222DD0`).
    public var messageID: String
    /// Provider chat id (`79115576362@c.us`).
    public var chatID: String
    /// The sender's phone number, when the channel has one.
    public var phoneNumber: String?
    /// The sender's display name.
    public var senderName: String?
    /// The text, or `[ТРАНСКРИБАЦИЯ] …` for a transcribed voice note.
    public var messageText: String
    /// Whether this is a (transcribed) voice note.
    public var isVoice: Bool
    /// Where the voice note can be downloaded.
    public var voiceURL: String?
    /// The earlier gateway's field of a transcript: the original voice note's link.
    public var originalVoiceURL: String?
    /// When the customer sent it, ISO 8601.
    public var timestamp: String
    /// What the messenger tells about the sender.
    public var contactInfo: ContactInfo?
    /// Sauda extension: the tenant; absent means `default`.
    public var tenant: String?
    /// Sauda extension: the channel; absent means WhatsApp, the earlier system's only channel.
    public var channel: Channel?
    /// Sauda extension: the id of the business's channel connection (its WhatsApp number) the message came in on;
    /// absent on older messages and on channels without connections.
    public var connection: String?

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id", chatID = "chat_id", phoneNumber = "phone_number", senderName = "sender_name"
        case messageText = "message_text", isVoice = "is_voice", voiceURL = "voice_url"
        case originalVoiceURL = "original_voice_url", timestamp, contactInfo = "contact_info", tenant, channel, connection
    }

    /// Creates a payload.
    public init(messageID: String, chatID: String, phoneNumber: String?, senderName: String?, messageText: String,
                isVoice: Bool = false, voiceURL: String? = nil, originalVoiceURL: String? = nil, timestamp: Date,
                contactInfo: ContactInfo? = nil, tenant: String, channel: Channel) {
        self.init(messageID: messageID, chatID: chatID, phoneNumber: phoneNumber, senderName: senderName, messageText: messageText,
                  isVoice: isVoice, voiceURL: voiceURL, originalVoiceURL: originalVoiceURL, timestampText: ISO8601.format(timestamp),
                  contactInfo: contactInfo, tenant: tenant, channel: channel)
    }

    /// Creates a payload with its fields as they are written (``PayloadJSON`` reads them).
    init(messageID: String, chatID: String, phoneNumber: String?, senderName: String?, messageText: String, isVoice: Bool,
         voiceURL: String?, originalVoiceURL: String?, timestampText: String, contactInfo: ContactInfo?, tenant: String?,
         channel: Channel?) {
        self.messageID = messageID
        self.chatID = chatID
        self.phoneNumber = phoneNumber
        self.senderName = senderName
        self.messageText = messageText
        self.isVoice = isVoice
        self.voiceURL = voiceURL
        self.originalVoiceURL = originalVoiceURL
        self.timestamp = timestampText
        self.contactInfo = contactInfo
        self.tenant = tenant
        self.channel = channel
    }

    /// Decodes tolerantly: `is_voice` may be missing (transcripts of older gateways) and defaults to false.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        messageID = try container.decode(String.self, forKey: .messageID)
        chatID = try container.decode(String.self, forKey: .chatID)
        phoneNumber = try container.decodeIfPresent(String.self, forKey: .phoneNumber)
        senderName = try container.decodeIfPresent(String.self, forKey: .senderName)
        messageText = try container.decode(String.self, forKey: .messageText)
        isVoice = try container.decodeIfPresent(Bool.self, forKey: .isVoice) ?? false
        voiceURL = try container.decodeIfPresent(String.self, forKey: .voiceURL)
        originalVoiceURL = try container.decodeIfPresent(String.self, forKey: .originalVoiceURL)
        timestamp = try container.decodeIfPresent(String.self, forKey: .timestamp) ?? ISO8601.format(Date())
        contactInfo = try container.decodeIfPresent(ContactInfo.self, forKey: .contactInfo).flatMap { $0.isEmpty ? nil : $0 }
        tenant = try container.decodeIfPresent(String.self, forKey: .tenant)
        channel = try container.decodeIfPresent(Channel.self, forKey: .channel)
        connection = try container.decodeIfPresent(String.self, forKey: .connection)
    }

    /// The conversation this message belongs to.
    /// Writes every field of the earlier gateway's format, `null` when absent (a consumer written for that format
    /// reads them all), and Sauda's own fields only when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(messageID, forKey: .messageID)
        try container.encode(chatID, forKey: .chatID)
        try container.encode(phoneNumber, forKey: .phoneNumber)
        try container.encode(senderName, forKey: .senderName)
        try container.encode(messageText, forKey: .messageText)
        try container.encode(isVoice, forKey: .isVoice)
        try container.encode(voiceURL, forKey: .voiceURL)
        try container.encode(timestamp, forKey: .timestamp)
        try container.encode(contactInfo ?? ContactInfo(), forKey: .contactInfo)
        try container.encodeIfPresent(originalVoiceURL, forKey: .originalVoiceURL)
        try container.encodeIfPresent(tenant, forKey: .tenant)
        try container.encodeIfPresent(channel, forKey: .channel)
        try container.encodeIfPresent(connection, forKey: .connection)
    }

    public var conversation: ConversationKey {
        ConversationKey(tenantID: tenant ?? Tenant.defaultID, channel: channel ?? .whatsapp, chatID: chatID)
    }

    /// The send time as a date (now when the timestamp cannot be read).
    public var sentAt: Date { ISO8601.parse(timestamp) ?? Date() }
}

/// A message on the `outgoing_messages` queue, in the JSON format of the earlier Python agent
/// (docs/compatibility.md), extended only with optional fields.
public struct OutgoingMessagePayload: Sendable, Codable, Hashable {
    /// Recipient phone number (or chat id for channels without phones).
    public var phoneNumber: String
    /// The reply text.
    public var messageText: String
    /// Provider id of the customer message this answers, for a quoted reply.
    public var replyToMessageID: String?
    /// Whether to mark the customer's message read.
    public var markAsRead: Bool
    /// Sauda extension: the tenant.
    public var tenant: String?
    /// Sauda extension: the channel.
    public var channel: Channel?
    /// Sauda extension: the chat id.
    public var chatID: String?
    /// Sauda extension: id of the bot message (idempotency key of the send).
    public var outgoingID: String?
    /// Sauda extension: the id of the channel connection (the business's WhatsApp number) to send from: the one the
    /// customer wrote to. Absent: the business's first active connection of the channel.
    public var connection: String?

    /// How the id of a message an operator writes from the console begins (the bot's begin with `bot-`).
    public static let operatorIDPrefix = "op-"

    /// Whether a person of the business wrote it (from the console), not the bot.
    public var isFromOperator: Bool { outgoingID?.hasPrefix(Self.operatorIDPrefix) ?? false }

    enum CodingKeys: String, CodingKey {
        case phoneNumber = "phone_number", messageText = "message_text", replyToMessageID = "reply_to_message_id"
        case markAsRead = "mark_as_read", tenant, channel, chatID = "chat_id", outgoingID = "outgoing_id", connection
    }

    /// Creates a payload.
    public init(phoneNumber: String, messageText: String, replyToMessageID: String?, markAsRead: Bool,
                tenant: String, channel: Channel, chatID: String, outgoingID: String) {
        self.phoneNumber = phoneNumber
        self.messageText = messageText
        self.replyToMessageID = replyToMessageID
        self.markAsRead = markAsRead
        self.tenant = tenant
        self.channel = channel
        self.chatID = chatID
        self.outgoingID = outgoingID
    }

    /// Decodes tolerantly: `mark_as_read` defaults to false.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        phoneNumber = try container.decode(String.self, forKey: .phoneNumber)
        messageText = try container.decode(String.self, forKey: .messageText)
        replyToMessageID = try container.decodeIfPresent(String.self, forKey: .replyToMessageID)
        markAsRead = try container.decodeIfPresent(Bool.self, forKey: .markAsRead) ?? false
        tenant = try container.decodeIfPresent(String.self, forKey: .tenant)
        channel = try container.decodeIfPresent(Channel.self, forKey: .channel)
        chatID = try container.decodeIfPresent(String.self, forKey: .chatID)
        outgoingID = try container.decodeIfPresent(String.self, forKey: .outgoingID)
        connection = try container.decodeIfPresent(String.self, forKey: .connection)
    }

    /// Writes the earlier format's four fields always (`reply_to_message_id` as `null` when absent) and Sauda's own
    /// when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(phoneNumber, forKey: .phoneNumber)
        try container.encode(messageText, forKey: .messageText)
        try container.encode(replyToMessageID, forKey: .replyToMessageID)
        try container.encode(markAsRead, forKey: .markAsRead)
        try container.encodeIfPresent(tenant, forKey: .tenant)
        try container.encodeIfPresent(channel, forKey: .channel)
        try container.encodeIfPresent(chatID, forKey: .chatID)
        try container.encodeIfPresent(outgoingID, forKey: .outgoingID)
        try container.encodeIfPresent(connection, forKey: .connection)
    }

    /// The conversation of the reply (the default tenant and WhatsApp when unnamed).
    public var conversation: ConversationKey {
        ConversationKey(tenantID: tenant ?? Tenant.defaultID, channel: channel ?? .whatsapp, chatID: chatID ?? phoneNumber)
    }

    /// The reply with Sauda's fields filled in when a peer (the earlier Python agent) sent only the four fields of the
    /// earlier format: the default tenant, WhatsApp, the phone number's chat, and an id made from the reply itself, so
    /// that a redelivery of the same reply is recognised as sent.
    public var completed: OutgoingMessagePayload {
        var reply = self
        let digits = phoneNumber.filter(\.isNumber)
        reply.tenant = tenant ?? Tenant.defaultID
        reply.channel = channel ?? .whatsapp
        reply.chatID = chatID ?? (reply.channel == .whatsapp ? digits + "@c.us" : phoneNumber)
        if outgoingID == nil {
            // FNV-1a over the reply's content: stable across processes and restarts (Swift's hashValue is not).
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in "\(digits)|\(replyToMessageID ?? "")|\(messageText)".utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            reply.outgoingID = "ext-" + String(hash, radix: 16)
        }
        return reply
    }
}

/// ISO 8601 timestamps as the earlier gateway's format has them (`2025-10-05T14:30:00+05:00`), with fractional seconds.
public enum ISO8601 {
    /// Formats a date with fractional seconds in UTC.
    public static func format(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// Parses a timestamp with or without fractional seconds and with any offset RFC 3339 allows (up to ±23:59, beyond
    /// the ±18 hours a `TimeZone` holds).
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let date = try? withFraction.parse(text) { return date }
        return parseWithWideOffset(text)
    }

    /// A timestamp whose offset Foundation refuses (`-18:20`): read as UTC, then moved by the offset.
    private static func parseWithWideOffset(_ text: String) -> Date? {
        let scalars = Array(text.utf8)
        guard scalars.count >= 25, let sign = scalars.dropLast(5).last, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
              scalars[scalars.count - 3] == UInt8(ascii: ":") else { return nil }
        let offsetText = String(decoding: scalars.suffix(5), as: UTF8.self)
        guard let hours = Int(offsetText.prefix(2)), let minutes = Int(offsetText.suffix(2)), hours < 24, minutes < 60 else { return nil }
        let local = String(decoding: scalars.dropLast(6), as: UTF8.self) + "Z"
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        guard let utc = (try? Date(local, strategy: .iso8601)) ?? (try? withFraction.parse(local)) else { return nil }
        let offset = TimeInterval(hours * 3600 + minutes * 60)
        return sign == UInt8(ascii: "+") ? utc.addingTimeInterval(-offset) : utc.addingTimeInterval(offset)
    }
}

/// Payload coding shared by every queue implementation.
public enum PayloadCoding {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private static let decoder = JSONDecoder()

    /// Encodes a payload as compact JSON with sorted keys (the two message payloads by ``PayloadJSON``, the same bytes).
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        if let incoming = value as? IncomingMessagePayload { return PayloadJSON.encode(incoming) }
        if let outgoing = value as? OutgoingMessagePayload { return PayloadJSON.encode(outgoing) }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes a payload (the two message payloads by ``PayloadJSON`` when it can read them, else `JSONDecoder`).
    public static func decode<T: Decodable>(_ type: T.Type, from json: String) throws -> T {
        if type == IncomingMessagePayload.self, let payload = PayloadJSON.decodeIncoming(json), let typed = payload as? T { return typed }
        if type == OutgoingMessagePayload.self, let payload = PayloadJSON.decodeOutgoing(json), let typed = payload as? T { return typed }
        return try decoder.decode(type, from: Data(json.utf8))
    }
}
