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

/// The amoCRM adapter against the simulated account over real loopback sockets.
@Suite struct AmoAdapterTests {
    typealias H = AmoHarness

    @Test(arguments: [true, false])
    func aLeadWithItsNewContactAndANoteAreMadeOnce(keyField: Bool) async throws {
        let simulator = H.simulator()
        try await H.run(simulator, keyField: keyField) { adapter, _ in
            let info = try await adapter.checkConnection()
            #expect(info.name == "Sauda Simulated (sim)")
            #expect(info.capabilities.contains(.receiveEvents))
            let key = IdempotencyKey("t1:conv-8812:lead:1")
            let lead = try await adapter.upsertLead(H.lead(), customer: nil, key: key)
            #expect(lead.kind == "lead")
            let note = try await adapter.addNote("Просит перезвонить после 18:00", to: lead, key: IdempotencyKey("t1:conv-8812:note:1"))
            #expect(note.kind == "note")

            #expect(simulator.requests.contains("POST /api/v4/leads/complex"), "a new contact goes with its lead in one call")
            let stored = try #require(simulator.leads[Int(lead.id) ?? -1])
            #expect(stored["name"] == "EVA коврики, Toyota Camry 2020")
            let tags = (stored["_embedded"]?["tags"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            #expect(tags.contains("sauda") && tags.contains("whatsapp"))
            #expect(tags.contains("sauda-key:t1:conv-8812:lead:1") == !keyField)
            let fields = stored["custom_fields_values"]?.arrayValue ?? []
            let byField = Dictionary(fields.compactMap { field -> (Int, String)? in
                guard let value = field["values"]?.arrayValue?.first?["value"]?.stringValue else { return nil }
                return (Int(field["field_id"]?.numberValue ?? 0), value)
            }, uniquingKeysWith: { first, _ in first })
            #expect(byField[700_002] == "Toyota Camry 2020")
            #expect(byField[700_003] == "Алматы")
            #expect(byField[700_001] == (keyField ? key.value : nil))
            let contactIDs = stored["contact_ids"]?.arrayValue?.compactMap(\.numberValue).map { Int($0) } ?? []
            #expect(contactIDs.count == 1)
            let contact = try #require(simulator.contacts[contactIDs.first ?? -1])
            #expect(contact["name"] == "Айгерим")
            let phone = contact["custom_fields_values"]?.arrayValue?.first
            #expect(phone?["field_code"] == "PHONE")
            #expect(phone?["values"]?.arrayValue?.first?["value"] == .string(H.phone))
            #expect(phone?["values"]?.arrayValue?.first?["enum_code"] == "WORK")
            let notes = simulator.notes.values.filter { $0["entity_id"]?.numberValue == Double(lead.id) }
            #expect(notes.count == 2, "the summary note and the note added")
            let texts = notes.compactMap { $0["params"]?["text"]?.stringValue }
            #expect(texts.contains { $0.contains("Хочет коврики с доставкой") && $0.contains("delivery: курьер") && !$0.contains("car:") })
            #expect(texts.contains("Просит перезвонить после 18:00"))
            #expect(simulator.leads.count == 1 && simulator.contacts.count == 1)
        }
    }

    @Test(arguments: [true, false])
    func theSameKeyAgainUpdatesTheLeadInsteadOfAddingOne(keyField: Bool) async throws {
        let simulator = H.simulator()
        try await H.run(simulator, keyField: keyField) { adapter, _ in
            let key = IdempotencyKey("t1:conv-1:lead:1")
            let first = try await adapter.upsertLead(H.lead(), customer: nil, key: key)
            let second = try await adapter.upsertLead(H.lead("EVA коврики, Camry, с бортиками"), customer: nil, key: key)
            #expect(first == second)
            #expect(simulator.leads.count == 1)
            #expect(simulator.contacts.count == 1)
            #expect(simulator.leads[Int(first.id) ?? -1]?["name"] == "EVA коврики, Camry, с бортиками")
            #expect(simulator.requests.contains("PATCH /api/v4/leads"))
            #expect(try await adapter.reconcile(key) == first)
            #expect(try await adapter.reconcile(IdempotencyKey("t1:conv-1:lead:2")) == nil)

            // Another conversation of the same customer: a second lead, linked to the contact the first one made.
            let other = try await adapter.upsertLead(H.lead("Чехлы"), customer: nil, key: IdempotencyKey("t1:conv-2:lead:1"))
            #expect(other != first)
            #expect(simulator.contacts.count == 1)
            #expect(simulator.leads[Int(other.id) ?? -1]?["contact_ids"] == simulator.leads[Int(first.id) ?? -1]?["contact_ids"])
        }
    }

    @Test func findCustomerReVerifiesThePhoneOfAFullTextHit() async throws {
        let simulator = H.simulator()
        try await H.run(simulator) { adapter, _ in
            #expect(try await adapter.findCustomer(phone: H.phone) == nil, "an empty list is a 204")
            let id = simulator.seedContact(name: "Айгерим", phones: ["+77011234567", "+77770000001"], enumCode: "MOB")
            let found = try #require(try await adapter.findCustomer(phone: "8 (701) 123-45-67"))
            #expect(found.ref == CRMRef(kind: "contact", id: String(id)))
            #expect(found.name == "Айгерим")
            #expect(found.phones == [H.phone, "+77770000001"])
            // A full-text hit on the name, not the phone, is not that customer.
            simulator.seedContact(name: "Перезвонить на 7019998877", phones: ["+77770000002"])
            #expect(try await adapter.findCustomer(phone: "+77019998877") == nil)
            await #expect(throws: CRMError.refused(.invalidInput, reason: "not a phone number: 12")) {
                _ = try await adapter.findCustomer(phone: "12")
            }

            // The same phone again is the same contact; a new e-mail is added, the phones kept.
            let ref = try await adapter.upsertCustomer(CustomerDraft(name: "Айгерим", phone: H.phone, email: "a@example.kz"),
                                                       key: IdempotencyKey("t1:c:customer:1"))
            #expect(ref.id == String(id))
            #expect(simulator.contacts.count == 2)
            let again = try #require(try await adapter.findCustomer(phone: H.phone))
            #expect(again.email == "a@example.kz")
            #expect(again.phones.count == 2)
            let new = try await adapter.upsertCustomer(CustomerDraft(name: "Ержан", phone: "+77015550000"), key: IdempotencyKey("t1:c2:customer:1"))
            #expect(new.kind == "contact" && new.id != ref.id)
            #expect(try await adapter.findCustomer(phone: "+77015550000")?.name == "Ержан")
        }
    }

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

    @Test func moreThanSevenCallsASecondAreRateLimited() async throws {
        let clock = ManualClock()
        let simulator = AmoSimulator(clock: clock)
        try await H.run(simulator) { adapter, _ in
            for _ in 0..<7 { _ = try await adapter.checkConnection() }
            do throws(CRMError) {
                _ = try await adapter.findCustomer(phone: H.phone)
                Issue.record("the eighth call in a second must be refused")
            } catch {
                guard case .rateLimited(let after, let reason) = error else { Issue.record("got \(error)"); return }
                #expect(after >= .seconds(1))
                #expect(reason.contains("429"))
            }
            #expect(simulator.rateLimitedCount == 1)
            clock.advance(by: .seconds(1))
            #expect(try await adapter.findCustomer(phone: H.phone) == nil)
        }
    }

    @Test(arguments: [true, false])
    func aCreateDroppedAfterItWasAppliedIsRetryableAndReconcileFindsIt(keyField: Bool) async throws {
        let simulator = H.simulator()
        try await H.run(simulator, keyField: keyField) { adapter, _ in
            let key = IdempotencyKey("t1:conv-9:lead:1")
            simulator.dropConnectionAfterNextWrite()
            do throws(CRMError) {
                _ = try await adapter.upsertLead(H.lead(), customer: nil, key: key)
                Issue.record("a dropped answer must fail")
            } catch {
                guard case .retryable(_, let unknown) = error else { Issue.record("got \(error)"); return }
                #expect(unknown, "the lead may have been made")
            }
            #expect(simulator.leads.count == 1, "the write was applied before the connection dropped")
            let found = try #require(try await adapter.reconcile(key))
            #expect(found.kind == "lead")
            let retried = try await adapter.upsertLead(H.lead(), customer: nil, key: key)
            #expect(retried == found)
            #expect(simulator.leads.count == 1 && simulator.contacts.count == 1)
        }
    }

    @Test func errorsAreSortedIntoTheirKinds() async throws {
        let simulator = H.simulator()
        try await H.run(simulator) { adapter, _ in
            simulator.failNext(1, status: 503)
            do throws(CRMError) {
                _ = try await adapter.reconcile(IdempotencyKey("k"))
                Issue.record("a 503 must fail")
            } catch {
                guard case .retryable(_, let unknown) = error else { Issue.record("got \(error)"); return }
                #expect(!unknown, "a read")
            }
            let lead = try await adapter.upsertLead(H.lead(), customer: nil, key: IdempotencyKey("k:lead"))
            simulator.failNext(1, status: 500)
            do throws(CRMError) {
                _ = try await adapter.addNote("x", to: lead, key: IdempotencyKey("k:note"))
                Issue.record("a 500 must fail")
            } catch {
                guard case .retryable(_, let unknown) = error else { Issue.record("got \(error)"); return }
                #expect(unknown, "a write")
            }
            simulator.failNext(1, status: 402)
            do throws(CRMError) {
                _ = try await adapter.checkConnection()
                Issue.record("a 402 must fail")
            } catch {
                guard case .notConfigured(let reason) = error else { Issue.record("got \(error)"); return }
                #expect(reason.contains("402"))
            }
            do throws(CRMError) {
                _ = try await adapter.addNote("x", to: CRMRef(kind: "lead", id: "999"), key: IdempotencyKey("k:note2"))
                Issue.record("a missing lead must fail")
            } catch {
                guard case .refused(.notFound, _) = error else { Issue.record("got \(error)"); return }
            }
            await #expect(throws: CRMError.self) { _ = try await adapter.addNote("x", to: CRMRef(kind: "record", id: "1"), key: IdempotencyKey("k")) }
        }
        // A detail mapped to a field the account does not have: 400 validation-errors.
        try await SimulatorServer.withServer(simulator.router()) { port in
            var settings = H.settings(port: port)
            settings.detailFields["car"] = 999_999
            let adapter = AmoAdapter(settings: settings, credentials: .longLived(token: "sim-token"))
            do throws(CRMError) {
                _ = try await adapter.upsertLead(H.lead(), customer: nil, key: IdempotencyKey("k:bad"))
                Issue.record("an unknown field must fail")
            } catch {
                guard case .refused(.invalidInput, let reason) = error else { Issue.record("got \(error)"); return }
                #expect(reason.contains("custom_fields_values"))
                #expect(reason.contains("NotSupportedChoice"))
            }
        }
    }

    @Test func aStatusWebhookIsALeadStageChange() async throws {
        let simulator = H.simulator()
        try await H.run(simulator) { adapter, _ in
            let lead = try await adapter.upsertLead(H.lead(), customer: nil, key: IdempotencyKey("k:lead"))
            let won = try #require(simulator.moveLead(Int(lead.id) ?? -1, toStatus: 142))
            let request = CRMWebhookRequest(contentType: "application/x-www-form-urlencoded", body: Array(won.utf8))
            #expect(try await adapter.parseWebhook(request) == [.leadStageChanged(lead, stage: "142", won: true)])
            let lost = try #require(simulator.moveLead(Int(lead.id) ?? -1, toStatus: 143))
            #expect(try await adapter.parseWebhook(CRMWebhookRequest(contentType: "application/x-www-form-urlencoded", body: Array(lost.utf8)))
                == [.leadStageChanged(lead, stage: "143", won: false)])
            let moved = try #require(simulator.moveLead(Int(lead.id) ?? -1, toStatus: 7_000_012))
            #expect(try await adapter.parseWebhook(CRMWebhookRequest(contentType: "application/x-www-form-urlencoded", body: Array(moved.utf8)))
                == [.leadStageChanged(lead, stage: "7000012", won: nil)])

            let two = "leads%5Bstatus%5D%5B1%5D%5Bid%5D=7&leads%5Bstatus%5D%5B1%5D%5Bstatus_id%5D=143&leads[status][0][id]=5"
                + "&leads[status][0][status_id]=142&leads[status][0][pipeline_id]=7000001&account[subdomain]=SIM&account[id]=31000001"
            #expect(try await adapter.parseWebhook(CRMWebhookRequest(contentType: "application/x-www-form-urlencoded", body: Array(two.utf8)))
                == [.leadStageChanged(CRMRef(kind: "lead", id: "5"), stage: "142", won: true),
                    .leadStageChanged(CRMRef(kind: "lead", id: "7"), stage: "143", won: false)])
            let nothing = "contacts[add][0][id]=3&account[subdomain]=sim"
            #expect(try await adapter.parseWebhook(CRMWebhookRequest(contentType: "application/x-www-form-urlencoded", body: Array(nothing.utf8))) == [])
            for forged in ["leads[status][0][id]=5&leads[status][0][status_id]=142&account[subdomain]=other",
                           "leads[status][0][id]=5&leads[status][0][status_id]=142&account[subdomain]=sim&account[id]=1",
                           "leads[status][0][id]=5&leads[status][0][status_id]=142"] {
                do throws(CRMError) {
                    _ = try await adapter.parseWebhook(CRMWebhookRequest(contentType: "application/x-www-form-urlencoded", body: Array(forged.utf8)))
                    Issue.record("a forged webhook must be refused: \(forged)")
                } catch {
                    guard case .refused(.accessDenied, _) = error else { Issue.record("got \(error)"); return }
                }
            }
            await #expect(throws: CRMError.self) {
                _ = try await adapter.parseWebhook(CRMWebhookRequest(contentType: "application/json", body: Array("{}".utf8)))
            }
        }
    }

    @Test func theSimulatorPostsTheStatusWebhook() async throws {
        let simulator = H.simulator()
        let received = ReceivedForms()
        let receiver = Router<BasicRequestContext>()
        receiver.post("/hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 16)
            received.add(String(buffer: bytes), contentType: request.headers[.contentType] ?? "")
            return Response(status: .ok)
        }
        try await SimulatorServer.withServer(receiver) { hookPort in
            try await H.run(simulator) { adapter, port in
                let lead = try await adapter.upsertLead(H.lead(), customer: nil, key: IdempotencyKey("k:lead"))
                let answer = try await H.call(port, "/_simulator/webhooks/status", method: .POST, token: nil,
                                              body: #"{"destination":"http://127.0.0.1:\#(hookPort)/hook","lead_id":\#(lead.id),"status_id":142}"#)
                #expect(answer.status == 200)
                let form = try #require(received.forms.first)
                #expect(form.contentType == "application/x-www-form-urlencoded")
                let events = try await adapter.parseWebhook(CRMWebhookRequest(contentType: form.contentType, body: Array(form.body.utf8)))
                #expect(events == [.leadStageChanged(lead, stage: "142", won: true)])
                #expect(simulator.leads[Int(lead.id) ?? -1]?["status_id"] == 142)
            }
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

/// Forms a test receiver got.
final class ReceivedForms: Sendable {
    private let state = Mutex([(body: String, contentType: String)]())
    var forms: [(body: String, contentType: String)] { state.withLock { $0 } }
    func add(_ body: String, contentType: String) { state.withLock { $0.append((body, contentType)) } }
}
