import Foundation
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// Channel connections on SQLite and PostgreSQL: names unique within a business, found by their public id, every
/// change moving the version a supervisor watches (but not a provider's report), removal taking their secrets.
@Suite struct ChannelConnectionRepositoryTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func connection(_ tenantID: String, name: String, provider: ChannelProvider = .wappi) -> ChannelConnection {
        ChannelConnection(id: ChannelConnection.newID(for: provider), tenantID: tenantID, provider: provider, name: name,
                          publicID: ChannelConnection.newPublicID(), settings: #"{"profile_id":"p1"}"#, createdAt: now, updatedAt: now)
    }

    @Test(arguments: DatabaseKind.available)
    func connectionsAreKeptPerBusinessAndEveryChangeMovesTheVersion(_ kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let main = Self.connection("shop", name: "Основной")
            let widget = Self.connection("shop", name: "Сайт", provider: .webchat)
            let other = Self.connection("other", name: "Основной")
            try await database.transaction { (sql) async throws in
                _ = try await TenantRepository(sql).create(Tenant(id: "shop", name: "Магазин", timeZone: "Asia/Almaty"), now: Self.now)
                _ = try await TenantRepository(sql).create(Tenant(id: "other", name: "Другой", timeZone: "Europe/Moscow"), now: Self.now)
                let repository = ChannelConnectionRepository(sql)
                #expect(try await repository.add(main))
                #expect(try await repository.add(widget))
                #expect(try await repository.add(other), "the same name in another business")
                #expect(try await !repository.add(Self.connection("shop", name: "Основной")), "a business's names are unique")
                try await sql.query("INSERT INTO secrets (tenant_id, name, sealed, key_id, hint, updated_at) VALUES (?, ?, 'x', 'k', '…', ?)",
                                    [.text("shop"), .text(main.secretName("token")), .date(Self.now)])
            }
            try await database.transaction { (sql) async throws in
                let repository = ChannelConnectionRepository(sql)
                #expect(try await repository.list(tenantID: "shop").map(\.name).sorted() == ["Основной", "Сайт"])
                #expect(try await repository.find(publicID: other.publicID)?.tenantID == "other")
                #expect(try await repository.find(tenantID: "other", id: main.id) == nil, "another business's connection is not found")
                var paused = main
                paused.state = .paused
                #expect(try await repository.update(paused, now: Self.now)?.version == 2)
                try await repository.report(tenantID: "shop", id: main.id, error: "401 token", now: Self.now)
                #expect(try await repository.find(tenantID: "shop", id: main.id)?.state == .paused, "a paused connection stays paused")
                try await repository.report(tenantID: "shop", id: widget.id, error: "unreachable", now: Self.now)
                let failing = try await repository.find(tenantID: "shop", id: widget.id)
                #expect(failing?.state == .failing && failing?.lastError == "unreachable" && failing?.version == 1)
                try await repository.report(tenantID: "shop", id: widget.id, error: nil, now: Self.now)
                #expect(try await repository.find(tenantID: "shop", id: widget.id)?.state == .active)
                try await sql.query("UPDATE tenants SET suspended_at = ? WHERE id = 'other'", [.date(Self.now)])
                let versions = try await repository.versions()
                #expect(versions[main.id]?.version == 2 && versions[main.id]?.businessSuspended == false)
                #expect(versions[other.id]?.businessSuspended == true)
                #expect(try await repository.remove(tenantID: "shop", id: main.id))
                #expect(try await SecretRepository(sql).list(tenantID: "shop").isEmpty, "its secrets went with it")
                #expect(try await !repository.remove(tenantID: "shop", id: main.id))
            }
        }
    }
}
