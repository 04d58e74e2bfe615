import Foundation
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// Operator alerts on every engine: one open alert of a reason per contact, lists, counts and resolving.
@Suite struct AlertRepositoryTests {
    static let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "77011234567@c.us")

    static func contact(_ database: any Database, key: ConversationKey = key) async throws -> Contact {
        try await database.transaction { sql in
            try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: "77011234567", profile: ContactProfile(name: "Азамат"),
                                                          initialStatus: .client, now: Date())
        }
    }

    @Test(arguments: DatabaseKind.available)
    func aSecondOpenAlertOfAReasonIsNotStored(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let contact = try await Self.contact(database)
            let now = Date()
            let first = try await database.transaction { sql in
                try await AlertRepository(sql).add(OperatorAlert(reason: .askedForHuman, summary: "Позовите оператора"),
                                                   key: Self.key, contactID: contact.id, now: now)
            }
            #expect(first?.reason == .askedForHuman)
            #expect(first?.summary == "Позовите оператора")
            #expect(first?.key == Self.key)
            #expect(first?.isOpen == true)
            let again = try await database.transaction { sql in
                try await AlertRepository(sql).add(OperatorAlert(reason: .askedForHuman, summary: "Ну где оператор?"),
                                                   key: Self.key, contactID: contact.id, now: now)
            }
            #expect(again == nil)
            let order = try await database.transaction { sql in
                try await AlertRepository(sql).add(OperatorAlert(reason: .orderPlaced, summary: "EVA"), key: Self.key, contactID: contact.id, now: now)
            }
            #expect(order != nil)
            #expect(try await database.read { sql in try await AlertRepository(sql).countOpen(tenantID: Tenant.defaultID) } == 2)

            // Once resolved, the same reason alerts again.
            let id = try #require(first?.id)
            #expect(try await database.transaction { sql in
                try await AlertRepository(sql).resolve(tenantID: Tenant.defaultID, id: id, by: "Алия", now: now)
            })
            #expect(try await database.transaction { sql in
                try await AlertRepository(sql).resolve(tenantID: Tenant.defaultID, id: id, by: "Алия", now: now)
            } == false)
            let later = try await database.transaction { sql in
                try await AlertRepository(sql).add(OperatorAlert(reason: .askedForHuman, summary: "Снова"), key: Self.key, contactID: contact.id, now: now)
            }
            #expect(later != nil)
            let all = try await database.read { sql in
                try await AlertRepository(sql).list(tenantID: Tenant.defaultID, openOnly: false, limit: 10, offset: 0)
            }
            #expect(all.map(\.summary) == ["Снова", "EVA", "Позовите оператора"])
            #expect(all.last?.resolvedBy == "Алия")
            #expect(all.last?.resolvedAt != nil)
            let open = try await database.read { sql in
                try await AlertRepository(sql).list(tenantID: Tenant.defaultID, openOnly: true, limit: 1, offset: 1)
            }
            #expect(open.map(\.summary) == ["EVA"])
            #expect(try await database.read { sql in try await AlertRepository(sql).open(contactID: contact.id) }.count == 2)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func anotherTenantCannotResolveOrSeeAnAlert(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let contact = try await Self.contact(database)
            let stored = try await database.transaction { sql in
                try await AlertRepository(sql).add(OperatorAlert(reason: .cannotAnswer, summary: "?"), key: Self.key, contactID: contact.id, now: Date())
            }
            let id = try #require(stored?.id)
            #expect(try await database.transaction { sql in
                try await AlertRepository(sql).resolve(tenantID: "other", id: id, by: "x", now: Date())
            } == false)
            #expect(try await database.read { sql in try await AlertRepository(sql).countOpen(tenantID: "other") } == 0)
            #expect(try await database.read { sql in try await AlertRepository(sql).countOpen(tenantID: Tenant.defaultID) } == 1)
        }
    }
}
