import Foundation
import SaudaCore
import SaudaStore

/// The few fields of a contact a list of follow-ups or calls shows.
struct ContactBriefJSON: Encodable {
    let id: Int64
    let name: String?
    let phoneNumber: String?
    let channel: String
    let chatId: String

    init(_ contact: Contact) {
        id = contact.id
        name = contact.profile.fullName ?? contact.profile.name
        phoneNumber = contact.internationalPhone
        channel = contact.key.channel.rawValue
        chatId = contact.key.chatID
    }
}

/// A follow-up chain.
struct FollowUpJSON: Encodable {
    let id: Int64
    let contact: ContactBriefJSON?
    /// The touch sent next (1–5).
    let touchNumber: Int
    let nextTouchAt: Date?
    let lastTouchAt: Date?
    let startedAt: Date
    /// Why the chain started (while it runs) or ended.
    let reason: String?
    let completed: Bool

    init(_ chain: FollowUp, contact: Contact?) {
        id = chain.id
        self.contact = contact.map(ContactBriefJSON.init)
        touchNumber = chain.touchNumber
        nextTouchAt = chain.nextTouchAt
        lastTouchAt = chain.lastTouchAt
        startedAt = chain.createdAt
        reason = chain.stopReason
        completed = chain.isCompleted
    }
}

/// A booked call.
struct CallJSON: Encodable {
    let id: Int64
    let contact: ContactBriefJSON?
    let scheduledAt: Date
    let timeZone: String
    let status: String
    let manager: String?
    let notes: String?

    init(_ call: ScheduledCall, contact: Contact?) {
        id = call.id
        self.contact = contact.map(ContactBriefJSON.init)
        scheduledAt = call.scheduledAt
        timeZone = call.timeZone
        status = call.status
        manager = call.manager
        notes = call.notes
    }
}

/// A page of follow-up chains.
struct FollowUpPageJSON: Encodable {
    let followUps: [FollowUpJSON]
    let limit: Int
    let offset: Int
}

/// A page of calls.
struct CallPageJSON: Encodable {
    let calls: [CallJSON]
    let limit: Int
    let offset: Int
}
