import Foundation
import SaudaCore
import SaudaModels
import SaudaStore

/// Records what a tool learned about the customer of a turn (name, business, needs, the order) on the turn's contact,
/// creating the contact when this is its first message, and on the contact's open lead (`leads`) in the same
/// transaction. Shared by the sales tools and the catalogue tools.
public struct LeadRecorder: Sendable {
    let database: any Database

    /// The detail keys that are columns of a lead rather than free details.
    static let leadColumns: Set<String> = ["need", "price_quoted", "phone", "stage"]

    /// Creates a recorder over `database`.
    public init(database: any Database) {
        self.database = database
    }

    /// Adds `details` (merged over the contact's earlier ones) and the name and business name when given, and moves the
    /// contact's lead to `stage`, or, without one, to `qualified` when a name or phone is known and `new` otherwise
    /// (stages only move forward: ``LeadStage/advanced(to:)``). The lead takes its need, quoted price and phone from
    /// `details` (`need`, `price_quoted`, `phone`); the other details are stored on it as they are.
    /// - Throws: ``ToolError`` when nothing could be stored.
    public func record(_ context: ToolContext, name: String?, businessName: String?, details: [String: String],
                       stage: LeadStage? = nil) async throws(ToolError) {
        let contactID = try await contactID(context)
        var extra = details.filter { !Self.leadColumns.contains($0.key) }
        if let businessName = Self.clean(businessName) { extra["business_name"] = businessName }
        let capture = LeadCapture(stage: stage ?? .new, name: name, phone: details["phone"], need: details["need"],
                                  priceQuoted: details["price_quoted"], details: extra)
        do {
            try await database.transaction { sql in
                try await ContactRepository(sql).recordLead(contactID: contactID, name: name, businessName: businessName,
                                                            details: details, now: context.now)
                try await Self.upsertLead(sql, contactID: contactID, capture: capture, qualifyByContact: stage == nil, now: context.now)
            }
        } catch {
            throw ToolError("the lead could not be saved")
        }
    }

    /// Records `capture` on the open lead of the contact, inside the caller's transaction (`book_call` books the call and
    /// the lead together). The phone the channel knows fills in a phone the capture lacks; with `qualifyByContact` the
    /// stage becomes `qualified` when a name or a phone is known.
    /// - Returns: the lead as stored now.
    /// - Throws: ``StoreError`` `notFound` when the contact is gone, or the database's error.
    @discardableResult
    public static func upsertLead(_ sql: any SQLConnection, contactID: Int64, capture: LeadCapture, qualifyByContact: Bool = false,
                                  now: Date) async throws(StoreError) -> Lead {
        guard let contact = try await ContactRepository(sql).find(id: contactID) else {
            throw StoreError(.notFound, "contact \(contactID) vanished")
        }
        var capture = capture
        if Self.clean(capture.phone) == nil, let phone = contact.phoneNumber, contact.key.channel.knowsPhoneNumbers {
            capture.phone = PhoneNumber.international(phone)
        }
        if qualifyByContact, Self.clean(capture.name) != nil || capture.phone != nil {
            capture.stage = capture.stage.advanced(to: .qualified)
        }
        // The name the customer gave now, else the one the contact has (recorded earlier, or the messenger's).
        capture.name = Self.clean(capture.name) ?? contact.profile.fullName ?? contact.profile.name
        return try await LeadRepository(sql).upsert(key: contact.key, contactID: contactID, capture: capture, now: now)
    }

    /// `text` without the spaces around it, nil when that leaves nothing.
    static func clean(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    /// The contact of the turn, created when this is its first message.
    /// - Throws: ``ToolError`` when the turn has no conversation or the contact could not be stored.
    public func contactID(_ context: ToolContext) async throws(ToolError) -> Int64 {
        if let id = context.contactID { return id }
        guard let chatID = context.chatID, let channel = context.channel.flatMap(Channel.init(rawValue:)) else {
            throw ToolError("no conversation to attach this to")
        }
        let key = ConversationKey(tenantID: context.tenantID, channel: channel, chatID: chatID)
        do {
            return try await database.transaction { sql in
                try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: nil, profile: ContactProfile(),
                                                              initialStatus: channel == .webchat ? .client : .unknown, now: context.now).id
            }
        } catch {
            throw ToolError("the contact could not be stored")
        }
    }
}
