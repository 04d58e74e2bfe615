import SaudaCore
import SaudaModels

extension WappiSimulator {
    /// Everything the simulator remembers: chats, names, the webhook and the failures still to inject.
    struct State {
        var chats: [String: [Message]] = [:]
        /// The chat of each message id.
        var chatOfMessage: [String: String] = [:]
        var names: [String: String] = [:]
        var webhookURL: String?
        var webhookTypes: [String] = []
        var failures: [(status: Int, retryAfter: Int?)] = []
        var lostAnswers = 0
        /// Delivery is reported before the send call answers (a fast phone), not a moment after.
        var reportsDeliveryFirst = false
        var down = false
        var holdingWebhooks = false
        var answerDelay: Duration?
        /// Chats whose sends fail with this HTTP status, while sends to other chats succeed.
        var failingChats: [String: Int] = [:]
        var webhooksPosted = 0
        var sendObservers: [@Sendable (String, Message) -> Void] = []

        mutating func append(_ message: Message, to chatID: String) {
            chats[chatID, default: []].append(message)
            chatOfMessage[message.id] = chatID
        }

        func message(_ id: String) -> Message? {
            chatOfMessage[id].flatMap { chats[$0]?.last { $0.id == id } }
        }
        var heldWebhooks: [(event: JSONValue, type: String)] = []
        var apiCalls = 0
        var sequence = 0
    }
}
