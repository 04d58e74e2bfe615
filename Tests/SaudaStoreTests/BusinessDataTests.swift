import Foundation
import SaudaCore
@testable import SaudaStore
import SaudaTestSupport
import Testing

/// A business's data on every engine: every table of the live schema is filled for two businesses, then one is
/// exported, one contact of it forgotten, and the business deleted, while the other stays exactly as it was.
@Suite(.serialized) struct BusinessDataTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Two businesses with rows in every table; the default business gets rows too, as a third witness.
    static func twoBusinesses(_ database: any Database) async throws -> (gone: BusinessRows, kept: BusinessRows) {
        let gone = try await BusinessRows.fill(database, tenantID: "kovrik-astana", seed: 1)
        let kept = try await BusinessRows.fill(database, tenantID: "kovrik-almaty", seed: 2)
        _ = try await BusinessRows.fill(database, tenantID: Tenant.defaultID, seed: 3)
        return (gone, kept)
    }

    /// The export as JSON objects.
    static func exported(_ database: any Database, _ tenantID: String) async throws -> [String: Any] {
        let data = try await BusinessData(database: database).export(tenantID: tenantID, now: now)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func tables(_ document: [String: Any]) throws -> [String: [[String: Any]]] {
        try #require(document["tables"] as? [String: [[String: Any]]])
    }

    static func schema(_ database: any Database) async throws -> [SchemaTable] {
        try await database.read { sql in try await SchemaCatalog.tables(sql) }
    }

    static func count(_ database: any Database, _ table: String, where condition: String = "1 = 1", _ binds: [SQLValue] = []) async throws -> Int {
        Int(try await database.read { sql in
            try await sql.query("SELECT COUNT(*) AS n FROM \"\(table)\" WHERE \(condition)", binds).first?.optionalInt("n") ?? -1
        })
    }

    @Test(arguments: DatabaseKind.available)
    func everyTableOfTheSchemaHasRowsOfTheFilledBusinessSoTheTestsCoverIt(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let (gone, _) = try await Self.twoBusinesses(database)
            let schema = try await Self.schema(database)
            let counts = try await BusinessData(database: database).rowCounts(tenantID: gone.tenantID)
            // Every table but the installation's own is a business table, and each has rows of the business: a table
            // added later without rows in BusinessRows fails here.
            let business = Set(schema.map(\.name)).subtracting(BusinessTablePlan.installationTables)
            #expect(Set(counts.keys) == business)
            for table in business.sorted() {
                #expect((counts[table] ?? 0) > 0, "table \(table) has no row of the business: add some to BusinessRows.fill")
            }
            #expect(schema.map(\.name).contains("messages") && schema.map(\.name).contains("catalogue_options"))
        }
    }

    @Test(arguments: DatabaseKind.available)
    func deletingABusinessLeavesNoRowOfItInAnyTableAndTheOthersIntact(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let (gone, kept) = try await Self.twoBusinesses(database)
            let data = BusinessData(database: database)
            let keptBefore = try await data.export(tenantID: kept.tenantID, now: Self.now)
            let defaultBefore = try await data.export(tenantID: Tenant.defaultID, now: Self.now)
            let goneCounts = try await data.rowCounts(tenantID: gone.tenantID)

            let removed = try await data.deleteBusiness(tenantID: gone.tenantID)
            #expect(removed == goneCounts.filter { $0.value > 0 })

            for table in try await Self.schema(database) {
                if table.has("tenant_id") {
                    #expect(try await Self.count(database, table.name, where: "tenant_id = ?", [.text(gone.tenantID)]) == 0, "\(table.name)")
                }
                // No row is left whose parent row went: children were removed with their parents.
                for key in table.foreignKeys {
                    let orphans = try await Self.count(database, table.name, where: """
                        "\(key.column)" IS NOT NULL AND "\(key.column)" NOT IN (SELECT "\(key.parentColumn)" FROM "\(key.parentTable)")
                        """)
                    #expect(orphans == 0, "\(table.name).\(key.column)")
                }
            }
            #expect(try await Self.count(database, "tenants", where: "id = ?", [.text(gone.tenantID)]) == 0)
            #expect(try await data.rowCounts(tenantID: gone.tenantID).values.allSatisfy { $0 == 0 })
            // The other businesses are exactly as they were.
            #expect(try await data.export(tenantID: kept.tenantID, now: Self.now) == keptBefore)
            #expect(try await data.export(tenantID: Tenant.defaultID, now: Self.now) == defaultBefore)
            #expect(try await Self.count(database, "schema_migrations") == Schema.migrations.count)

            await #expect(throws: BusinessDataError.unknownTenant(gone.tenantID)) { try await data.deleteBusiness(tenantID: gone.tenantID) }
            await #expect(throws: BusinessDataError.defaultTenant) { try await data.deleteBusiness(tenantID: Tenant.defaultID) }
            #expect(try await data.rowCounts(tenantID: Tenant.defaultID)["tenants"] == 1)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func theExportHoldsEveryRowOfEveryTableOfTheBusinessAndNoneOfAnother(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let (gone, kept) = try await Self.twoBusinesses(database)
            let document = try await Self.exported(database, gone.tenantID)
            #expect(document["format"] as? String == "sauda.business-export")
            #expect(document["version"] as? Int == 1)
            #expect(document["tenant_id"] as? String == gone.tenantID)
            #expect(document["schema_version"] as? Int == Migrator.latestVersion)
            #expect(document["exported_at"] as? String == ISO8601.format(Self.now))
            let tables = try Self.tables(document)
            let counts = try await BusinessData(database: database).rowCounts(tenantID: gone.tenantID)
            #expect(Set(tables.keys) == Set(counts.keys))
            for (table, rows) in tables {
                #expect(rows.count == counts[table], "\(table)")
                for row in rows where row["tenant_id"] != nil {
                    #expect(row["tenant_id"] as? String == gone.tenantID, "\(table)")
                }
            }
            // Values as the columns declare them on both engines: moments in ISO 8601, booleans, text as stored.
            let contact = try #require(tables["contacts"]?.first { ($0["id"] as? Int).map(Int64.init) == gone.whatsapp })
            #expect(contact["name"] as? String == "Айгерим \"А\"")
            #expect(contact["phone_number"] as? String == gone.phone)
            #expect(contact["is_client"] as? Bool == true)
            #expect(contact["classification_confidence"] as? Double == 0.75)
            #expect(contact["bot_paused_until"] is NSNull)
            #expect(contact["connection_id"] as? String == "wa-\(gone.tenantID)", "the number the contact wrote to")
            let created = try #require(contact["created_at"] as? String)
            #expect(ISO8601.parse(created) == Date(timeIntervalSince1970: 1_790_000_001))
            let message = try #require(tables["messages"]?.first { ($0["contact_id"] as? Int).map(Int64.init) == gone.whatsapp })
            #expect(message["message_text"] as? String == "Здравствуйте!\nЦена?")
            #expect(message["is_from_bot"] as? Bool == false)
            #expect(tables["tenants"]?.count == 1)
            #expect(tables["tenants"]?.first?["id"] as? String == gone.tenantID)
            #expect(tables["catalogue_fits"]?.first?["pattern_available"] as? Bool == true)
            // Every moment column of every table reads as ISO 8601 on both engines (SQLite stores epoch seconds).
            for (table, rows) in tables {
                for row in rows {
                    for (column, value) in row where column.hasSuffix("_at") || column == "timestamp" || column == "last_time" {
                        #expect(value is NSNull || (value as? String).flatMap(ISO8601.parse) != nil, "\(table).\(column): \(value)")
                    }
                }
            }
            let keptDocument = try await Self.exported(database, kept.tenantID)
            #expect(try Self.tables(keptDocument)["contacts"]?.count == 2)

            await #expect(throws: BusinessDataError.unknownTenant("nobody")) {
                try await BusinessData(database: database).export(tenantID: "nobody")
            }
        }
    }

    @Test(arguments: DatabaseKind.available)
    func theExportOfManyRowsComesInPiecesAndParsesWhole(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let rows = try await BusinessRows.fill(database, tenantID: "bolshoy", seed: 4)
            let total = 2_500
            try await database.transaction { sql in
                for start in stride(from: 0, to: total, by: 500) {
                    let values = (start..<(start + 500)).map { _ in "(?, ?, ?, ?, 'customer', ?)" }.joined(separator: ", ")
                    let binds = (start..<(start + 500)).flatMap { index -> [SQLValue] in
                        [.text("bolshoy"), .int(rows.webchat), .text("bulk-\(index)"), .text("сообщение \(index) «с кавычками» \\ и \"ещё\""),
                         .date(Self.now)]
                    }
                    try await sql.query("INSERT INTO messages (tenant_id, contact_id, message_id, message_text, author, timestamp) VALUES \(values)",
                                        binds)
                }
            }
            var pieces = 0
            var document = Data()
            try await BusinessData(database: database).export(tenantID: "bolshoy", now: Self.now) { piece in
                pieces += 1
                document.append(piece)
            }
            #expect(pieces > 1)
            let parsed = try #require(try JSONSerialization.jsonObject(with: document) as? [String: Any])
            let messages = try #require(try Self.tables(parsed)["messages"])
            #expect(messages.count == total + 2)
            #expect(Set(messages.compactMap { $0["message_id"] as? String }).count == total + 2, "pages neither overlap nor skip")
        }
    }

    @Test(arguments: DatabaseKind.available)
    func forgettingAContactRemovesOnlyItsData(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let (gone, kept) = try await Self.twoBusinesses(database)
            let data = BusinessData(database: database)
            let keptBefore = try await data.export(tenantID: kept.tenantID, now: Self.now)
            let before = try await data.rowCounts(tenantID: gone.tenantID)

            let removed = try await data.deleteContact(tenantID: gone.tenantID, contactID: gone.whatsapp)
            // One row of each kind was about the WhatsApp contact.
            let expected = ["contacts", "messages", "message_logs", "early_delivery_statuses", "follow_ups", "scheduled_calls", "leads",
                            "operator_alerts", "tool_calls", "model_usage", "outbox", "queue_messages", "queue_dead_letters", "crm_syncs",
                            "crm_links"]
            #expect(removed == Dictionary(uniqueKeysWithValues: expected.map { ($0, 1) }))
            let after = try await data.rowCounts(tenantID: gone.tenantID)
            for (table, count) in before { #expect(after[table] == count - (removed[table] ?? 0), "\(table)") }
            // Nothing of it is left, by id, chat or number; the other contact's rows stay.
            for table in ["messages", "follow_ups", "scheduled_calls", "leads", "operator_alerts", "tool_calls", "model_usage"] {
                #expect(try await Self.count(database, table, where: "contact_id = ?", [.int(gone.whatsapp)]) == 0, "\(table)")
                #expect(try await Self.count(database, table, where: "contact_id = ?", [.int(gone.webchat)]) == 1, "\(table)")
            }
            #expect(try await Self.count(database, "message_logs", where: "phone_number = ?", [.text(gone.phone)]) == 0)
            #expect(try await Self.count(database, "queue_messages", where: "partition_key LIKE ?", [.text("%\(gone.phone)%")]) == 0)
            // The whitelist and the poller's cursors stay.
            #expect(after["whitelist"] == before["whitelist"])
            #expect(after["channel_cursors"] == before["channel_cursors"])
            #expect(try await data.export(tenantID: kept.tenantID, now: Self.now) == keptBefore)

            // Another business's contact is not found, nor is the same one again.
            await #expect(throws: BusinessDataError.unknownContact(tenantID: gone.tenantID, contactID: kept.whatsapp)) {
                try await data.deleteContact(tenantID: gone.tenantID, contactID: kept.whatsapp)
            }
            await #expect(throws: BusinessDataError.unknownContact(tenantID: gone.tenantID, contactID: gone.whatsapp)) {
                try await data.deleteContact(tenantID: gone.tenantID, contactID: gone.whatsapp)
            }
            await #expect(throws: BusinessDataError.unknownTenant("nobody")) { try await data.deleteContact(tenantID: "nobody", contactID: 1) }
            #expect(try await data.contactIDs(tenantID: kept.tenantID, phone: kept.phone) == [kept.whatsapp])
            #expect(try await data.contactIDs(tenantID: gone.tenantID, phone: gone.phone).isEmpty)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func aTableAddedLaterWithTenantIDIsExportedAndDeletedWithoutAChange(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let (gone, kept) = try await Self.twoBusinesses(database)
            try await database.transaction { sql in
                try await sql.query("CREATE TABLE business_notes (tenant_id TEXT NOT NULL REFERENCES tenants(id), note TEXT NOT NULL)")
                for tenant in [gone.tenantID, gone.tenantID, kept.tenantID] {
                    try await sql.query("INSERT INTO business_notes (tenant_id, note) VALUES (?, 'заметка')", [.text(tenant)])
                }
            }
            let data = BusinessData(database: database)
            #expect(try Self.tables(try await Self.exported(database, gone.tenantID))["business_notes"]?.count == 2)
            #expect(try await data.deleteContact(tenantID: gone.tenantID, contactID: gone.whatsapp)["business_notes"] == nil)
            #expect(try await data.deleteBusiness(tenantID: gone.tenantID)["business_notes"] == 2)
            #expect(try await Self.count(database, "business_notes") == 1)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func aChildTableWithoutTenantIDIsReachedThroughItsForeignKeysAndATableWithNeitherIsRefused(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let (gone, kept) = try await Self.twoBusinesses(database)
            let data = BusinessData(database: database)
            try await database.transaction { sql in
                try await sql.query("CREATE TABLE contact_notes (id INTEGER PRIMARY KEY, contact_id BIGINT NOT NULL REFERENCES contacts(id), note TEXT NOT NULL)")
                try await sql.query("CREATE TABLE contact_note_tags (note_id INTEGER NOT NULL REFERENCES contact_notes(id), tag TEXT NOT NULL)")
                for (index, contact) in [gone.whatsapp, gone.webchat, kept.whatsapp].enumerated() {
                    try await sql.query("INSERT INTO contact_notes (id, contact_id, note) VALUES (?, ?, 'звонить после 18')", [.int(index + 1), .int(contact)])
                    try await sql.query("INSERT INTO contact_note_tags (note_id, tag) VALUES (?, 'vip')", [.int(index + 1)])
                }
            }
            let counts = try await data.rowCounts(tenantID: gone.tenantID)
            #expect(counts["contact_notes"] == 2)
            #expect(counts["contact_note_tags"] == 2)
            let tables = try Self.tables(try await Self.exported(database, gone.tenantID))
            #expect(tables["contact_note_tags"]?.count == 2)

            let forgotten = try await data.deleteContact(tenantID: gone.tenantID, contactID: gone.whatsapp)
            #expect(forgotten["contact_notes"] == 1)
            #expect(forgotten["contact_note_tags"] == 1)
            let removed = try await data.deleteBusiness(tenantID: gone.tenantID)
            #expect(removed["contact_notes"] == 1)
            #expect(removed["contact_note_tags"] == 1)
            #expect(try await Self.count(database, "contact_notes") == 1)
            #expect(try await Self.count(database, "contact_note_tags") == 1)

            try await database.transaction { sql in _ = try await sql.query("CREATE TABLE loose_notes (note TEXT)") }
            await #expect(throws: BusinessDataError.unscopedTable("loose_notes")) { try await data.deleteBusiness(tenantID: kept.tenantID) }
            await #expect(throws: BusinessDataError.unscopedTable("loose_notes")) { try await data.export(tenantID: kept.tenantID) }
            await #expect(throws: BusinessDataError.unscopedTable("loose_notes")) { try await data.rowCounts(tenantID: kept.tenantID) }
            #expect(try await Self.count(database, "tenants", where: "id = ?", [.text(kept.tenantID)]) == 1, "a refused deletion removes nothing")
        }
    }
}
