import Foundation
import SaudaCore
import Synchronization

/// The Bot API's methods besides updates and webhooks: getMe, sending, chat actions, files and business connections.
extension TelegramSimulator {
    /// The chat actions `sendChatAction` accepts.
    static let chatActionNames: Set<String> = [
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
        "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    ]

    /// Bots may download files up to 20 MB.
    static let maxDownloadSize = 20 * 1024 * 1024

    func getMe(botID: Int64) -> Reply {
        state.withLock { state in
            guard let bot = state.bots[botID] else { return .unauthorized }
            var user = bot.user.objectValue ?? [:]
            user["can_join_groups"] = true
            user["can_read_all_group_messages"] = false
            user["supports_inline_queries"] = false
            user["can_connect_to_business"] = .bool(bot.canConnectToBusiness)
            user["has_main_web_app"] = false
            return .result(.object(user))
        }
    }

    /// The answer of a simulated send failure.
    static func failure(status: Int, retryAfter: Int) -> Reply {
        switch status {
        case 429: .error(429, "Too Many Requests: retry after \(retryAfter)", retryAfter: retryAfter)
        case 403: .error(403, "Forbidden: bot was blocked by the user")
        case 400: .badRequest("chat not found")
        default: .error(status, Reply.reasonPhrase(status))
        }
    }

    /// The chat a send goes to, or why it cannot: an unknown, disabled or read-only business connection, a business chat
    /// silent for 24 hours, a chat never seen, a user who blocked the bot.
    static func target(_ parameters: Parameters, in bot: Bot, now: Date) -> Result<ChatKey, ReplyError> {
        guard let chatText = parameters.string("chat_id"), !chatText.isEmpty else { return .failure(ReplyError(.badRequest("chat_id is empty"))) }
        guard let chatID = Int64(chatText) else { return .failure(ReplyError(.badRequest("chat not found"))) }
        let connectionID = parameters.string("business_connection_id").flatMap { $0.isEmpty ? nil : $0 }
        let key = ChatKey(businessConnectionID: connectionID, chatID: chatID)
        let rights = ReplyError(.error(403, "Forbidden: not enough rights to send messages in the chat"))
        if let connectionID {
            guard let connection = bot.connections[connectionID] else { return .failure(ReplyError(.badRequest("business connection not found"))) }
            guard connection.isEnabled, connection.canReply else { return .failure(rights) }
            guard let chat = bot.chats[key] else { return .failure(ReplyError(.badRequest("chat not found"))) }
            guard let last = chat.lastIncoming, now.timeIntervalSince(last) < 86_400 else { return .failure(rights) }
            return .success(key)
        }
        guard bot.chats[key] != nil else { return .failure(ReplyError(.badRequest("chat not found"))) }
        if bot.blockedUsers.contains(chatID) { return .failure(ReplyError(.error(403, "Forbidden: bot was blocked by the user"))) }
        return .success(key)
    }

    func sendMessage(botID: Int64, _ parameters: Parameters) -> Reply {
        var delivered: (chatID: Int64, message: SentMessage)?
        let (reply, poll) = state.withLock { state -> (Reply, Poll?) in
            guard var bot = state.bots[botID] else { return (.unauthorized, nil) }
            if !bot.sendFailures.isEmpty {
                let failure = bot.sendFailures.removeFirst()
                state.bots[botID] = bot
                return (Self.failure(status: failure.status, retryAfter: failure.retryAfter), nil)
            }
            let now = Date()
            let key: ChatKey
            switch Self.target(parameters, in: bot, now: now) {
            case .failure(let error): return (error.reply, nil)
            case .success(let found): key = found
            }
            let text = parameters.string("text") ?? ""
            let parseMode = parameters.string("parse_mode").flatMap { $0.isEmpty ? nil : $0 }
            let plain: String
            switch TelegramMarkup.plainText(text, parseMode: parseMode) {
            case .failure(let error): return (.badRequest(error.message), nil)
            case .success(let parsed): plain = parsed.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard !plain.isEmpty else { return (.badRequest("message text is empty"), nil) }
            guard plain.utf16.count <= 4096 else { return (.badRequest("message is too long"), nil) }
            guard var chat = bot.chats[key] else { return (.badRequest("chat not found"), nil) }

            let replyParameters = parameters.object("reply_parameters")
            let quotedID = replyParameters?.int("message_id") ?? parameters.int("reply_to_message_id")
            let withoutReply = key.businessConnectionID != nil || replyParameters?.bool("allow_sending_without_reply") == true
                || parameters.bool("allow_sending_without_reply") == true
            var quoted: JSONValue?
            if let quotedID {
                quoted = chat.messages[quotedID]
                if quoted == nil && !withoutReply { return (.badRequest("message to be replied not found"), nil) }
            }

            let id = chat.takeMessageID()
            var message: [String: JSONValue] = ["message_id": .number(Double(id)), "date": .number(now.timeIntervalSince1970.rounded(.down)),
                                                "chat": chat.info, "from": bot.user, "text": .string(plain)]
            if let quoted, var object = quoted.objectValue {
                object.removeValue(forKey: "reply_to_message")
                message["reply_to_message"] = .object(object)
            }
            if let connectionID = key.businessConnectionID, let connection = bot.connections[connectionID] {
                // On a business account, the message is the owner's, sent by the bot.
                message["from"] = connection.owner
                message["business_connection_id"] = .string(connectionID)
                message["sender_business_bot"] = bot.user
            }
            chat.messages[id] = .object(message)
            let sent = SentMessage(messageID: id, text: text, replyToMessageID: quoted == nil ? nil : quotedID, parseMode: parseMode,
                                   date: now, businessConnectionID: key.businessConnectionID)
            chat.sent.append(sent)
            delivered = (key.chatID, sent)
            bot.chats[key] = chat
            var poll: Poll?
            if key.businessConnectionID != nil {
                poll = Self.enqueue("business_message", .object(message), orderKey: Self.orderKey(key), in: &bot)
            }
            state.bots[botID] = bot
            return (.result(.object(message)), poll)
        }
        if poll != nil { updateQueued(botID: botID, poll: poll) } else if reply.status == 200 { startDeliveries(botID: botID) }
        if let delivered { for observer in sendObservers.withLock({ $0 }) { observer(botID, delivered.chatID, delivered.message) } }
        return reply
    }

    func sendChatAction(botID: Int64, _ parameters: Parameters) -> Reply {
        state.withLock { state in
            guard var bot = state.bots[botID] else { return .unauthorized }
            guard let action = parameters.string("action"), Self.chatActionNames.contains(action) else {
                return .badRequest("wrong parameter action in request")
            }
            switch Self.target(parameters, in: bot, now: Date()) {
            case .failure(let error): return error.reply
            case .success(let key):
                bot.chatActions[key.chatID, default: []].append(action)
                state.bots[botID] = bot
                return .result(true)
            }
        }
    }

    func getFile(botID: Int64, _ parameters: Parameters) -> Reply {
        state.withLock { state in
            guard let bot = state.bots[botID] else { return .unauthorized }
            guard let fileID = parameters.string("file_id"), let file = bot.files[fileID] else {
                return .badRequest("wrong file_id or the file is temporarily unavailable")
            }
            guard file.data.count <= Self.maxDownloadSize else { return .badRequest("file is too big") }
            return .result(["file_id": .string(file.fileID), "file_unique_id": .string(file.uniqueID),
                            "file_size": .number(Double(file.data.count)), "file_path": .string(file.path)])
        }
    }

    func getBusinessConnection(botID: Int64, _ parameters: Parameters) -> Reply {
        state.withLock { state in
            guard let bot = state.bots[botID] else { return .unauthorized }
            guard let id = parameters.string("business_connection_id"), let connection = bot.connections[id] else {
                return .badRequest("business connection not found")
            }
            return .result(connection.json)
        }
    }

    func readBusinessMessage(botID: Int64, _ parameters: Parameters) -> Reply {
        state.withLock { state in
            guard let bot = state.bots[botID] else { return .unauthorized }
            guard let id = parameters.string("business_connection_id"), let connection = bot.connections[id] else {
                return .badRequest("business connection not found")
            }
            guard connection.isEnabled, connection.canReadMessages else { return .error(403, "Forbidden: not enough rights to read messages") }
            guard let chatID = parameters.int64("chat_id"), let chat = bot.chats[ChatKey(businessConnectionID: id, chatID: chatID)] else {
                return .badRequest("chat not found")
            }
            guard let last = chat.lastIncoming, Date().timeIntervalSince(last) < 86_400 else {
                return .error(403, "Forbidden: not enough rights to read messages")
            }
            guard let messageID = parameters.int("message_id"), chat.messages[messageID] != nil else { return .badRequest("message not found") }
            return .result(true)
        }
    }

    func deleteMessage(botID: Int64, _ parameters: Parameters) -> Reply {
        state.withLock { state in
            guard var bot = state.bots[botID] else { return .unauthorized }
            guard let chatID = parameters.int64("chat_id"), bot.chats[ChatKey(businessConnectionID: nil, chatID: chatID)] != nil else {
                return .badRequest("chat not found")
            }
            let key = ChatKey(businessConnectionID: nil, chatID: chatID)
            guard let messageID = parameters.int("message_id"), bot.chats[key]?.messages.removeValue(forKey: messageID) != nil else {
                return .badRequest("message to delete not found")
            }
            state.bots[botID] = bot
            return .result(true)
        }
    }
}

extension TelegramSimulator {
    /// A refusal carried through a `Result`.
    struct ReplyError: Error {
        var reply: Reply

        init(_ reply: Reply) {
            self.reply = reply
        }
    }
}
