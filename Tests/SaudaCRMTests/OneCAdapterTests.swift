import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
@testable import SaudaCRMOneC
import SaudaCRM
import SaudaCore
import SaudaSimulators
import SaudaTestSupport
import Testing

/// The 1C OData adapter against the simulated publication over real sockets.
@Suite struct OneCAdapterTests {
    typealias H = OneCHarness

    @Test func aCustomerIsCreatedOnceAndTheSameKeyOrPhoneUpdatesIt() async throws {
        let simulator = OneCSimulator()
        try await H.run(simulator) { adapter, _ in
            let info = try await adapter.checkConnection()
            #expect(info.name == "1C 127.0.0.1/sim")
            #expect(info.capabilities == [.findCustomer, .upsertCustomer, .upsertLead, .addNote])
            let key = IdempotencyKey(tenantID: "t42", conversation: "conv-8812", operation: "customer")
            let first = try await adapter.upsertCustomer(CustomerDraft(name: "Айгерим", phone: "8 701 123 45 67", email: "a@example.kz"), key: key)
            #expect(first.kind == H.customers)
            var rows = simulator.records(H.customers)
            #expect(rows.count == 1)
            #expect(rows.first?["Ref_Key"] == .string(first.id))
            #expect(rows.first?["Description"] == "Айгерим")
            #expect(rows.first?["Телефон"] == "+77011234567")
            #expect(rows.first?["ЭлектроннаяПочта"] == "a@example.kz")
            #expect(rows.first?["Комментарий"]?.stringValue?.hasSuffix("[sauda:t42:conv-8812:customer:1]") == true)

            let second = try await adapter.upsertCustomer(CustomerDraft(name: "Айгерим Сапарова", phone: "+77011234567"), key: key)
            #expect(second == first)
            rows = simulator.records(H.customers)
            #expect(rows.count == 1)
            #expect(rows.first?["Description"] == "Айгерим Сапарова")

            // Another conversation's key, the same phone: the same counterparty, now carrying both markers.
            let other = try await adapter.upsertCustomer(CustomerDraft(phone: "+7 (701) 123-45-67"), key: IdempotencyKey("t42:conv-9:customer:1"))
            #expect(other == first)
            rows = simulator.records(H.customers)
            #expect(rows.count == 1)
            #expect(rows.first?["Комментарий"]?.stringValue?.contains("[sauda:t42:conv-9:customer:1]") == true)
            #expect(try await adapter.reconcile(IdempotencyKey("t42:conv-9:customer:1")) == first)

            // A counterparty typed in 1C, found by its phone, keeps its name.
            let company = simulator.seed(H.customers, ["Description": "ТОО Коврики", "Телефон": "+77017654321", "Комментарий": ""])
            let found = try await adapter.upsertCustomer(CustomerDraft(name: "Данияр", phone: "87017654321"), key: IdempotencyKey("t42:conv-10:customer:1"))
            #expect(found.id == company)
            let row = simulator.records(H.customers).first { $0["Ref_Key"] == .string(company) }
            #expect(row?["Description"] == "ТОО Коврики")
            #expect(row?["Комментарий"] == "[sauda:t42:conv-10:customer:1]")
        }
    }

    @Test func findCustomerSearchesThePhoneExactlyInItsUsualSpellingsAndReVerifies() async throws {
        let simulator = OneCSimulator()
        let typed = simulator.seed(H.customers, ["Description": "ТОО Коврики", "Телефон": "8 (701) 123-45-67"])
        simulator.seed(H.customers, ["Description": "Удалённый", "Телефон": "+77011234567", "DeletionMark": true])
        simulator.seed(H.customers, ["Description": "Другой", "Телефон": "+77019999999"])
        try await H.run(simulator) { adapter, _ in
            let found = try #require(try await adapter.findCustomer(phone: "+7 701 123 45 67"))
            #expect(found == CRMCustomer(ref: CRMRef(kind: H.customers, id: typed), name: "ТОО Коврики", phones: ["+77011234567"]))
            #expect(try await adapter.findCustomer(phone: "+77015555555") == nil)
            await #expect(throws: CRMError.self) { _ = try await adapter.findCustomer(phone: "12") }
        }
        // Without a phone property there is no lookup.
        try await H.run(simulator, mapping: [:]) { adapter, _ in
            #expect(!adapter.capabilities.contains(.findCustomer))
            await #expect(throws: CRMError.unsupported(.findCustomer)) { _ = try await adapter.findCustomer(phone: "+77011234567") }
        }
        // A record the search returned whose phone is another number is not taken for the customer.
        let adapter = OneCAdapter(settings: OneCSettings(odataURL: "http://127.0.0.1:1/sim"), user: "u", password: "p",
                                  mapping: OneCFieldMapping(H.mapping))
        #expect(adapter.customer(from: ["Ref_Key": "x", "Телефон": "+7 701 000 00 00"], digits: "77011234567") == nil)
    }

