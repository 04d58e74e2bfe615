import Foundation
import SaudaCore
import SaudaStore

/// A lead as the admin API shows it.
struct LeadJSON: Encodable {
    let id: Int64
    let contactId: Int64
    let channel: String
    let chatId: String
    let name: String?
    let phone: String?
    let need: String?
    let priceQuoted: String?
    let bookedCall: Date?
    let source: String
    let stage: String
    let details: [String: String]
    let createdAt: Date
    let updatedAt: Date

    init(_ lead: Lead) {
        id = lead.id
        contactId = lead.contactID
        channel = lead.channel.rawValue
        chatId = lead.chatID
        name = lead.name
        phone = lead.phone
        need = lead.need
        priceQuoted = lead.priceQuoted
        bookedCall = lead.bookedCall
        source = lead.source
        stage = lead.stage.rawValue
        details = lead.details
        createdAt = lead.createdAt
        updatedAt = lead.updatedAt
    }
}

/// A page of leads with the number matching in all.
struct LeadPageJSON: Encodable {
    let leads: [LeadJSON]
    let total: Int
    let limit: Int
    let offset: Int
}
