import Foundation

/// The two queue payloads every message passes through, written and read without `JSONEncoder` and `JSONDecoder`.
///
/// Each message is encoded and decoded twice (incoming, then outgoing); Foundation's coders build a tree of values
/// and go through `Codable`'s containers, which was 10 % of the pipeline benchmark's CPU time. The writer gives the
/// same bytes as ``PayloadCoding``'s encoder (sorted keys, slashes unescaped); the reader takes the objects such
/// writers produce and returns `nil` for anything else (unknown keys, numbers, nesting it does not expect, odd
/// escapes), so that ``PayloadCoding`` falls back to `JSONDecoder` with its rules and errors. `PayloadJSONTests`
/// compares both ways on generated payloads.
enum PayloadJSON {
    // MARK: writing

    static func encode(_ payload: IncomingMessagePayload) -> String {
        var out = JSONText()
        out.open()
        if let channel = payload.channel { out.field("channel", channel.rawValue) }
        out.field("chat_id", payload.chatID)
        if let connection = payload.connection { out.field("connection", connection) }
        out.key("contact_info")
        let contact = payload.contactInfo ?? ContactInfo()
        out.open()
        out.field("BusinessName", contact.businessName)
        out.field("FirstName", contact.firstName)
        out.field("FullName", contact.fullName)
        out.field("PushName", contact.pushName)
        out.close()
        out.field("is_voice", payload.isVoice)
        out.field("message_id", payload.messageID)
        out.field("message_text", payload.messageText)
        if let original = payload.originalVoiceURL { out.field("original_voice_url", original) }
        out.field("phone_number", payload.phoneNumber)
        out.field("sender_name", payload.senderName)
        if let tenant = payload.tenant { out.field("tenant", tenant) }
        out.field("timestamp", payload.timestamp)
        out.field("voice_url", payload.voiceURL)
        out.close()
        return out.text
    }

    static func encode(_ payload: OutgoingMessagePayload) -> String {
        var out = JSONText()
        out.open()
        if let channel = payload.channel { out.field("channel", channel.rawValue) }
        if let chatID = payload.chatID { out.field("chat_id", chatID) }
        if let connection = payload.connection { out.field("connection", connection) }
        out.field("mark_as_read", payload.markAsRead)
        out.field("message_text", payload.messageText)
        if let outgoingID = payload.outgoingID { out.field("outgoing_id", outgoingID) }
        out.field("phone_number", payload.phoneNumber)
        out.field("reply_to_message_id", payload.replyToMessageID)
        if let tenant = payload.tenant { out.field("tenant", tenant) }
        out.close()
        return out.text
    }

    /// Compact JSON text, written field by field.
    private struct JSONText {
        var text = ""
        private var first = true

        init() { text.reserveCapacity(512) }

        mutating func open() {
            text += "{"
            first = true
        }

        mutating func close() {
            text += "}"
            first = false
        }

        mutating func key(_ name: String) {
            if !first { text += "," }
            first = false
            text += "\""
            text += name
            text += "\":"
        }

        mutating func field(_ name: String, _ value: String?) {
            key(name)
            if let value { appendString(value) } else { text += "null" }
        }

        mutating func field(_ name: String, _ value: Bool) {
            key(name)
            text += value ? "true" : "false"
        }

