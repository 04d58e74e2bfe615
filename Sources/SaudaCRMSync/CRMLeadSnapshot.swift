import Foundation
import SaudaCRM
import SaudaCore
import SaudaStore

/// What the sync writes of one lead: the lead, its contact, its conversation's last messages and the CRM's ids of them
/// already written, read in one go before any call to the CRM.
struct CRMLeadSnapshot: Sendable {
    /// The most messages of the conversation the note quotes.
    static let noteMessages = 12
    /// The longest note, in characters.
    static let noteLength = 2_000

    let lead: Lead
    let contact: Contact
    let messages: [StoredMessage]
    let customerLink: CRMLink?
    let leadLink: CRMLink?
    let noteLink: CRMLink?

    /// Reads the lead `id` of the business and what goes with it; `nil` when the lead or its contact is gone.
    static func read(_ sql: any SQLConnection, tenantID: String, leadID: Int64, crmType: CRMType) async throws(StoreError) -> CRMLeadSnapshot? {
        guard let lead = try await LeadRepository(sql).find(tenantID: tenantID, id: leadID),
              let contact = try await ContactRepository(sql).find(id: lead.contactID) else { return nil }
        let messages = try await MessageRepository(sql).recent(contactID: contact.id, limit: noteMessages)
        let links = CRMLinkRepository(sql)
        return CRMLeadSnapshot(
            lead: lead, contact: contact, messages: messages,
            customerLink: try await links.find(tenantID: tenantID, subject: .contact, subjectID: contact.id, crmType: crmType),
            leadLink: try await links.find(tenantID: tenantID, subject: .lead, subjectID: lead.id, crmType: crmType),
            noteLink: try await links.find(tenantID: tenantID, subject: .note, subjectID: lead.id, crmType: crmType))
    }

    /// The customer's phone in E.164: the lead's, else the one the channel knows.
    var phone: String? {
        for candidate in [lead.phone, contact.key.channel.knowsPhoneNumbers ? contact.phoneNumber : nil] {
            if let digits = candidate.flatMap(PhoneNumber.normalize) { return "+" + digits }
        }
        return nil
    }

    /// The customer's name: the one the lead has, else the one the contact has.
    var name: String? { lead.name ?? contact.profile.fullName ?? contact.profile.name }

    var customer: CustomerDraft? {
        phone.map { CustomerDraft(name: name, phone: $0, email: lead.details["email"]) }
    }

    var leadDraft: LeadDraft {
        var details = lead.details
        if let need = lead.need { details["need"] = need }
        if let price = lead.priceQuoted { details["price_quoted"] = price }
        if let call = lead.bookedCall { details["booked_call"] = ISO8601DateFormatter().string(from: call) }
        details["source"] = lead.source
        let title = lead.need.map { String($0.prefix(120)) } ?? "Заявка: \(name ?? phone ?? lead.chatID)"
        return LeadDraft(title: title, customerName: name, phone: phone ?? "", channel: lead.channel.rawValue, stage: lead.stage.rawValue,
                         details: details, summary: note, createdAt: lead.createdAt)
    }

    /// The note written with the lead: what the customer wants, and the conversation's last messages.
    var note: String {
        var lines = ["Заявка из Sauda (\(lead.channel.rawValue)): \(lead.need ?? "без описания")"]
        if let price = lead.priceQuoted { lines.append("Цена: \(price)") }
        if !messages.isEmpty { lines.append("") }
        for message in messages {
            let who = switch message.author {
            case .customer: "Клиент"
            case .bot: "Бот"
            case .human: "Менеджер"
            }
            lines.append("\(who): \(message.text)")
        }
        let text = lines.joined(separator: "\n")
        return text.count > Self.noteLength ? String(text.prefix(Self.noteLength - 1)) + "…" : text
    }
}
