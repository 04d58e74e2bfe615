import Foundation
import SaudaCore
import SaudaStore

/// What an agent needs to decide one turn of a conversation, whatever brought the messages: a queue delivery,
/// a phone call or a synchronous dialogue API. It holds no queue or bus type.
public struct ConversationContext: Sendable {
    /// The conversation.
    public var key: ConversationKey
    /// The business the agent speaks for (the tenant's name).
    public var businessName: String
    /// The contact as known before the turn; an `id` of 0 means it is not stored yet.
    public var contact: Contact
    /// The conversation given to the models, the new messages included, oldest first.
    public var history: [ConversationMessage]
    /// The customer messages this turn answers, oldest first.
    public var newMessages: [NewCustomerMessage]
    /// The contact's customer messages so far, the new ones included (it decides when an unknown contact is classified).
    public var customerMessageCount: Int
    /// The moment of the turn.
    public var now: Date
    /// The name the business's CRM knows the customer by, found on their first turn (a returning customer).
    public var knownCustomerName: String?

    /// Creates a context.
    public init(key: ConversationKey, businessName: String, contact: Contact, history: [ConversationMessage],
                newMessages: [NewCustomerMessage], customerMessageCount: Int, now: Date) {
        self.key = key
        self.businessName = businessName
        self.contact = contact
        self.history = history
        self.newMessages = newMessages
        self.customerMessageCount = customerMessageCount
        self.now = now
    }

    /// The stored contact's id, `nil` while the contact has no row (model calls are then recorded without it).
    public var contactID: Int64? { contact.id == 0 ? nil : contact.id }

    /// Whether an operator or the owner has paused the bot in this chat at ``now``.
    public var isBotPaused: Bool { contact.botPausedUntil.map { $0 > now } ?? false }

    /// Whether no new message can be read: each is a voice note no model could transcribe or a bare attachment.
    public var isUnreadable: Bool {
        !newMessages.isEmpty && newMessages.allSatisfy {
            ($0.isVoice && $0.text == VoiceNoteText.untranscribed) || MediaNoteText.isBareAttachment($0.text)
        }
    }

    /// The context with the text of every message, new and in the history, cut to its first `limit` characters
    /// (ending in «…» where cut; ``TextAnalysis/shortened(_:toCharacters:)``): what a turn's agents read, so that a
    /// long message costs them no more than one of `limit` characters.
    public func bounded(toCharacters limit: Int) -> ConversationContext {
        var bounded = self
        bounded.history = history.map { $0.bounded(toCharacters: limit) }
        bounded.newMessages = newMessages.map { message in
            var message = message
            message.text = TextAnalysis.shortened(message.text, toCharacters: limit)
            return message
        }
        return bounded
    }

    /// The answer to unreadable messages: please write instead (for voice notes, or for attachments).
    public var pleaseWrite: String {
        newMessages.allSatisfy(\.isVoice) ? VoiceNoteText.pleaseWrite : MediaNoteText.pleaseWrite
    }
}

extension ConversationMessage {
    /// The message with its text cut to `limit` characters (``TextAnalysis/shortened(_:toCharacters:)``).
    func bounded(toCharacters limit: Int) -> ConversationMessage {
        var message = self
        message.text = TextAnalysis.shortened(text, toCharacters: limit)
        return message
    }
}
