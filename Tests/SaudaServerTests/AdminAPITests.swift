import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaModels
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// The admin API's access control and the whitelist endpoints, over HTTP.
@Suite struct AdminAPITests {
    /// Tokens of two tenants, and the running app.
    struct Fixture: Sendable {
        let system: SaudaSystem
        let client: any TestClientProtocol
        let admin: String
        let operatorToken: String
        let viewer: String
        let otherTenantAdmin: String
    }

    static func withAdminAPI(configure: @escaping @Sendable (inout SaudaSettings) -> Void = { _ in }, operatorName: String = "Оператор",
                             _ body: @escaping @Sendable (Fixture) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            var settings = SaudaSettings()
            settings.database = .sqlite(path: directory.appendingPathComponent("admin.sqlite").path)
            configure(&settings)
            let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
            try await system.prepare()
            let tokens = try await system.database.transaction { sql in
                _ = try await TenantRepository(sql).create(Tenant(id: "second", name: "Второй", timeZone: "Asia/Almaty"), now: Date())
                return [
                    try await AccessTokens.issue(tenantID: "default", name: "Марат", role: .admin, in: sql).token,
                    try await AccessTokens.issue(tenantID: "default", name: operatorName, role: .operator, in: sql).token,
                    try await AccessTokens.issue(tenantID: "default", name: "Бухгалтер", role: .viewer, in: sql).token,
                    try await AccessTokens.issue(tenantID: "second", name: "Чужой", role: .admin, in: sql).token,
                ]
            }
            let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
            // HummingbirdTesting's live client (one connection, no redirects followed): the console's tests read 303s and
            // their cookies. The tests that send requests at once use `.ahc(.http)`, whose client keeps a pool and a deadline.
            try await app.test(.live) { client in
                try await body(Fixture(system: system, client: client, admin: tokens[0], operatorToken: tokens[1], viewer: tokens[2],
                                       otherTenantAdmin: tokens[3]))
            }
        }
    }

    static func call(_ fixture: Fixture, _ method: HTTPRequest.Method, _ uri: String, token: String?, body: String? = nil,
                     authorization: String? = nil) async throws -> (status: HTTPResponse.Status, json: JSONValue?, headers: HTTPFields) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let authorization { headers[.authorization] = authorization }
        return try await fixture.client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let data = Data(response.body.readableBytesView)
            return (response.status, data.isEmpty ? nil : try? JSONValue.parse(data), response.headers)
        }
    }

    @Test func everyRequestNeedsALiveTokenOfTheRightRole() async throws {
        try await Self.withAdminAPI { fixture in
            let missing = try await Self.call(fixture, .get, "/api/v1/whitelist", token: nil)
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(missing.json?["error"]?["reason"]?.stringValue?.contains("sauda token create") == true)
            let basic = try await Self.call(fixture, .get, "/api/v1/whitelist", token: nil, authorization: "Basic dXNlcjpwYXNz")
            #expect(basic.status == .unauthorized)
            let forged = try await Self.call(fixture, .get, "/api/v1/whitelist", token: "sda_" + String(repeating: "A", count: 43))
            #expect(forged.status == .unauthorized)

            // A viewer reads but may not change; an operator neither changes settings.
            #expect(try await Self.call(fixture, .get, "/api/v1/whitelist", token: fixture.viewer).status == .ok)
            for token in [fixture.viewer, fixture.operatorToken] {
                let refused = try await Self.call(fixture, .post, "/api/v1/whitelist", token: token, body: #"{"phone_number":"+77015550000"}"#)
                #expect(refused.status == .forbidden)
                #expect(refused.json?["error"]?["reason"]?.stringValue?.contains("admin") == true)
            }

            // A revoked token stops working (the authenticator forgets its cache on revocation in-process).
            let revoked = try await fixture.system.database.transaction { sql in
                let id = try await ApiTokenRepository(sql).list(tenantID: "default").first { $0.name == "Бухгалтер" }?.id ?? 0
                return try await ApiTokenRepository(sql).revoke(id: id, now: Date())
            }
            #expect(revoked)
            fixture.system.authenticator.forget()
            #expect(try await Self.call(fixture, .get, "/api/v1/whitelist", token: fixture.viewer).status == .unauthorized)
        }
    }

    @Test func anAdminManagesTheWhitelistOfItsOwnTenantOnly() async throws {
        try await Self.withAdminAPI { fixture in
            let seeded = try await Self.call(fixture, .get, "/api/v1/whitelist", token: fixture.admin)
            #expect(seeded.json?["numbers"]?.arrayValue?.count == 3, "the initial whitelist's three numbers")

            let added = try await Self.call(fixture, .post, "/api/v1/whitelist", token: fixture.admin,
                                            body: #"{"phone_number":"8 (701) 555-12-34","note":"жена"}"#)
            #expect(added.status == .created)
            #expect(added.json?["phone_number"] == "+77015551234")
            let listed = try await Self.call(fixture, .get, "/api/v1/whitelist", token: fixture.admin)
            #expect(listed.json?["numbers"]?.arrayValue?.contains { $0["phone_number"] == "+77015551234" && $0["note"] == "жена" } == true)

            // The other tenant's admin sees only its own (empty) list and cannot remove this tenant's number.
            let foreign = try await Self.call(fixture, .get, "/api/v1/whitelist", token: fixture.otherTenantAdmin)
            #expect(foreign.json?["numbers"]?.arrayValue?.isEmpty == true)
            let foreignDelete = try await Self.call(fixture, .delete, "/api/v1/whitelist/77015551234", token: fixture.otherTenantAdmin)
            #expect(foreignDelete.status == .notFound)
            let stillThere = try await fixture.system.database.read { sql in
                try await TenantRepository(sql).isWhitelisted(tenantID: "default", phoneNumber: "77015551234")
            }
            #expect(stillThere)

            let removed = try await Self.call(fixture, .delete, "/api/v1/whitelist/%2B7%20701%20555%2012%2034", token: fixture.admin)
            #expect(removed.status == .noContent)
            let again = try await Self.call(fixture, .delete, "/api/v1/whitelist/77015551234", token: fixture.admin)
            #expect(again.status == .notFound)
        }
    }

    @Test func badInputGetsAReasonAndChangesNothing() async throws {
        try await Self.withAdminAPI { fixture in
            let cases: [(String, String)] = [
                (#"{"phone_number":"позвоните мне"}"#, "not a phone number"),
                (#"{"note":"без номера"}"#, "missing field «phone_number»"),
                (#"{"phone_number":77015551234}"#, "wrong type"),
                ("{not json", "not valid JSON"),
                (#"{"phone_number":"+77015551234","note":"\#(String(repeating: "я", count: 201))"}"#, "longer than 200"),
            ]
            for (body, reason) in cases {
                let response = try await Self.call(fixture, .post, "/api/v1/whitelist", token: fixture.admin, body: body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.json?["error"]?["reason"]?.stringValue?.contains(reason) == true, "\(body) → \(String(describing: response.json))")
            }
            let huge = try await Self.call(fixture, .post, "/api/v1/whitelist", token: fixture.admin,
                                           body: #"{"phone_number":"+77015551234","note":""# + String(repeating: "x", count: 8000) + #""}"#)
            #expect(huge.status == .contentTooLarge)
            let listed = try await Self.call(fixture, .get, "/api/v1/whitelist", token: fixture.admin)
            #expect(listed.json?["numbers"]?.arrayValue?.count == 3)
        }
    }

    @Test func eachTokenHasItsOwnRequestRate() async throws {
        try await Self.withAdminAPI(configure: { settings in
            settings.adminRequestBurst = 5
            // One a minute: a loaded machine may take seconds between the calls, and must not refill the bucket meanwhile.
            settings.adminRequestsPerMinute = 1
        }) { fixture in
            for _ in 0..<5 { #expect(try await Self.call(fixture, .get, "/api/v1/whitelist", token: fixture.admin).status == .ok) }
            let limited = try await Self.call(fixture, .get, "/api/v1/whitelist", token: fixture.admin)
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            // Another token is not held up by the first one's use.
            #expect(try await Self.call(fixture, .get, "/api/v1/whitelist", token: fixture.otherTenantAdmin).status == .ok)
        }
    }

    @Test func aTokenOverItsRateIsHeldUpBeforeItsRoleIsCheckedAndUnknownPathsNeedNoToken() async throws {
        try await Self.withAdminAPI(configure: { settings in
            settings.adminRequestBurst = 1
            settings.adminRequestsPerMinute = 1
        }) { fixture in
            #expect(try await Self.call(fixture, .get, "/api/v1/whitelist", token: fixture.viewer).status == .ok)
            // The token is checked (and counted) once for the API, then the endpoint's role: over its rate, a viewer
            // asking for an admin's endpoint is held up, not refused.
            let held = try await Self.call(fixture, .post, "/api/v1/whitelist", token: fixture.viewer, body: #"{"phone_number":"+77015550000"}"#)
            #expect(held.status == .tooManyRequests)
            #expect(Int(held.headers[.retryAfter] ?? "") ?? 0 >= 1)
            // Only the API's routes look at the token: a path that is none of them is simply not found.
            #expect(try await Self.call(fixture, .get, "/api/v1/no-such-endpoint", token: nil).status == .notFound)
        }
    }

    @Test func theRateLimiterRefillsOverTime() {
        let clock = ManualClock()
        let limiter = RateLimiter<Int64>(perMinute: 120, burst: 2, clock: clock)
        #expect(limiter.take(1) == .allowed)
        #expect(limiter.take(1) == .allowed)
        #expect(limiter.take(1) == .refused(retryAfter: .milliseconds(500)))
        clock.advance(by: .milliseconds(500))
        #expect(limiter.take(1) == .allowed)
        #expect(limiter.take(2) == .allowed, "buckets are per token")
    }
}
