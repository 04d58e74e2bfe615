import AsyncHTTPClient
import Foundation
import Logging
import SaudaCRM
import SaudaCRMBitrix24
import SaudaCore
import SaudaSimulators
import SaudaTestSupport
import Testing

/// The Bitrix24 adapter against the simulated portal over real loopback sockets; the simulator's leaky bucket and its
/// slow answers run on a manual clock.
@Suite struct Bitrix24AdapterTests {
    static let phone = "+77011234567"

    /// Runs `body` with a simulator on a free port and an adapter whose webhook has `code`.
    func withPortal(code: String = "sim-code", clock: ManualClock = ManualClock(), timeout: Duration = .seconds(10),
                    _ body: @escaping @Sendable (Bitrix24Simulator, Bitrix24Adapter) async throws -> Void) async throws {
        let simulator = Bitrix24Simulator(clock: clock)
        try await SimulatorServer.withServer(simulator.router()) { port in
            let settings = Bitrix24Settings(webhookURL: "http://127.0.0.1:\(port)/rest/1/\(code)")
            let adapter = Bitrix24Adapter(settings: settings, httpClient: .shared, timeout: timeout)
            try await body(simulator, adapter)
        }
    }

    func lead(_ title: String = "EVA коврики, Toyota Camry 2020") -> LeadDraft {
        LeadDraft(title: title, customerName: "Айгерим", phone: Self.phone, channel: "whatsapp", stage: "qualified",
                  details: ["car": "Toyota Camry 2020", "city": "Алматы"], summary: "Хочет коврики с доставкой", createdAt: Date())
    }

    @Test func aLeadWithItsContactAndATimelineComment() async throws {
        try await withPortal { simulator, adapter in
            let info = try await adapter.checkConnection()
            #expect(info.name == "127.0.0.1")
            #expect(info.capabilities.contains(.upsertLead))
            let contact = try await adapter.upsertCustomer(CustomerDraft(name: "Айгерим", phone: "8 701 123 45 67"), key: IdempotencyKey("t:c:customer:1"))
            #expect(contact.kind == "contact")
            let lead = try await adapter.upsertLead(lead(), customer: contact, key: IdempotencyKey("t:c:lead:1"))
            #expect(lead.kind == "lead")
            let note = try await adapter.addNote("Просит перезвонить после 18:00", to: lead, key: IdempotencyKey("t:c:note:1"))
            #expect(note.kind == "comment")

            let stored = try #require(simulator.leads[Int(lead.id) ?? -1])
            #expect(stored["CONTACT_ID"] == .string(contact.id))
            #expect(stored["ORIGINATOR_ID"] == "sauda")
            #expect(stored["ORIGIN_ID"] == "t:c:lead:1")
            #expect(stored["PHONE"]?.arrayValue?.first?["VALUE"] == .string(Self.phone))
            #expect(stored["COMMENTS"]?.stringValue?.contains("car: Toyota Camry 2020") == true)
            let comment = try #require(simulator.comments.values.first)
            #expect(comment["ENTITY_TYPE"] == "lead")
            #expect(comment["ENTITY_ID"] == .string(lead.id))

            // The same customer again (another spelling of the phone) is the same contact, its phone not appended.
            let again = try await adapter.upsertCustomer(CustomerDraft(name: "Айгерим К.", phone: Self.phone), key: IdempotencyKey("t:c2:customer:1"))
            #expect(again == contact)
            #expect(simulator.contacts.count == 1)
            #expect(simulator.contacts[Int(contact.id) ?? -1]?["PHONE"]?.arrayValue?.count == 1)
        }
    }

    @Test func theSameKeyTwiceIsOneLead() async throws {
        try await withPortal { simulator, adapter in
            let key = IdempotencyKey("t:c:lead:1")
            let first = try await adapter.upsertLead(lead(), customer: nil, key: key)
            let second = try await adapter.upsertLead(lead("EVA коврики, Camry, с бортиками"), customer: nil, key: key)
            #expect(first == second)
            #expect(simulator.leads.count == 1)
            let stored = try #require(simulator.leads.values.first)
            #expect(stored["TITLE"] == "EVA коврики, Camry, с бортиками")
            #expect(stored["PHONE"]?.arrayValue?.count == 1, "an update must not append the phone again")
            #expect(try await adapter.reconcile(key) == first)
            #expect(try await adapter.reconcile(IdempotencyKey("t:c:lead:2")) == nil)
        }
    }

