import Foundation

/// One message of a conversation as the agent sees it: who wrote it and what it says.
public struct ConversationMessage: Sendable, Hashable, Codable {
    /// Who wrote a message.
    public enum Author: String, Sendable, Hashable, Codable {
        /// The customer.
        case customer
        /// The bot.
        case bot
        /// A person of the business (owner or operator) writing by hand.
        case human
    }

    /// Who wrote it.
    public var author: Author
    /// The text (a voice note's transcript for voice messages).
    public var text: String
    /// When it was written.
    public var sentAt: Date

    /// Creates a message.
    public init(author: Author, text: String, sentAt: Date) {
        self.author = author
        self.text = text
        self.sentAt = sentAt
    }
}
