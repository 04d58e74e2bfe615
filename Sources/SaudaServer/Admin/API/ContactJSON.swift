import Foundation
import SaudaCore
import SaudaStore

/// A contact as the admin API shows it.
struct ContactJSON: Encodable {
    let id: Int64
    let channel: String
    let chatId: String
    let phoneNumber: String?
    let name: String?
    let fullName: String?
    let businessName: String?
    let status: String
    let isClient: Bool?
    let confidence: Double?
    let reasoning: String?
    let spinStage: String
    let botPaused: Bool
    let botPausedUntil: Date?
    let pausedBy: String?
    let lastMessageAt: Date?

    init(_ contact: Contact, pausedBy: String?, now: Date = Date()) {
        id = contact.id
        channel = contact.key.channel.rawValue
        chatId = contact.key.chatID
        phoneNumber = contact.internationalPhone
        name = contact.profile.name
        fullName = contact.profile.fullName
        businessName = contact.profile.businessName
        status = contact.status.rawValue
        isClient = contact.status.isClient
        confidence = contact.confidence
        reasoning = contact.reasoning
        spinStage = contact.spinStage.rawValue
        let paused = (contact.botPausedUntil ?? .distantPast) > now
        botPaused = paused
        botPausedUntil = paused ? contact.botPausedUntil : nil
        self.pausedBy = paused ? pausedBy : nil
        lastMessageAt = contact.lastMessageAt
    }
}

/// A contact in a list, with its latest message.
struct ContactListItemJSON: Encodable {
    struct LastMessage: Encodable {
        let text: String
        let author: String
        let at: Date
    }

    let contact: ContactJSON
    let lastMessage: LastMessage?
    let messageCount: Int
    let updatedAt: Date

    init(_ summary: ContactSummary) {
        contact = ContactJSON(summary.contact, pausedBy: summary.pausedBy)
        lastMessage = summary.lastMessage.map { LastMessage(text: $0.text, author: $0.author.rawValue, at: $0.at) }
        messageCount = summary.messageCount
        updatedAt = summary.updatedAt
    }
}

/// A page of contacts.
struct ContactPageJSON: Encodable {
    let contacts: [ContactListItemJSON]
    let total: Int
    let limit: Int
    let offset: Int
}

extension Contact {
    /// The phone number with its `+`, as the API shows numbers.
    var internationalPhone: String? { phoneNumber.map(PhoneNumber.international) }
}