        /// A string as Foundation's JSON writer escapes it: quote, backslash and control characters.
        private mutating func appendString(_ value: String) {
            text += "\""
            let needsEscaping = value.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
            guard needsEscaping else {
                text += value
                text += "\""
                return
            }
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                case "\u{08}": text += "\\b"
                case "\u{0C}": text += "\\f"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default:
                    text.unicodeScalars.append(scalar)
                }
            }
            text += "\""
        }
    }

    // MARK: reading

    static func decodeIncoming(_ json: String) -> IncomingMessagePayload? {
        var reader = JSONReader(json)
        guard let fields = reader.object(), reader.atEnd else { return nil }
        var messageID: String?, chatID: String?, messageText: String?, timestamp: String?
        var phoneNumber: String?, senderName: String?, voiceURL: String?, originalVoiceURL: String?, tenant: String?
        var connection: String?
        var isVoice = false
        var channel: Channel?
        var contactInfo: ContactInfo?
        for (key, value) in fields {
            switch (key, value) {
            case ("message_id", .string(let text)): messageID = text
            case ("chat_id", .string(let text)): chatID = text
            case ("message_text", .string(let text)): messageText = text
            case ("timestamp", .string(let text)): timestamp = text
            case ("phone_number", .string(let text)): phoneNumber = text
            case ("sender_name", .string(let text)): senderName = text
            case ("voice_url", .string(let text)): voiceURL = text
            case ("original_voice_url", .string(let text)): originalVoiceURL = text
            case ("tenant", .string(let text)): tenant = text
            case ("connection", .string(let text)): connection = text
            case ("is_voice", .bool(let flag)): isVoice = flag
            case ("channel", .string(let text)):
                guard let known = Channel(rawValue: text) else { return nil }
                channel = known
            case ("contact_info", .contact(let info)): contactInfo = info.isEmpty ? nil : info
            case ("phone_number", .null), ("sender_name", .null), ("voice_url", .null), ("original_voice_url", .null),
                 ("tenant", .null), ("is_voice", .null), ("channel", .null), ("contact_info", .null), ("timestamp", .null),
                 ("connection", .null):
                continue
            default:
                return nil
            }
        }
        guard let messageID, let chatID, let messageText, let timestamp else { return nil }
        var payload = IncomingMessagePayload(messageID: messageID, chatID: chatID, phoneNumber: phoneNumber, senderName: senderName,
                                             messageText: messageText, isVoice: isVoice, voiceURL: voiceURL,
                                             originalVoiceURL: originalVoiceURL, timestampText: timestamp, contactInfo: contactInfo,
                                             tenant: tenant, channel: channel)
        payload.connection = connection
        return payload
    }

    static func decodeOutgoing(_ json: String) -> OutgoingMessagePayload? {
        var reader = JSONReader(json)
        guard let fields = reader.object(), reader.atEnd else { return nil }
        var phoneNumber: String?, messageText: String?, replyTo: String?, tenant: String?, chatID: String?, outgoingID: String?
        var connection: String?
        var markAsRead = false
        var channel: Channel?
        for (key, value) in fields {
            switch (key, value) {
            case ("phone_number", .string(let text)): phoneNumber = text
            case ("message_text", .string(let text)): messageText = text
            case ("reply_to_message_id", .string(let text)): replyTo = text
            case ("tenant", .string(let text)): tenant = text
            case ("chat_id", .string(let text)): chatID = text
            case ("outgoing_id", .string(let text)): outgoingID = text
            case ("connection", .string(let text)): connection = text
            case ("mark_as_read", .bool(let flag)): markAsRead = flag
            case ("channel", .string(let text)):
                guard let known = Channel(rawValue: text) else { return nil }
                channel = known
            case ("reply_to_message_id", .null), ("tenant", .null), ("chat_id", .null), ("outgoing_id", .null),
                 ("mark_as_read", .null), ("channel", .null), ("connection", .null):
                continue
            default:
                return nil
            }
        }
        guard let phoneNumber, let messageText else { return nil }
        var payload = OutgoingMessagePayload(phoneNumber: phoneNumber, messageText: messageText, replyToMessageID: replyTo,
                                             markAsRead: markAsRead, tenant: "", channel: .whatsapp, chatID: "", outgoingID: "")
        payload.tenant = tenant
        payload.channel = channel
        payload.chatID = chatID
        payload.outgoingID = outgoingID
        payload.connection = connection
        return payload
    }

    /// A value the reader understands.
    private enum Value {
        case string(String)
        case bool(Bool)
        case null
        case contact(ContactInfo)
    }

    /// Reads one flat object of strings, booleans and nulls, with `contact_info` as the one nested object.
    private struct JSONReader {
        private let bytes: [UInt8]
        private var index = 0

        init(_ json: String) { bytes = Array(json.utf8) }

        var atEnd: Bool {
            mutating get {
                skipSpace()
                return index == bytes.count
            }
        }

        mutating func object(nested: Bool = false) -> [(String, Value)]? {
            guard take(0x7B) else { return nil }
            var fields: [(String, Value)] = []
            var seen = Set<String>()
            skipSpace()
            if take(0x7D) { return fields }
            while true {
                skipSpace()
                guard let key = string(), seen.insert(key).inserted else { return nil }
                skipSpace()
                guard take(0x3A) else { return nil }
                skipSpace()
                guard let value = value(nestedAllowed: !nested && key == "contact_info") else { return nil }
                fields.append((key, value))
                skipSpace()
                if take(0x2C) { continue }
                return take(0x7D) ? fields : nil
            }
        }

        private mutating func value(nestedAllowed: Bool) -> Value? {
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case 0x22: return string().map(Value.string)
            case 0x74: return literal("true") ? .bool(true) : nil
            case 0x66: return literal("false") ? .bool(false) : nil
            case 0x6E: return literal("null") ? .null : nil
            case 0x7B where nestedAllowed:
                guard let fields = object(nested: true) else { return nil }
                var info = ContactInfo()
                for (key, value) in fields {
                    let text: String?
                    switch value {
                    case .string(let string): text = string
                    case .null: text = nil
                    default: return nil
                    }
                    switch key {
                    case "FirstName": info.firstName = text
                    case "FullName": info.fullName = text
                    case "PushName": info.pushName = text
                    case "BusinessName": info.businessName = text
                    default: return nil
                    }
                }
                return .contact(info)
            default: return nil
            }
        }

        private mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let matches = word.withUTF8Buffer { expected in
                (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
            }
            if matches { index += count }
            return matches
        }

        /// A string; `nil` for raw control characters, bad escapes and lone surrogates (JSONDecoder decides those).
        private mutating func string() -> String? {
            guard take(0x22) else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != 0x22, bytes[index] != 0x5C, bytes[index] >= 0x20 { index += 1 }
            guard index < bytes.count else { return nil }
            if bytes[index] == 0x22 {
                defer { index += 1 }
                return String(decoding: bytes[start..<index], as: UTF8.self)
            }
            guard bytes[index] == 0x5C else { return nil }
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: String(decoding: bytes[start..<index], as: UTF8.self).unicodeScalars)
            var plain = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x22 {
                    scalars.append(contentsOf: String(decoding: bytes[plain..<index], as: UTF8.self).unicodeScalars)
                    index += 1
                    return String(scalars)
                }
                if byte < 0x20 { return nil }
                guard byte == 0x5C else {
                    index += 1
                    continue
                }
                scalars.append(contentsOf: String(decoding: bytes[plain..<index], as: UTF8.self).unicodeScalars)
                index += 1
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case 0x22: scalars.append("\"")
                case 0x5C: scalars.append("\\")
                case 0x2F: scalars.append("/")
                case 0x62: scalars.append("\u{08}")
                case 0x66: scalars.append("\u{0C}")
                case 0x6E: scalars.append("\n")
                case 0x72: scalars.append("\r")
                case 0x74: scalars.append("\t")
                case 0x75:
                    guard let unit = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(unit) {
                        guard take(0x5C), take(0x75), let low = hex4(), (0xDC00..<0xE000).contains(low),
                              let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) else { return nil }
                        scalars.append(scalar)
                    } else {
                        guard let scalar = Unicode.Scalar(unit) else { return nil }
                        scalars.append(scalar)
                    }
                default:
                    return nil
                }
                plain = index
            }
            return nil
        }

        private mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for offset in 0..<4 {
                let byte = bytes[index + offset]
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x41 + 10
                case 0x61...0x66: digit = byte - 0x61 + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            index += 4
            return value
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        private mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }
    }
}
