import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SaudaCore
import Synchronization

/// A Telegram Bot API server (Bot API 10.1 semantics) for tests and demos: several bots, each with its own token,
/// update queue, chats, webhook or long poll, files and Telegram Business connections.
///
/// Calls go to `POST|GET /bot<token>/<method>` with JSON, form-encoded or query parameters, and are answered in the
/// Bot API's envelopes (`{"ok":true,"result":…}`, `{"ok":false,"error_code":…,"description":…}`). Files are served
/// under `GET /file/bot<token>/<file_path>`. A test plays the customers (``customerWrites(botID:userID:text:firstName:lastName:username:languageCode:date:businessConnectionID:)``
/// and the other `customer…` calls), the business owner (``connectBusiness(botID:ownerID:ownerName:canReply:)``,
/// ``ownerWrites(botID:connectionID:customerID:text:)``) and Telegram's faults (``failSends(botID:count:status:retryAfter:)``,
/// ``blockBot(botID:userID:)``, ``setOutage(botID:_:)``); the same is reachable over HTTP under `/_simulator`.
///
/// Unlike Telegram, `setWebhook` accepts `http://` URLs on any port, since tests listen on loopback.
public final class TelegramSimulator: Sendable {
    /// A message the bot sent.
    public struct SentMessage: Sendable, Hashable {
        /// Its id in the chat.
        public var messageID: Int
        /// Its text as sent (markup included).
        public var text: String
        /// The message it replies to, when it quotes one that exists.
        public var replyToMessageID: Int?
        /// `MarkdownV2`, `HTML`, `Markdown` or `nil` for plain text.
        public var parseMode: String?
        /// When it was sent.
        public var date: Date
        /// The business connection it was sent through.
        public var businessConnectionID: String?

        /// Makes a record of a sent message.
        public init(messageID: Int, text: String, replyToMessageID: Int?, parseMode: String?, date: Date, businessConnectionID: String?) {
            self.messageID = messageID
            self.text = text
            self.replyToMessageID = replyToMessageID
            self.parseMode = parseMode
            self.date = date
            self.businessConnectionID = businessConnectionID
        }
    }

    let state = Mutex(State())
    /// Told of every message a bot sends (``observeBotSends(_:)``).
    let sendObservers = Mutex<[@Sendable (_ botID: Int64, _ chatID: Int64, _ message: SentMessage) -> Void]>([])
    let webhookClient: HTTPClient
    let webhookRetryDelay: Duration
    let webhookMaxRetryDelay: Duration
    /// How soon after a `setWebhook` another is refused with 429 (Telegram: one a second).
    let setWebhookInterval: Duration
    let logger: Logger

    /// Creates a simulator with no bots.
    /// - Parameters:
    ///   - webhookClient: the client webhook deliveries are posted with.
    ///   - webhookRetryDelay: the first wait before a failed delivery is tried again; it doubles with each failure.
    ///   - webhookMaxRetryDelay: the longest wait between deliveries, also the cap of a `Retry-After` answer.
    ///   - setWebhookInterval: how soon after a `setWebhook` another is refused with 429 (Telegram's one a second; a test
    ///   that checks the refusal makes it long, so that a slow machine cannot let the second call through).
    ///   - logger: where delivery trouble is logged.
    public init(webhookClient: HTTPClient = .shared, webhookRetryDelay: Duration = .seconds(1),
                webhookMaxRetryDelay: Duration = .seconds(60), setWebhookInterval: Duration = .seconds(1),
                logger: Logger = Logger(label: "telegram-simulator")) {
        self.setWebhookInterval = setWebhookInterval
        self.webhookClient = webhookClient
        self.webhookRetryDelay = webhookRetryDelay
        self.webhookMaxRetryDelay = webhookMaxRetryDelay
        self.logger = logger
    }

    // MARK: Bots

    /// Adds a bot; returns its token "<id>:<35 random chars>".
    /// - Parameters:
    ///   - id: the bot's user id (the token's digits).
    ///   - username: its username, without `@`.
    ///   - firstName: its name (the username when omitted).
    ///   - canConnectToBusiness: whether Business Mode is on (`getMe`'s `can_connect_to_business`).
    @discardableResult
    public func addBot(id: Int64, username: String, firstName: String? = nil, canConnectToBusiness: Bool = true) -> String {
        let token = "\(id):AA\(Self.randomText(33))"
        install(Bot(id: id, username: username, firstName: firstName ?? username, token: token, canConnectToBusiness: canConnectToBusiness))
        return token
    }