    @Test func aLeadIsADocumentLinkedToItsCustomerAndNotesSurviveItsUpdate() async throws {
        let simulator = OneCSimulator()
        try await H.run(simulator) { adapter, _ in
            let customer = try await adapter.upsertCustomer(CustomerDraft(name: "Айгерим", phone: "+77011234567"), key: IdempotencyKey("t42:c:customer:1"))
            let key = IdempotencyKey("t42:c:lead:1")
            let lead = try await adapter.upsertLead(H.lead(), customer: customer, key: key)
            #expect(lead.kind == H.orders)
            var order = try #require(simulator.records(H.orders).first)
            #expect(order["Контрагент_Key"] == .string(customer.id))
            // 1_790_000_000 is 2026-09-21T14:13:20Z: Almaty's naive local time, UTC+5.
            #expect(order["Date"] == "2026-09-21T19:13:20")
            #expect(order["Number"]?.stringValue?.isEmpty == false)
            let comment = order["Комментарий"]?.stringValue ?? ""
            #expect(comment.contains("title: EVA коврики, Toyota Camry 2020"))
            #expect(comment.contains("car: Camry"))
            #expect(comment.contains("Коврики в салон"))
            #expect(comment.hasSuffix("[sauda:t42:c:lead:1]"))

            _ = try await adapter.addNote("Перезвонить в пятницу", to: lead, key: IdempotencyKey("t42:c:note:1"))
            _ = try await adapter.addNote("Перезвонить в пятницу", to: lead, key: IdempotencyKey("t42:c:note:1"))
            let again = try await adapter.upsertLead(H.lead(stage: "qualified", summary: "Заказал"), customer: customer, key: key)
            #expect(again == lead)
            #expect(simulator.records(H.orders).count == 1)
            order = try #require(simulator.records(H.orders).first)
            let updated = order["Комментарий"]?.stringValue ?? ""
            #expect(updated.contains("stage: qualified"))
            #expect(updated.contains("Заказал"))
            #expect(!updated.contains("Коврики в салон"))
            #expect(updated.hasSuffix("[sauda:t42:c:lead:1]\n[t42:c:note:1] Перезвонить в пятницу"))
            #expect(updated.components(separatedBy: "[t42:c:note:1]").count == 2)

            // A note on a customer goes to its comment; on a record that does not exist it is not found.
            _ = try await adapter.addNote("VIP", to: customer, key: IdempotencyKey("t42:c:note:2"))
            #expect(simulator.records(H.customers).first?["Комментарий"]?.stringValue?.hasSuffix("[t42:c:note:2] VIP") == true)
            do throws(CRMError) {
                _ = try await adapter.addNote("x", to: CRMRef(kind: H.orders, id: UUID().uuidString.lowercased()), key: IdempotencyKey("n"))
                Issue.record("a note on a missing record was added")
            } catch {
                guard case .refused(.notFound, _) = error else { Issue.record("\(error)"); return }
            }
        }
    }

    @Test func aWriteWhoseConnectionDroppedIsOutcomeUnknownAndReconcileFindsIt() async throws {
        let simulator = OneCSimulator()
        try await H.run(simulator) { adapter, _ in
            let key = IdempotencyKey("t42:conv-8812:lead:1")
            #expect(try await adapter.reconcile(key) == nil)
            simulator.dropConnectionAfterNextWrite()
            do throws(CRMError) {
                _ = try await adapter.upsertLead(H.lead(), customer: nil, key: key)
                Issue.record("the dropped write succeeded")
            } catch {
                guard case .retryable(_, let outcomeUnknown) = error else { Issue.record("\(error)"); return }
                #expect(outcomeUnknown)
            }
            let found = try #require(try await adapter.reconcile(key))
            #expect(found.kind == H.orders)
            #expect(simulator.records(H.orders).compactMap { $0["Ref_Key"]?.stringValue } == [found.id])
            let again = try await adapter.upsertLead(H.lead(stage: "qualified"), customer: nil, key: key)
            #expect(again == found)
            #expect(simulator.records(H.orders).count == 1)
        }
    }

