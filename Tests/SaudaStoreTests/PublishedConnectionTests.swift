import Foundation
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// A connection found by its public id with its business's name and suspension, in one read (the widget's lookup).
@Suite struct PublishedConnectionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: DatabaseKind.available)
    func aPublicIDGivesTheConnectionWithItsBusiness(_ kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let widget = ChannelConnection(id: "web-1", tenantID: "shop", provider: .webchat, name: "Сайт", publicID: "0a1b2c",
                                           settings: #"{"allowed_origins":["https://shop.kz"]}"#, createdAt: Self.now, updatedAt: Self.now)
            try await database.transaction { (sql) async throws in
                _ = try await TenantRepository(sql).create(Tenant(id: "shop", name: "Эво Коврики", timeZone: "Asia/Almaty"), now: Self.now)
                try await ChannelConnectionRepository(sql).add(widget)
            }
            let found = try await database.read { sql in try await ChannelConnectionRepository(sql).published(publicID: "0a1b2c") }
            #expect(found == PublishedConnection(connection: widget, businessName: "Эво Коврики", businessSuspended: false))
            let unknown = try await database.read { sql in try await ChannelConnectionRepository(sql).published(publicID: "ffffff") }
            #expect(unknown == nil)
            try await database.transaction { (sql) async throws in
                try await sql.query("UPDATE tenants SET suspended_at = ? WHERE id = 'shop'", [.date(Self.now)])
            }
            // The unknown id's read is not written inside #expect: in that form (`#expect(try await database.read {…} == nil)`)
            // the next read on SQLite came back empty, every time; read apart, as here, it never did (2026-12-06, not
            // explained yet; the product's code has no such macro around a read).
            let suspended = try await database.read { sql in try await ChannelConnectionRepository(sql).published(publicID: "0a1b2c") }
            #expect(suspended?.businessSuspended == true)
        }
    }
}
