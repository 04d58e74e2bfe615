import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import Synchronization
import SaudaCRM
import SaudaCRMAmo
import SaudaCore
import SaudaSimulators
import SaudaTestSupport
import Testing

/// amoCRM credentials: OAuth refreshed once and sealed back, a revoked refresh, a refused long-lived token, and the
/// configuration's errors naming the setting.
@Suite struct AmoCredentialsTests {
    typealias H = AmoHarness

    @Test func anExpiredTokenIsRefreshedOnceAndTheNewPairSealedBack() async throws {
        let simulator = H.simulator()
        let store = RecordingCredentialsStore()
        let (credentials, oldRefresh) = H.oauth(simulator)
        try await H.run(simulator, credentials: credentials, store: store) { adapter, port in
            _ = try await adapter.checkConnection()
            #expect(simulator.refreshCount == 0)
            simulator.expireAccessTokens()
            try await withThrowingTaskGroup(of: CRMCustomer?.self) { group in
                for _ in 0..<6 { group.addTask { try await adapter.findCustomer(phone: H.phone) } }
                for try await found in group { #expect(found == nil) }
            }
            #expect(simulator.refreshCount == 1, "concurrent calls share one refresh")
            #expect(store.stored.count == 1)
            let sealed = try AmoCredentials(parsing: try #require(store.stored.first))
            guard case .oauth(let tokens) = sealed else { Issue.record("sealed \(sealed)"); return }
            #expect(tokens.refreshToken != oldRefresh)
            #expect(tokens.clientID == simulator.clientID && tokens.clientSecret == simulator.clientSecret)
            #expect(tokens.expiresAt != nil)
            #expect(!simulator.refreshTokenWorks(oldRefresh), "a refresh token works once")
            #expect(simulator.refreshTokenWorks(tokens.refreshToken))
            // The old refresh token is dead at the account.
            let reuse = try await H.call(port, "/oauth2/access_token", method: .POST, token: nil, body: """
                {"client_id":"sim-client","client_secret":"sim-secret","grant_type":"refresh_token","refresh_token":"\(oldRefresh)","redirect_uri":"x"}
                """)
            #expect(reuse.status == 400)
            _ = try await adapter.checkConnection()
            #expect(simulator.refreshCount == 1)
        }
    }

    @Test func aTokenPastItsStatedExpiryIsRenewedBeforeTheCall() async throws {
        let simulator = H.simulator()
        let store = RecordingCredentialsStore()
        let (credentials, _) = H.oauth(simulator, expiresAt: Date(timeIntervalSinceNow: -10))
        try await H.run(simulator, credentials: credentials, store: store) { adapter, _ in
            _ = try await adapter.checkConnection()
            #expect(simulator.requests == ["POST /oauth2/access_token", "GET /api/v4/account"])
            #expect(store.stored.count == 1)
        }
    }

    @Test func aRenewedPairTheStoreRefusedIsSealedBeforeItIsUsed() async throws {
        let simulator = H.simulator()
        let store = RecordingCredentialsStore()
        let (credentials, _) = H.oauth(simulator)
        try await H.run(simulator, credentials: credentials, store: store) { adapter, _ in
            simulator.expireAccessTokens()
            store.refuseNext(1)
            await #expect(throws: CRMError.retryable(reason: "the vault is down", outcomeUnknown: false)) {
                _ = try await adapter.checkConnection()
            }
            #expect(simulator.refreshCount == 1)
            #expect(store.stored.isEmpty)
            let calls = simulator.requests.count
            _ = try await adapter.checkConnection()
            #expect(store.stored.count == 1, "the pair kept in memory is sealed first")
            #expect(simulator.refreshCount == 1, "and not refreshed again (the old refresh token is dead)")
            #expect(Array(simulator.requests.dropFirst(calls)) == ["GET /api/v4/account"])
        }
    }

    @Test func aRevokedRefreshOrARefusedLongLivedTokenIsNotConfigured() async throws {
        let simulator = H.simulator()
        let (credentials, _) = H.oauth(simulator)
        try await H.run(simulator, credentials: credentials, store: RecordingCredentialsStore()) { adapter, _ in
            simulator.expireAccessTokens()
            simulator.revokeRefreshTokens()
            do throws(CRMError) {
                _ = try await adapter.findCustomer(phone: H.phone)
                Issue.record("a revoked refresh must fail")
            } catch {
                guard case .notConfigured(let reason) = error else { Issue.record("got \(error)"); return }
                #expect(reason.contains("Token has been revoked"))
                #expect(!reason.contains("sim-refresh"), "no token in the reason")
            }
        }
        try await H.run(simulator, credentials: .longLived(token: "wrong")) { adapter, _ in
            do throws(CRMError) {
                _ = try await adapter.checkConnection()
                Issue.record("a wrong token must fail")
            } catch {
                guard case .notConfigured = error else { Issue.record("got \(error)"); return }
            }
            #expect(simulator.refreshCount == 0)
        }
    }

    @Test func configurationErrorsNameTheSetting() throws {
        func reason(_ config: CRMConnectionConfig, store: (any CRMCredentialsStore)? = RecordingCredentialsStore()) -> String {
            do throws(CRMError) {
                _ = try AmoAdapter(config: config, store: store)
                return "no error"
            } catch {
                guard case .notConfigured(let reason) = error else { return "\(error)" }
                return reason
            }
        }
        let url = "https://shop.amocrm.ru"
        #expect(reason(CRMConnectionConfig(tenantID: "t", baseURL: "", credentials: "tok")).contains("CRM_BASE_URL"))
        #expect(reason(CRMConnectionConfig(tenantID: "t", baseURL: "shop.amocrm.ru", credentials: "tok")).contains("CRM_BASE_URL"))
        #expect(reason(CRMConnectionConfig(tenantID: "t", baseURL: url, credentials: " ")).contains("CRM_API_KEY"))
        let noRefresh = #"{"access_token":"a","client_id":"c","client_secret":"s","redirect_uri":"r"}"#
        #expect(reason(CRMConnectionConfig(tenantID: "t", baseURL: url, credentials: noRefresh)).contains("refresh_token"))
        #expect(reason(CRMConnectionConfig(tenantID: "t", baseURL: url, credentials: "{not json")).contains("CRM_API_KEY"))
        #expect(reason(CRMConnectionConfig(tenantID: "t", baseURL: url, credentials: "tok", settings: ["pipeline_id": "main"])).contains("pipeline_id"))
        #expect(reason(CRMConnectionConfig(tenantID: "t", baseURL: url, credentials: "tok", settings: ["status_id": "5"])).contains("pipeline_id"))
        #expect(reason(CRMConnectionConfig(tenantID: "t", baseURL: url, credentials: "tok", settings: ["key_field_id": "x"])).contains("key_field_id"))
        #expect(reason(CRMConnectionConfig(tenantID: "t", baseURL: url, credentials: "tok", fieldMapping: ["car": "Автомобиль"])).contains("car"))
        let oauth = #"{"access_token":"a","refresh_token":"r","client_id":"c","client_secret":"s","redirect_uri":"u","expires_at":1790000000}"#
        #expect(reason(CRMConnectionConfig(tenantID: "t", baseURL: url, credentials: oauth), store: nil).contains("store"))
        #expect(!reason(CRMConnectionConfig(tenantID: "t", baseURL: url, credentials: oauth), store: nil).contains("\"r\""))

        let adapter = try AmoAdapter(config: CRMConnectionConfig(tenantID: "t", baseURL: "https://shop.amocrm.ru/api/v4/", credentials: oauth,
                                                                 fieldMapping: ["car": "700002"],
                                                                 settings: ["pipeline_id": "7000001", "status_id": "7000011", "key_field_id": "700001"]),
                                     store: RecordingCredentialsStore())
        #expect(adapter.settings.baseURL == "https://shop.amocrm.ru")
        #expect(adapter.settings.subdomain == "shop")
        #expect(adapter.settings.pipelineID == 7_000_001 && adapter.settings.statusID == 7_000_011 && adapter.settings.keyFieldID == 700_001)
        #expect(adapter.settings.detailFields == ["car": 700_002])
        guard case .oauth(let tokens) = try AmoCredentials(parsing: oauth) else { Issue.record("not OAuth"); return }
        #expect(tokens.expiresAt == Date(timeIntervalSince1970: 1_790_000_000))
        #expect(try AmoCredentials(parsing: tokens.jsonText) == .oauth(tokens), "the sealed form reads back")
    }
}
