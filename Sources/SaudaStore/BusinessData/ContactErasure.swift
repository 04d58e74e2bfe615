import SaudaCore

/// Which rows are one contact's, table by table, for a personal-data request.
///
/// A row is the contact's when its table has (each condition within the contact's business when the table has
/// `tenant_id`):
/// - a `contact_id` column, or any foreign key to `contacts`, equal to the contact's id;
/// - `channel` and `chat_id` equal to the contact's conversation (the message log);
/// - `partition_key` equal to the conversation's key (queued, dead-lettered and outbox messages);
/// - `provider_message_id` (without `chat_id`) of a message logged in the conversation (early delivery statuses);
/// - `phone_number` equal to the contact's number;
/// - a foreign key to a row of the contact in another table (any later child table).
///
/// Two tables keep their rows: ``retainedTables``.
struct ContactErasure {
    /// Tables whose rows stay on a contact's deletion: the whitelist is the business's list of numbers the bot must
    /// never answer, and removing a number from it would make the bot answer that person; a channel cursor only
    /// says how far a chat was read, and without it the WhatsApp poller would read the chat's history again and
    /// answer it.
    static let retainedTables: Set<String> = ["whitelist", "channel_cursors"]

    let contactID: Int64
    let key: ConversationKey
    let phone: String?

    /// The condition selecting the contact's rows of `table`, or `nil` when the table holds none of them.
    func condition(for table: SchemaTable, in schema: [String: SchemaTable], depth: Int = 0) -> (sql: String, binds: [SQLValue])? {
        guard !Self.retainedTables.contains(table.name), !BusinessTablePlan.installationTables.contains(table.name), depth < 8 else { return nil }
        if table.name == "contacts" { return ("id = ? AND tenant_id = ?", [.int(contactID), .text(key.tenantID)]) }
        var parts: [(sql: String, binds: [SQLValue])] = []
        let contactKeys = Set(table.foreignKeys.filter { $0.parentTable == "contacts" }.map(\.column))
        for column in contactKeys.union(table.has("contact_id") ? ["contact_id"] : []).sorted() {
            parts.append(("\(SQLIdentifier.quote(column)) = ?", [.int(contactID)]))
        }
        if table.has("channel"), table.has("chat_id") {
            parts.append(("(channel = ? AND chat_id = ?)", [.text(key.channel.rawValue), .text(key.chatID)]))
        }
        if table.has("partition_key") { parts.append(("partition_key = ?", [.text(key.description)])) }
        if table.has("provider_message_id"), !table.has("chat_id") {
            var sql = """
                provider_message_id IN (SELECT provider_message_id FROM message_logs \
                WHERE tenant_id = ? AND channel = ? AND chat_id = ? AND provider_message_id IS NOT NULL)
                """
            if table.has("channel") { sql = "(channel = ? AND \(sql))" }
            var binds: [SQLValue] = table.has("channel") ? [.text(key.channel.rawValue)] : []
            binds += [.text(key.tenantID), .text(key.channel.rawValue), .text(key.chatID)]
            parts.append((sql, binds))
        }
        if let phone, table.has("phone_number") { parts.append(("phone_number = ?", [.text(phone)])) }
        for foreignKey in table.foreignKeys where foreignKey.parentTable != "contacts" && foreignKey.parentTable != table.name {
            guard let parent = schema[foreignKey.parentTable],
                  let inner = condition(for: parent, in: schema, depth: depth + 1) else { continue }
            parts.append(("\(SQLIdentifier.quote(foreignKey.column)) IN (SELECT \(SQLIdentifier.quote(foreignKey.parentColumn)) FROM \(SQLIdentifier.quote(parent.name)) WHERE \(inner.sql))",
                          inner.binds))
        }
        guard !parts.isEmpty else { return nil }
        var sql = "(" + parts.map(\.sql).joined(separator: " OR ") + ")"
        var binds = parts.flatMap(\.binds)
        if table.has("tenant_id") {
            sql += " AND tenant_id = ?"
            binds.append(.text(key.tenantID))
        }
        return (sql, binds)
    }

    /// Whether the table's rows are found through the message log, which must therefore be emptied after it.
    static func readsMessageLog(_ table: SchemaTable) -> Bool { table.has("provider_message_id") && !table.has("chat_id") }
}
