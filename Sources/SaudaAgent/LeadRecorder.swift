import Foundation
import SaudaCore
import SaudaModels
import SaudaStore

/// Records what a tool learned about the customer of a turn (name, business, needs, the order) on the turn's contact,
/// creating the contact when this is its first message. Shared by the sales tools and the catalogue tools.
public struct LeadRecorder: Sendable {
    let database: any Database

    /// Creates a recorder over `database`.
    public init(database: any Database) {
        self.database = database
    }

    /// Adds `details` (merged over the contact's earlier ones) and the name and business name when given.
    /// - Throws: ``ToolError`` when nothing could be stored.
    public func record(_ context: ToolContext, name: String?, businessName: String?, details: [String: String]) async throws(ToolError) {
        let contactID = try await contactID(context)
        do {
            try await database.transaction { sql in
                try await ContactRepository(sql).recordLead(contactID: contactID, name: name, businessName: businessName,
                                                            details: details, now: context.now)
            }
        } catch {
            throw ToolError("the lead could not be saved")
        }
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
