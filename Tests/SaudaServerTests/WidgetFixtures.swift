import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaChannels
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport

/// Web-chat widgets written straight into `channel_connections`, without `ChannelConnectionEditor` (which the admin
/// API, `sauda channel` and the console use): the serving side's tests also need rows the editor would refuse.
enum WidgetFixtures {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Adds a business (unless it exists) and a `webchat` connection of it with `settings`.
    /// - Returns: the connection as stored.
    @discardableResult
    static func addWidget(_ database: any Database, tenantID: String = "shop", businessName: String = "Эво Коврики",
                          name: String = "Сайт", settings: WebChatWidgetSettings, state: ConnectionState = .active) async throws -> ChannelConnection {
        let connection = ChannelConnection(id: ChannelConnection.newID(for: .webchat), tenantID: tenantID, provider: .webchat, name: name,
                                           publicID: ChannelConnection.newPublicID(), settings: settings.json, state: state,
                                           createdAt: now, updatedAt: now)
        try await database.transaction { (sql) async throws in
            _ = try await TenantRepository(sql).create(Tenant(id: tenantID, name: businessName, timeZone: "Asia/Almaty"), now: now)
            try await ChannelConnectionRepository(sql).add(connection)
        }
        return connection
    }

    /// Stores `change` of a connection.
    static func change(_ database: any Database, _ connection: ChannelConnection,
                       _ change: @Sendable (inout ChannelConnection) -> Void) async throws {
        var changed = connection
        change(&changed)
        let stored = changed
        _ = try await database.transaction { (sql) async throws in try await ChannelConnectionRepository(sql).update(stored, now: now) }
    }

    /// Suspends (or lets back) a business.
    static func suspend(_ database: any Database, tenantID: String, _ suspended: Bool = true) async throws {
        try await database.transaction { (sql) async throws in
            try await sql.query("UPDATE tenants SET suspended_at = ? WHERE id = ?", [suspended ? .date(now) : .null, .text(tenantID)])
        }
    }
}

/// As ``withRunningSystem(configure:_:)``, with the widgets remembered on `clock`.
func withWidgetSystem(clock: ManualClock = ManualClock(),
                      _ test: @Sendable @escaping (any TestClientProtocol, SaudaSystem) async throws -> Void) async throws {
    try await withTemporaryDirectory { directory in
        var settings = SaudaSettings()
        settings.database = .sqlite(path: directory.appendingPathComponent("widget.sqlite").path)
        let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal, widgetClock: AnyClock(clock))
        try await system.prepare()
        let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
        try await app.test(.ahc(.http)) { client in try await test(client, system) }
    }
}
