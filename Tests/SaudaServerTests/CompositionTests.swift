import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaAgent
import SaudaBus
import SaudaChannels
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// The composition root: what a start does before serving, and which services each role runs.
@Suite struct CompositionTests {
    /// What `onServerRunning` saw, start after start.
    final class Starts: Sendable {
        let tokens = Mutex<[String?]>([])
        let files = Mutex<[FirstAdminTokenFile?]>([])
    }

    @Test func aStartMigratesBeforeServingAndMakesTheFirstAdminTokenOnlyOnceAndOnlyWithTheGateway() async throws {
        try await withTemporaryDirectory { directory in
            var settings = SaudaSettings()
            settings.database = .sqlite(path: directory.appendingPathComponent("start.sqlite").path)
            let starts = Starts()
            // A fresh file: the agent's start migrates too, but only a process with the gateway makes a token.
            for role in [SaudaRole.agent, .all, .all] {
                let app = try buildApplication(settings: settings, role: role, logger: testLogger, hostname: "127.0.0.1", port: 0,
                                               registry: nil) { start in
                    starts.tokens.withLock { $0.append(start.firstAdminToken) }
                    starts.files.withLock { $0.append(start.firstAdminTokenFile) }
                }
                try await app.test(.ahc(.http)) { client in
                    try await client.execute(uri: "/health", method: .get) { response in #expect(response.status == .ok) }
                }
            }
            let tokens = starts.tokens.withLock { $0 }
            #expect(tokens.count == 3)
            #expect(tokens[0] == nil)
            #expect(tokens[1]?.hasPrefix("sda_") == true)
            #expect(tokens[2] == nil, "the first admin token is made on the very first start with the gateway only")
            // It is written to a private file beside the database, and only then.
            let files = starts.files.withLock { $0 }
            let path = directory.appendingPathComponent(FirstAdminTokenFile.name).standardizedFileURL.path
            #expect(files.map { $0?.path } == [nil, path, nil])
            #expect(PrivateFile.permissions(path) == 0o600)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(tokens[1] ?? "")\n")
        }
    }

    @Test func theRoleDecidesTheServicesAndTheDatabaseComesFirst() async throws {
        try await withTemporaryDirectory { directory in
            var settings = SaudaSettings()
            settings.database = .sqlite(path: directory.appendingPathComponent("roles.sqlite").path)
            for role in SaudaRole.allCases {
                let system = try SaudaSystem(settings: settings, logger: testLogger, role: role, sqliteDurability: .normal)
                let services = system.services
                #expect(services.first is DatabaseCloser)
                #expect(services.contains { $0 is QueueSweeper }, "table queues need their sweeper")
                #expect(services.contains { $0 is OutboxRelay })
                #expect(services.contains { $0 is OutgoingSender } == role.runsGateway)
                #expect(services.contains { $0 is ConversationDispatcher } == role.runsAgent)
                #expect(system.roleServices.count == services.count - 1)
                await system.database.close()
            }
        }
    }

    @Test func thePollersAreBuiltOnce() async throws {
        try await withTemporaryDirectory { directory in
            var settings = SaudaSettings()
            settings.database = .sqlite(path: directory.appendingPathComponent("pollers.sqlite").path)
            settings.whatsapp = WhatsAppSettings(token: "token", profileID: "profile", baseURL: "http://127.0.0.1:9",
                                                 webhookSecret: "polling-secret-0123456789")
            let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
            let poller = try #require(system.pollers.first)
            #expect(system.pollers.first === poller)
            #expect(system.services.contains { ($0 as AnyObject) === poller }, "the process runs the poller it holds")
            #expect(system.dependencies.channels.makePollers().first !== poller)
            await system.database.close()
        }
    }

    @Test func aMaintenanceCommandsDatabaseIsClosedAfterItsWork() async throws {
        try await withTemporaryDirectory { directory in
            let location = DatabaseLocation.sqlite(path: directory.appendingPathComponent("maintenance.sqlite").path)
            let tenants = try await withDatabase(location, logger: testLogger) { database in
                try await DatabasePreparation.prepare(database, settings: SaudaSettings(), logger: testLogger)
                return try await database.read { sql in try await TenantRepository(sql).all().map(\.id) }
            }
            #expect(tenants == [Tenant.defaultID])
            // Closed: the file can be opened again and holds what the first run wrote.
            let again = try await withDatabase(location, logger: testLogger) { database in
                try await database.read { sql in try await TenantRepository(sql).all().count }
            }
            #expect(again == 1)
        }
    }
}