    /// Adds a bot with a token of your choosing (`<id>:<secret>`); returns the bot id, or `nil` for a malformed token.
    @discardableResult
    public func addBot(token: String, username: String, firstName: String? = nil, canConnectToBusiness: Bool = true) -> Int64? {
        guard let id = Self.botID(ofToken: token) else { return nil }
        install(Bot(id: id, username: username, firstName: firstName ?? username, token: token, canConnectToBusiness: canConnectToBusiness))
        return id
    }

    private func install(_ bot: Bot) {
        state.withLock { $0.bots[bot.id] = bot }
    }

    /// Revokes the bot's token: later calls get 401 `Unauthorized`.
    public func revokeToken(botID: Int64) {
        state.withLock { $0.bots[botID]?.revoked = true }
    }

    /// @BotFather's «Revoke current token»: the bot gets a new token and keeps its chats, updates and webhook; calls
    /// with the old one get 401 `Unauthorized` from now on.
    /// - Returns: the new token; `nil` for a bot the simulator does not have.
    public func issueNewToken(botID: Int64) -> String? {
        let token = "\(botID):AA\(Self.randomText(33))"
        return state.withLock { state -> String? in
            guard state.bots[botID] != nil else { return nil }
            state.bots[botID]?.token = token
            state.bots[botID]?.revoked = false
            return token
        }
    }

    // MARK: Customers

    /// A customer (private chat; chat id == user id) writes to the bot. Returns the message_id.
    @discardableResult
    public func customerWrites(botID: Int64, userID: Int64, text: String, firstName: String = "Customer", lastName: String? = nil,
                               username: String? = nil, languageCode: String? = "ru", date: Date = Date(),
                               businessConnectionID: String? = nil) async -> Int {
        let sender = Customer(id: userID, firstName: firstName, lastName: lastName, username: username, languageCode: languageCode)
        return await customerMessage(botID: botID, sender: sender, date: date, businessConnectionID: businessConnectionID) { _ in
            ["text": .string(text)]
        }
    }

    /// A customer sends a voice note (`voice`, file path `voice/file_N.oga`). Returns the message_id.
    @discardableResult
    public func customerSendsVoice(botID: Int64, userID: Int64, audio: Data, duration: Int = 3, mimeType: String = "audio/ogg",
                                   firstName: String = "Customer", businessConnectionID: String? = nil) async -> Int {
        await customerMessage(botID: botID, sender: Customer(id: userID, firstName: firstName), date: Date(),
                              businessConnectionID: businessConnectionID) { bot in
            let file = Self.storeFile(audio, folder: "voice", suffix: "oga", in: &bot)
            return ["voice": ["file_id": .string(file.fileID), "file_unique_id": .string(file.uniqueID), "duration": .number(Double(duration)),
                              "mime_type": .string(mimeType), "file_size": .number(Double(audio.count))]]
        }
    }

    /// A customer sends a music file (`audio`, file path `music/file_N.mp3`). Returns the message_id.
    @discardableResult
    public func customerSendsAudio(botID: Int64, userID: Int64, audio: Data, duration: Int = 3, mimeType: String = "audio/mpeg",
                                   firstName: String = "Customer", businessConnectionID: String? = nil) async -> Int {
        await customerMessage(botID: botID, sender: Customer(id: userID, firstName: firstName), date: Date(),
                              businessConnectionID: businessConnectionID) { bot in
            let file = Self.storeFile(audio, folder: "music", suffix: mimeType.contains("ogg") ? "ogg" : "mp3", in: &bot)
            return ["audio": ["file_id": .string(file.fileID), "file_unique_id": .string(file.uniqueID), "duration": .number(Double(duration)),
                              "mime_type": .string(mimeType), "file_size": .number(Double(audio.count)),
                              "file_name": .string(file.path.components(separatedBy: "/").last ?? "audio")]]
        }
    }

