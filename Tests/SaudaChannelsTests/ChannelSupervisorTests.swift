import Foundation
import SaudaChannels
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// The supervisor follows `channel_connections` through ``ChannelSupervisor/reconcile()``: new, changed, paused,
/// removed connections and suspended businesses reach their provider's runner; other providers' rows are left alone.
@Suite struct ChannelSupervisorTests {
    /// Records what the supervisor asked of it.
    final class RecordingRunner: ChannelConnectionRunner {
        let provider = ChannelProvider.wappi
        let secretNames = ["token", "webhook_secret"]
        let applied = Mutex<[SupervisedConnection]>([])
        let removed = Mutex<[String]>([])

        func apply(_ connection: SupervisedConnection) async { applied.withLock { $0.append(connection) } }
        func remove(connectionID: String) async { removed.withLock { $0.append(connectionID) } }
        func removeAll() async {}
        func statuses() -> [ChannelConnectionStatus] { [] }
    }

    static func connection(_ id: String, provider: ChannelProvider = .wappi, tenantID: String = Tenant.defaultID) -> ChannelConnection {
        ChannelConnection(id: id, tenantID: tenantID, provider: provider, name: "Номер \(id)", publicID: ChannelConnection.newPublicID(),
                          settings: "{}", createdAt: Date(), updatedAt: Date())
    }

    @Test(arguments: DatabaseKind.available)
    func changesReachTheRunnerWithoutARestart(_ kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let sealer = SecretSealer(keys: .init(current: MasterKey.generate()))
            let runner = RecordingRunner()
            let supervisor = ChannelSupervisor(database: database, sealer: sealer, runners: [runner], logger: testLogger)
            let first = Self.connection("wa-00000001")
            try await database.transaction { sql in
                try await ChannelConnectionRepository(sql).add(first)
                try await ChannelConnectionRepository(sql).add(Self.connection("web-00000001", provider: .webchat))
                _ = try await SecretRepository(sql).put(tenantID: first.tenantID, name: first.secretName("token"), value: "token-1",
                                                        sealer: sealer, now: Date())
            }
            #expect(try await supervisor.reconcile().applied == 1, "the web-chat widget has no runner here")
            #expect(runner.applied.withLock { $0.last?.secrets["token"] } == "token-1")
            #expect(runner.applied.withLock { $0.last?.isRunning } == true)
            #expect(try await supervisor.reconcile().applied == 0, "nothing changed")

            // A report does not move the version: nothing restarts.
            try await database.transaction { sql in
                try await ChannelConnectionRepository(sql).report(tenantID: first.tenantID, id: first.id, error: "token refused", now: Date())
            }
            #expect(try await supervisor.reconcile().applied == 0)

            // A new token saved with the change of the row reaches the runner.
            try await database.transaction { sql in
                _ = try await SecretRepository(sql).put(tenantID: first.tenantID, name: first.secretName("token"), value: "token-2",
                                                        sealer: sealer, now: Date())
                var paused = first
                paused.state = .paused
                _ = try await ChannelConnectionRepository(sql).update(paused, now: Date())
            }
            #expect(try await supervisor.reconcile().applied == 1)
            let afterPause = try #require(runner.applied.withLock { $0.last })
            #expect(afterPause.secrets["token"] == "token-2")
            #expect(!afterPause.isRunning)
            #expect(afterPause.stopReason == "connection paused")

            // A suspended business stops its connections.
            try await database.transaction { sql in
                var active = first
                active.state = .active
                _ = try await ChannelConnectionRepository(sql).update(active, now: Date())
                try await sql.query("UPDATE tenants SET suspended_at = ? WHERE id = ?", [.date(Date()), .text(first.tenantID)])
            }
            #expect(try await supervisor.reconcile().applied == 1)
            #expect(runner.applied.withLock { $0.last?.stopReason } == "business suspended")

            // A removed connection is stopped.
            _ = try await database.transaction { sql in try await ChannelConnectionRepository(sql).remove(tenantID: first.tenantID, id: first.id) }
            #expect(try await supervisor.reconcile().removed == 1)
            #expect(runner.removed.withLock { $0 } == [first.id])
        }
    }

    @Test(arguments: DatabaseKind.available)
    func cursorsAreKeptPerConnectionAndTheNumberOfOldsAreHandedOn(_ kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            try await database.transaction { sql in
                let cursors = ChannelCursorRepository(sql)
                try await cursors.advance(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "*", to: now, now: now)
                try await cursors.copy(tenantID: Tenant.defaultID, channel: .whatsapp, toConnection: "wa-1", now: now)
                try await cursors.advance(tenantID: Tenant.defaultID, channel: .whatsapp, connectionID: "wa-2", chatID: "7701@c.us",
                                          to: now, now: now)
            }
            try await database.read { (sql) async throws in
                let cursors = ChannelCursorRepository(sql)
                #expect(try await cursors.cursors(tenantID: Tenant.defaultID, channel: .whatsapp, connectionID: "wa-1")["*"]?.time == now)
                #expect(try await cursors.cursors(tenantID: Tenant.defaultID, channel: .whatsapp, connectionID: "wa-2").keys.sorted() == ["7701@c.us"])
                #expect(try await cursors.cursors(tenantID: Tenant.defaultID, channel: .whatsapp).keys.sorted() == ["*"])
            }
        }
    }
}
