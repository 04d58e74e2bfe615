import Foundation
import SaudaCore

/// Which contacts of a tenant to list, and which page.
public struct ContactQuery: Sendable, Hashable {
    /// Only contacts with this status.
    public var status: ContactStatus?
    /// Only contacts of this channel.
    public var channel: Channel?
    /// Only contacts whose bot is paused now (`true`) or running (`false`).
    public var paused: Bool?
    /// Only contacts whose name, phone number or chat id contains this text.
    public var search: String?
    /// Only contacts changed after this moment (a live view asks for what changed since its last look).
    public var changedSince: Date?
    /// Page size.
    public var limit: Int
    /// Contacts skipped before the page.
    public var offset: Int

    /// Creates a query; without filters it lists every contact, the most recently active first.
    public init(status: ContactStatus? = nil, channel: Channel? = nil, paused: Bool? = nil, search: String? = nil,
                changedSince: Date? = nil, limit: Int = 50, offset: Int = 0) {
        self.status = status
        self.channel = channel
        self.paused = paused
        self.search = search
        self.changedSince = changedSince
        self.limit = limit
        self.offset = offset
    }
}

/// A contact with what a list of conversations shows about it.
public struct ContactSummary: Sendable, Hashable {
    /// The contact.
    public var contact: Contact
    /// Who paused the bot (an operator's token name), when an operator did.
    public var pausedBy: String?
    /// The latest message of the conversation.
    public var lastMessage: (text: String, author: ConversationMessage.Author, at: Date)?
    /// Messages in the conversation.
    public var messageCount: Int
    /// When the contact last changed (a message, a verdict, a pause).
    public var updatedAt: Date

    public static func == (lhs: ContactSummary, rhs: ContactSummary) -> Bool {
        lhs.contact == rhs.contact && lhs.pausedBy == rhs.pausedBy && lhs.messageCount == rhs.messageCount
            && lhs.updatedAt == rhs.updatedAt && lhs.lastMessage?.text == rhs.lastMessage?.text
            && lhs.lastMessage?.author == rhs.lastMessage?.author && lhs.lastMessage?.at == rhs.lastMessage?.at
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(contact)
        hasher.combine(updatedAt)
    }
}

extension ContactRepository {
    /// A page of a tenant's contacts matching `query`, the most recently active first, and how many match in all.
    public func list(tenantID: String, query: ContactQuery, now: Date) async throws(StoreError) -> (page: [ContactSummary], total: Int) {
        var conditions = ["tenant_id = ?"]
        var binds: [SQLValue] = [.text(tenantID)]
        switch query.status {
        case .client?: conditions.append("is_client = \(sql.dialect.true)")
        case .notClient?: conditions.append("is_client = \(sql.dialect.false)")
        case .unknown?: conditions.append("is_client IS NULL")
        case nil: break
        }
        if let channel = query.channel {
            conditions.append("channel = ?")
            binds.append(.text(channel.rawValue))
        }
        if let paused = query.paused {
            conditions.append(paused ? "bot_paused_until > ?" : "(bot_paused_until IS NULL OR bot_paused_until <= ?)")
            binds.append(.date(now))
        }
        if let search = query.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            let pattern = "%" + Self.escapedForLike(search.lowercased()) + "%"
            conditions.append("""
                (LOWER(COALESCE(name, '')) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(full_name, '')) LIKE ? ESCAPE '\\'
                 OR COALESCE(phone_number, '') LIKE ? ESCAPE '\\' OR LOWER(chat_id) LIKE ? ESCAPE '\\')
                """)
            binds += [.text(pattern), .text(pattern), .text(pattern), .text(pattern)]
        }
        if let since = query.changedSince {
            conditions.append("updated_at > ?")
            binds.append(.date(since))
        }
        let filter = conditions.joined(separator: " AND ")
        let rows = try await sql.query("""
            SELECT \(Self.columns), bot_paused_by, updated_at,
                (SELECT m.message_text FROM messages m WHERE m.contact_id = contacts.id ORDER BY m.id DESC LIMIT 1) AS last_text,
                (SELECT m.author FROM messages m WHERE m.contact_id = contacts.id ORDER BY m.id DESC LIMIT 1) AS last_author,
                (SELECT m.timestamp FROM messages m WHERE m.contact_id = contacts.id ORDER BY m.id DESC LIMIT 1) AS last_at,
                (SELECT COUNT(*) FROM messages m WHERE m.contact_id = contacts.id) AS message_count
            FROM contacts WHERE \(filter)
            ORDER BY COALESCE(last_message_at, updated_at) DESC, id DESC
            LIMIT \(SQLLimit.literal(query.limit)) OFFSET \(SQLLimit.literal(query.offset))
            """, binds)
        var page: [ContactSummary] = []
        for row in rows {
            var last: (text: String, author: ConversationMessage.Author, at: Date)?
            if let text = row.optionalString("last_text"), let author = row.optionalString("last_author").flatMap(ConversationMessage.Author.init),
               let at = row.optionalDate("last_at") {
                last = (text, author, at)
            }
            page.append(ContactSummary(contact: try Self.decode(row), pausedBy: row.optionalString("bot_paused_by"), lastMessage: last,
                                       messageCount: Int(row.optionalInt("message_count") ?? 0), updatedAt: try row.date("updated_at")))
        }
        let total = try await sql.query("SELECT COUNT(*) AS n FROM contacts WHERE \(filter)", binds).first?.optionalInt("n") ?? 0
        return (page, Int(total))
    }

    /// The contacts with these ids, by id (ids of other tenants are left out).
    public func find(tenantID: String, ids: Set<Int64>) async throws(StoreError) -> [Int64: Contact] {
        guard !ids.isEmpty else { return [:] }
        let list = Array(ids)
        let rows = try await sql.query("""
            SELECT \(Self.columns) FROM contacts WHERE tenant_id = ? AND id IN (\(SQLPlaceholders.list(list.count)))
            """, [.text(tenantID)] + list.map(SQLValue.int))
        var contacts: [Int64: Contact] = [:]
        for row in rows {
            let contact = try Self.decode(row)
            contacts[contact.id] = contact
        }
        return contacts
    }

    /// Who paused the bot of a contact (an operator), if one did.
    public func pausedBy(contactID: Int64) async throws(StoreError) -> String? {
        try await sql.query("SELECT bot_paused_by FROM contacts WHERE id = ?", [.int(contactID)]).first?.optionalString("bot_paused_by")
    }

    /// An operator takes the chat over until `until` (`by` names them), or hands it back to the bot (`until` nil).
    public func setOperatorPause(contactID: Int64, until: Date?, by operatorName: String?, now: Date) async throws(StoreError) {
        try await sql.query("UPDATE contacts SET bot_paused_until = ?, bot_paused_by = ?, updated_at = ? WHERE id = ?",
                            [.date(until), .text(until == nil ? nil : operatorName), .date(now), .int(contactID)])
    }

    /// Marks a contact changed (a message of an operator), so live views show it.
    public func touch(contactID: Int64, now: Date) async throws(StoreError) {
        try await sql.query("UPDATE contacts SET updated_at = ? WHERE id = ?", [.date(now), .int(contactID)])
    }

    static func escapedForLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