    @Test func aWriteWhoseAnswerWasLostIsFoundByReconcileAndNotMadeTwice() async throws {
        try await withPortal { simulator, adapter in
            let key = IdempotencyKey("t:c:lead:1")
            simulator.dropNextWrite()
            await #expect(throws: CRMError.self) { try await adapter.upsertLead(lead(), customer: nil, key: key) }
            do throws(CRMError) {
                simulator.dropNextWrite()
                _ = try await adapter.upsertLead(lead(), customer: nil, key: IdempotencyKey("t:c:lead:other"))
                Issue.record("a dropped answer must fail")
            } catch {
                guard case .retryable(_, let unknown) = error else { Issue.record("got \(error)"); return }
                #expect(unknown)
            }
            #expect(simulator.leads.count == 2, "both writes were applied before the connection dropped")
            let found = try #require(try await adapter.reconcile(key))
            #expect(found.kind == "lead")
            let retried = try await adapter.upsertLead(lead(), customer: nil, key: key)
            #expect(retried == found)
            #expect(simulator.leads.count == 2)
        }
    }

    @Test func aServerErrorOnAWriteIsRetryableWithTheOutcomeUnknown() async throws {
        try await withPortal { simulator, adapter in
            simulator.failNext(1, status: 503, error: "", description: "Service Unavailable")
            await #expect(throws: CRMError.retryable(reason: "Bitrix24 503 Service Unavailable", outcomeUnknown: false)) {
                _ = try await adapter.reconcile(IdempotencyKey("k"))
            }
            let contact = try await adapter.upsertCustomer(CustomerDraft(phone: Self.phone), key: IdempotencyKey("k:customer"))
            simulator.failNext(1, status: 500, error: "INTERNAL_SERVER_ERROR", description: "Internal server error")
            await #expect(throws: CRMError.retryable(reason: "Bitrix24 500 INTERNAL_SERVER_ERROR: Internal server error", outcomeUnknown: true)) {
                _ = try await adapter.addNote("x", to: contact, key: IdempotencyKey("k:note"))
            }
            await #expect(throws: CRMError.refused(.notFound, reason: "Bitrix24 400 OWNER_NOT_FOUND: Owner not found")) {
                _ = try await adapter.addNote("x", to: CRMRef(kind: "lead", id: "999"), key: IdempotencyKey("k:note2"))
            }
        }
    }

    @Test func aQueryLimitStormIsRateLimitedWithADoublingWait() async throws {
        let clock = ManualClock()
        try await withPortal(clock: clock) { simulator, adapter in
            for _ in 0..<50 { _ = try await adapter.checkConnection() }
            var waits: [Duration] = []
            for _ in 0..<3 {
                do throws(CRMError) {
                    _ = try await adapter.findCustomer(phone: Self.phone)
                } catch {
                    guard case .rateLimited(let after, let reason) = error else { Issue.record("got \(error)"); return }
                    #expect(reason.contains("QUERY_LIMIT_EXCEEDED"))
                    waits.append(after)
                }
            }
            #expect(waits == [.seconds(1), .seconds(2), .seconds(4)])
            clock.advance(by: .seconds(1))
            #expect(try await adapter.findCustomer(phone: Self.phone) == nil, "the bucket drained 2 a second")
            // After a success the wait starts again at a second.
            _ = try await adapter.findCustomer(phone: Self.phone)
            await #expect(throws: CRMError.rateLimited(after: .seconds(1), reason: "Bitrix24 503 QUERY_LIMIT_EXCEEDED: Too many requests")) {
                _ = try await adapter.findCustomer(phone: Self.phone)
            }
            #expect(simulator.calls.count >= 55)
        }
    }

    @Test func anOperationTimeLimitWaitsForTheReset() async throws {
        try await withPortal { simulator, adapter in
            simulator.failNext(1, status: 429, error: "OPERATION_TIME_LIMIT", description: "Method is blocked due to operation time limit.")
            do throws(CRMError) {
                _ = try await adapter.reconcile(IdempotencyKey("k"))
                Issue.record("a 429 must fail")
            } catch {
                guard case .rateLimited(let after, _) = error else { Issue.record("got \(error)"); return }
                #expect(after == .seconds(60), "no operating_reset_at seen yet: a minute")
            }
        }
    }

    @Test func aWrongCodeOrARevokedWebhookIsNotConfigured() async throws {
        try await withPortal(code: "wrong") { _, adapter in
            await #expect(throws: CRMError.notConfigured(reason: "Bitrix24 401 NO_AUTH_FOUND: Wrong authorization data")) {
                _ = try await adapter.checkConnection()
            }
        }
        try await withPortal { simulator, adapter in
            _ = try await adapter.checkConnection()
            simulator.expire()
            await #expect(throws: CRMError.notConfigured(reason: "Bitrix24 401 expired_token: The access token provided has expired.")) {
                _ = try await adapter.checkConnection()
            }
        }
        try await withPortal { simulator, adapter in
            simulator.failNext(1, status: 403, error: "insufficient_scope", description: "The request requires higher privileges than provided by the webhook token")
            await #expect(throws: CRMError.self) { _ = try await adapter.findCustomer(phone: Self.phone) }
            simulator.failNext(1, status: 503, error: "OVERLOAD_LIMIT", description: "REST API is blocked due to overload.")
            do throws(CRMError) {
                _ = try await adapter.findCustomer(phone: Self.phone)
            } catch {
                guard case .notConfigured = error else { Issue.record("got \(error)"); return }
            }
        }
    }

    @Test func findCustomerReVerifiesThePhones() async throws {
        try await withPortal { simulator, adapter in
            #expect(try await adapter.findCustomer(phone: Self.phone) == nil, "findbycomm answers [] when none")
            let contact = try await adapter.upsertCustomer(CustomerDraft(name: "Айгерим", phone: Self.phone, email: "a@example.kz"),
                                                           key: IdempotencyKey("k:customer"))
            let found = try #require(try await adapter.findCustomer(phone: "87011234567"))
            #expect(found.ref == contact)
            #expect(found.name == "Айгерим")
            #expect(found.phones == [Self.phone])
            #expect(found.email == "a@example.kz")
            // A stale duplicate index names a contact that does not have the phone: it is not that customer, and the next
            // one the index names, which has it, is.
            let other = try await adapter.upsertCustomer(CustomerDraft(name: "Другой", phone: "+77770000000"), key: IdempotencyKey("k:other"))
            simulator.indexStaleDuplicate(phone: "+77779999999", contactID: Int(contact.id) ?? -1)
            #expect(try await adapter.findCustomer(phone: "+77779999999") == nil)
            simulator.indexStaleDuplicate(phone: "+77770000000", contactID: Int(contact.id) ?? -1)
            let right = try #require(try await adapter.findCustomer(phone: "+77770000000"))
            #expect(right.ref == other, "the first id the index names (\(contact.id)) lacks the phone")
        }
    }

    @Test func aSlowAnswerTimesOutAsAWriteWhoseOutcomeIsUnknown() async throws {
        let clock = ManualClock()
        try await withPortal(clock: clock, timeout: .milliseconds(300)) { simulator, adapter in
            simulator.answerDelay = .seconds(30)
            do throws(CRMError) {
                _ = try await adapter.upsertLead(lead(), customer: nil, key: IdempotencyKey("k"))
                Issue.record("a slow answer must time out")
            } catch {
                guard case .retryable(_, let unknown) = error else { Issue.record("got \(error)"); return }
                #expect(!unknown, "the first call is the reconcile's read")
            }
            simulator.answerDelay = .zero
            clock.advance(by: .seconds(30))
        }
    }

    @Test func theWebhookCodeIsNeverShownWhole() {
        let settings = Bitrix24Settings(webhookURL: "https://b24-x.bitrix24.kz/rest/1/s3cr3tc0de")
        #expect(settings.maskedURL == "https://b24-x.bitrix24.kz/rest/1/…/")
        #expect(!settings.maskedURL.contains("s3cr3tc0de"))
    }
}