    /// A customer sends a photo (two sizes, largest last) with an optional caption. Returns the message_id.
    @discardableResult
    public func customerSendsPhoto(botID: Int64, userID: Int64, caption: String?, firstName: String = "Customer") async -> Int {
        await customerMessage(botID: botID, sender: Customer(id: userID, firstName: firstName), date: Date(), businessConnectionID: nil) { bot in
            let small = Self.storeFile(Data(repeating: 0xFF, count: 1_200), folder: "photos", suffix: "jpg", in: &bot)
            let large = Self.storeFile(Data(repeating: 0xFF, count: 24_000), folder: "photos", suffix: "jpg", in: &bot)
            var content: [String: JSONValue] = ["photo": [
                ["file_id": .string(small.fileID), "file_unique_id": .string(small.uniqueID), "width": 90, "height": 90, "file_size": 1_200],
                ["file_id": .string(large.fileID), "file_unique_id": .string(large.uniqueID), "width": 800, "height": 800, "file_size": 24_000],
            ]]
            if let caption { content["caption"] = .string(caption) }
            return content
        }
    }

    /// A customer sends a document with an optional caption. Returns the message_id.
    @discardableResult
    public func customerSendsDocument(botID: Int64, userID: Int64, fileName: String, caption: String?, firstName: String = "Customer") async -> Int {
        await customerMessage(botID: botID, sender: Customer(id: userID, firstName: firstName), date: Date(), businessConnectionID: nil) { bot in
            let bytes = Data("simulated document \(fileName)".utf8)
            let file = Self.storeFile(bytes, folder: "documents", suffix: URL(fileURLWithPath: fileName).pathExtension, in: &bot)
            var content: [String: JSONValue] = ["document": [
                "file_id": .string(file.fileID), "file_unique_id": .string(file.uniqueID), "file_name": .string(fileName),
                "mime_type": "application/octet-stream", "file_size": .number(Double(bytes.count)),
            ]]
            if let caption { content["caption"] = .string(caption) }
            return content
        }
    }

    /// A customer shares their phone number (a `contact` with their own `user_id`). Returns the message_id.
    @discardableResult
    public func customerSharesContact(botID: Int64, userID: Int64, phoneNumber: String, firstName: String = "Customer") async -> Int {
        await customerMessage(botID: botID, sender: Customer(id: userID, firstName: firstName), date: Date(), businessConnectionID: nil) { _ in
            ["contact": ["phone_number": .string(phoneNumber), "first_name": .string(firstName), "user_id": .number(Double(userID))]]
        }
    }

    /// A customer edits a message they sent: an `edited_message` (or `edited_business_message`) with `edit_date`.
    public func customerEdits(botID: Int64, userID: Int64, messageID: Int, text: String, businessConnectionID: String? = nil) async {
        let key = ChatKey(businessConnectionID: businessConnectionID, chatID: userID)
        let poll = state.withLock { state -> Poll?? in
            guard var bot = state.bots[botID], var chat = bot.chats[key], var message = chat.messages[messageID]?.objectValue else { return nil }
            message["text"] = .string(text)
            message["edit_date"] = .number(Date().timeIntervalSince1970.rounded(.down))
            chat.messages[messageID] = .object(message)
            bot.chats[key] = chat
            let poll = Self.enqueue(businessConnectionID == nil ? "edited_message" : "edited_business_message", .object(message),
                                    orderKey: Self.orderKey(key), in: &bot)
            state.bots[botID] = bot
            return .some(poll)
        }
        if let poll { updateQueued(botID: botID, poll: poll) }
    }

    /// A user writes in a group the bot is in (a `group` chat with a negative id). Returns the message_id.
    @discardableResult
    public func groupMessage(botID: Int64, groupID: Int64, userID: Int64, text: String) async -> Int {
        let key = ChatKey(businessConnectionID: nil, chatID: groupID)
        let sender = Customer(id: userID, firstName: "Member")
        let result = state.withLock { state -> (Int, Poll?)? in
            guard var bot = state.bots[botID] else { return nil }
            var chat = bot.chats[key] ?? Chat(info: ["id": .number(Double(groupID)), "type": "group", "title": .string("Group \(-groupID)"),
                                                     "all_members_are_administrators": true])
            let id = chat.takeMessageID()
            let message: JSONValue = ["message_id": .number(Double(id)), "date": .number(Date().timeIntervalSince1970.rounded(.down)),
                                      "chat": chat.info, "from": sender.user, "text": .string(text)]
            chat.messages[id] = message
            bot.chats[key] = chat
            let poll = Self.enqueue("message", message, orderKey: Self.orderKey(key), in: &bot)
            state.bots[botID] = bot
            return (id, poll)
        }
        guard let result else { return 0 }
        updateQueued(botID: botID, poll: result.1)
        return result.0
    }