    @Test func aBadPasswordOrAnUnpublishedObjectIsNotConfigured() async throws {
        let simulator = OneCSimulator()
        try await H.run(simulator, credentials: #"{"user": "sim-user", "password": "wrong-secret"}"#) { adapter, _ in
            for write in [false, true] {
                do throws(CRMError) {
                    if write {
                        _ = try await adapter.upsertCustomer(CustomerDraft(phone: "+77011234567"), key: IdempotencyKey("k"))
                    } else {
                        _ = try await adapter.checkConnection()
                    }
                    Issue.record("a wrong password was accepted")
                } catch {
                    guard case .notConfigured(let reason) = error else { Issue.record("\(error)"); continue }
                    #expect(reason.contains("401"))
                    #expect(reason.contains("CRM_API_KEY"))
                    #expect(!reason.contains("wrong-secret"))
                }
            }
        }
        try await H.run(simulator, settings: ["lead_object": "Document_Лид"]) { adapter, _ in
            do throws(CRMError) {
                _ = try await adapter.checkConnection()
                Issue.record("an unpublished object passed the check")
            } catch {
                guard case .notConfigured(let reason) = error else { Issue.record("\(error)"); return }
                #expect(reason.contains("Document_Лид"))
                #expect(reason.contains("lead_object"))
            }
            do throws(CRMError) {
                _ = try await adapter.upsertLead(H.lead(), customer: nil, key: IdempotencyKey("k"))
                Issue.record("a lead was written to an unpublished object")
            } catch {
                guard case .notConfigured(let reason) = error else { Issue.record("\(error)"); return }
                #expect(reason.contains("404"))
                #expect(reason.contains("not published"))
            }
        }
        #expect(simulator.records(H.customers).isEmpty)
    }

    @Test func fiveHundredsAreRetryableAndUnknownOnlyForWritesAndAnUnknownPropertyIsInvalidInput() async throws {
        let simulator = OneCSimulator()
        try await H.run(simulator) { adapter, _ in
            simulator.failNext(1, status: 500)
            do throws(CRMError) {
                _ = try await adapter.findCustomer(phone: "+77011234567")
                Issue.record("a 500 was taken for an answer")
            } catch {
                guard case .retryable(let reason, false) = error else { Issue.record("\(error)"); return }
                #expect(reason.contains("code -1"))
            }
        }
        try await H.run(simulator, mapping: ["phone": "Телефон", "email": "Почта"]) { adapter, _ in
            do throws(CRMError) {
                _ = try await adapter.upsertCustomer(CustomerDraft(phone: "+77011234567", email: "a@example.kz"), key: IdempotencyKey("k"))
                Issue.record("an unknown property was accepted")
            } catch {
                guard case .refused(.invalidInput, let reason) = error else { Issue.record("\(error)"); return }
                #expect(reason.contains("Почта"))
            }
        }
        #expect(simulator.records(H.customers).isEmpty)
    }

    @Test func aFiveHundredOnAWriteIsOutcomeUnknown() async throws {
        let simulator = OneCSimulator()
        try await H.run(simulator) { adapter, _ in
            let customer = try await adapter.upsertCustomer(CustomerDraft(phone: "+77011234567"), key: IdempotencyKey("c"))
            simulator.failNext(1, status: 502)
            // addNote reads first (the read fails): not unknown; then the PATCH fails: unknown.
            await #expect(throws: CRMError.self) { _ = try await adapter.addNote("x", to: customer, key: IdempotencyKey("n")) }
            let call = OneCCall(method: .PATCH, object: H.customers, key: customer.id, body: ["Комментарий": "x"])
            simulator.failNext(1, status: 503)
            do throws(CRMError) {
                _ = try await adapter.send(call)
                Issue.record("a 503 was taken for an answer")
            } catch {
                guard case .retryable(_, true) = error else { Issue.record("\(error)"); return }
            }
        }
    }

    @Test func aRefusedConnectionIsRetryableWithNothingWritten() async throws {
        let port = try freeLoopbackPort()
        let adapter = try OneCAdapter(config: H.config(port: port), timeout: .seconds(2))
        do throws(CRMError) {
            _ = try await adapter.create(H.orders, ["Комментарий": "x"])
            Issue.record("a write to a closed port succeeded")
        } catch {
            guard case .retryable(let reason, let outcomeUnknown) = error else { Issue.record("\(error)"); return }
            #expect(!outcomeUnknown, "\(reason)")
        }
    }
}
