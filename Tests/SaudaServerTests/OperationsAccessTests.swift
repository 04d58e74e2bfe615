import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `/stats`, `/metrics` and the detail of `/health` cover every tenant: only an admin token reads them.
@Suite struct OperationsAccessTests {
    static func withApp(_ test: @Sendable @escaping (SaudaSystem, any TestClientProtocol) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            var settings = SaudaSettings()
            settings.database = .sqlite(path: directory.appendingPathComponent("operations.sqlite").path)
            let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
            try await system.prepare()
            let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: TestMetrics.registry)
            try await app.test(.ahc(.http)) { client in try await test(system, client) }
        }
    }

    @Test func anonymousCallersGetNoInstallationFigures() async throws {
        try await Self.withApp { _, client in
            for path in ["/stats", "/metrics"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(path)")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"sauda\"")
                    let body = String(buffer: response.body)
                    #expect(body.contains("admin API token"), "\(path): \(body)")
                    #expect(body.contains("Authorization: Bearer"), "\(path): \(body)")
                    #expect(!body.contains("messages_received_today") && !body.contains("sauda_"), "\(path)")
                }
            }
            try await client.execute(uri: "/stats", method: .get, headers: [.authorization: "Bearer sda_not-a-token"]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func anonymousHealthIsItsStatusAlone() async throws {
        try await Self.withApp { system, client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"healthy"}"#)
            }
            try await client.execute(uri: "/health", method: .get, headers: try await adminAuthorization(system)) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("\"status\":\"healthy\""))
                #expect(body.contains("\"queues\"") && body.contains("\"model\"") && body.contains("\"database\":\"ok\""))
            }
            try await client.execute(uri: "/health", method: .get, headers: [.authorization: "Bearer sda_wrong"]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func anAdminTokenReadsThemAndALowerRoleDoesNot() async throws {
        try await Self.withApp { system, client in
            let admin = try await adminAuthorization(system)
            try await client.execute(uri: "/stats", method: .get, headers: admin) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("messages_received_today"))
            }
            try await client.execute(uri: "/metrics", method: .get, headers: admin) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("sauda_queue_depth"))
            }
            let viewer = try await system.database.transaction { sql in
                try await AccessTokens.issue(tenantID: "default", name: "viewer", role: .viewer, in: sql).token
            }
            for path in ["/stats", "/metrics", "/health"] {
                try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(viewer)"]) { response in
                    #expect(response.status == .forbidden, "\(path)")
                }
            }
        }
    }
}