    /// Queues any raw update JSON object (update_id is assigned); for malformed/unknown payload tests.
    public func enqueueRaw(botID: Int64, update: [String: JSONValue]) async {
        let poll = state.withLock { state -> Poll?? in
            guard var bot = state.bots[botID] else { return nil }
            let type = update.keys.sorted().first { $0 != "update_id" } ?? "unknown"
            let chatID = update.values.lazy.compactMap { $0["chat"]?["id"]?.numberValue }.first
            let orderKey = chatID.map { "raw:\(Int64($0))" } ?? "raw-update:\(bot.nextUpdateID)"
            var payload = update
            payload.removeValue(forKey: "update_id")
            let poll = Self.enqueue(type, nil, raw: payload, orderKey: orderKey, in: &bot)
            state.bots[botID] = bot
            return .some(poll)
        }
        if let poll { updateQueued(botID: botID, poll: poll) }
    }

    // MARK: Business

    /// Business: the owner (a user id) connects the bot; returns the business_connection_id. Emits a `business_connection` update.
    @discardableResult
    public func connectBusiness(botID: Int64, ownerID: Int64, ownerName: String = "Owner", canReply: Bool = true) async -> String {
        let connectionID = "BC" + Self.randomText(22)
        let poll = state.withLock { state -> Poll?? in
            guard var bot = state.bots[botID] else { return nil }
            let owner = Customer(id: ownerID, firstName: ownerName).user
            let connection = BusinessConnection(id: connectionID, owner: owner, ownerID: ownerID, date: Date(), isEnabled: true, canReply: canReply)
            bot.connections[connectionID] = connection
            let poll = Self.enqueue("business_connection", connection.json, orderKey: "owner:\(ownerID)", in: &bot)
            state.bots[botID] = bot
            return .some(poll)
        }
        if let poll { updateQueued(botID: botID, poll: poll) }
        return connectionID
    }

    /// The owner disconnects the bot: a `business_connection` update with `is_enabled: false`; sends through it fail.
    public func disconnectBusiness(botID: Int64, connectionID: String) async {
        let poll = state.withLock { state -> Poll?? in
            guard var bot = state.bots[botID], var connection = bot.connections[connectionID] else { return nil }
            connection.isEnabled = false
            connection.date = Date()
            bot.connections[connectionID] = connection
            let poll = Self.enqueue("business_connection", connection.json, orderKey: "owner:\(connection.ownerID)", in: &bot)
            state.bots[botID] = bot
            return .some(poll)
        }
        if let poll { updateQueued(botID: botID, poll: poll) }
    }

    /// The owner types by hand in a customer's chat (business_message from the owner, no sender_business_bot).
    @discardableResult
    public func ownerWrites(botID: Int64, connectionID: String, customerID: Int64, text: String) async -> Int {
        let key = ChatKey(businessConnectionID: connectionID, chatID: customerID)
        let result = state.withLock { state -> (Int, Poll?)? in
            guard var bot = state.bots[botID], let connection = bot.connections[connectionID] else { return nil }
            var chat = bot.chats[key] ?? Chat(info: Customer(id: customerID, firstName: "Customer").privateChat)
            let id = chat.takeMessageID()
            let message: JSONValue = ["message_id": .number(Double(id)), "date": .number(Date().timeIntervalSince1970.rounded(.down)),
                                      "chat": chat.info, "from": connection.owner, "text": .string(text),
                                      "business_connection_id": .string(connectionID)]
            chat.messages[id] = message
            bot.chats[key] = chat
            let poll = Self.enqueue("business_message", message, orderKey: Self.orderKey(key), in: &bot)
            state.bots[botID] = bot
            return (id, poll)
        }
        guard let result else { return 0 }
        updateQueued(botID: botID, poll: result.1)
        return result.0
    }

    // MARK: What happened

    /// What the bot sent into a chat (business_connection_id nil = the bot's own chat).
    public func sentMessages(botID: Int64, chatID: Int64, businessConnectionID: String? = nil) -> [SentMessage] {
        state.withLock { $0.bots[botID]?.chats[ChatKey(businessConnectionID: businessConnectionID, chatID: chatID)]?.sent ?? [] }
    }

    /// The chat actions (`typing`, …) the bot sent into a chat, oldest first (business chats included).
    public func chatActions(botID: Int64, chatID: Int64) -> [String] {
        state.withLock { $0.bots[botID]?.chatActions[chatID] ?? [] }
    }

    /// The bot's webhook URL, `nil` when none is set.
    public func webhookURL(botID: Int64) -> String? {
        state.withLock { $0.bots[botID]?.webhook?.url }
    }

    /// Updates queued and not yet confirmed (by a larger `getUpdates` offset or a 2xx of the webhook).
    public func pendingUpdateCount(botID: Int64) -> Int {
        state.withLock { $0.bots[botID]?.updates.count ?? 0 }
    }

    /// Calls of a method (compared case-insensitively) made with the bot's token, failed ones included.
    public func callCount(botID: Int64, method: String) -> Int {
        state.withLock { $0.bots[botID]?.calls[method.lowercased()] ?? 0 }
    }

    /// Calls `observer` with the bot, the chat and the message each time a bot sends one (a benchmark times replies).
    public func observeBotSends(_ observer: @escaping @Sendable (_ botID: Int64, _ chatID: Int64, _ message: SentMessage) -> Void) {
        sendObservers.withLock { $0.append(observer) }
    }

    // MARK: Faults

    /// The user blocked the bot: sends to that chat answer 403 `Forbidden: bot was blocked by the user`, and a
    /// `my_chat_member` update (the bot's new status `kicked`) is queued, as Telegram does. The user's next message to
    /// the bot unblocks it (a blocked user must restart the bot to write).
    public func blockBot(botID: Int64, userID: Int64) {
        let key = ChatKey(businessConnectionID: nil, chatID: userID)
        let poll = state.withLock { state -> Poll?? in
            guard var bot = state.bots[botID], bot.blockedUsers.insert(userID).inserted else { return nil }
            let poll = Self.enqueueMembership(of: userID, key: key, from: "member", to: "kicked", in: &bot)
            state.bots[botID] = bot
            return .some(poll)
        }
        if let poll { updateQueued(botID: botID, poll: poll) }
    }

    /// Queues the `my_chat_member` update of a private chat whose user changed the bot's status (`kicked` when blocked,
    /// `member` when started again).
    static func enqueueMembership(of userID: Int64, key: ChatKey, from old: String, to new: String, in bot: inout Bot) -> Poll? {
        let chat = bot.chats[key]?.info ?? Customer(id: userID, firstName: "Customer").privateChat
        var user = chat.objectValue ?? [:]
        user.removeValue(forKey: "type")
        user["is_bot"] = false
        let now = JSONValue.number(Date().timeIntervalSince1970.rounded(.down))
        var member: [String: JSONValue] = ["user": bot.user, "status": .string(new)]
        if new == "kicked" { member["until_date"] = 0 }
        let update: JSONValue = ["chat": chat, "from": .object(user), "date": now,
                                 "old_chat_member": ["user": bot.user, "status": .string(old)], "new_chat_member": .object(member)]
        return enqueue("my_chat_member", update, orderKey: orderKey(key), in: &bot)
    }

    /// The next `count` sendMessage calls fail: 429 with `retry_after` (and `Retry-After`), 502 `Bad Gateway`, or
    /// 500 `Internal Server Error`.
    public func failSends(botID: Int64, count: Int, status: Int = 429, retryAfter: Int = 3) {
        state.withLock { state in
            state.bots[botID]?.sendFailures.append(contentsOf: Array(repeating: SendFailure(status: status, retryAfter: retryAfter), count: count))
        }
    }

    /// While on, every method of the bot answers 502 `Bad Gateway`.
    public func setOutage(botID: Int64, _ on: Bool) {
        state.withLock { $0.bots[botID]?.outage = on }
    }

    /// The next `count` webhook deliveries count as failed even when answered 2xx, so the same update is delivered again.
    public func failNextWebhookDeliveries(botID: Int64, count: Int) {
        state.withLock { $0.bots[botID]?.failingDeliveries += count }
    }
}
