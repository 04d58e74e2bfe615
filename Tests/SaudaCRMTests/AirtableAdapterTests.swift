import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
@testable import SaudaCRMAirtable
import SaudaCRM
import SaudaCore
import SaudaSimulators
import SaudaTestSupport
import Testing

/// The Airtable adapter against the simulator over real sockets.
@Suite struct AirtableAdapterTests {
    typealias H = AirtableHarness

    @Test func anUpsertRepeatedWithTheSameKeyUpdatesTheOneRow() async throws {
        let simulator = AirtableSimulator(tables: [H.base: [H.table: .init()]])
        try await H.run(simulator) { adapter, _ in
            let key = IdempotencyKey(tenantID: "t42", conversation: "conv-8812", operation: "lead")
            let first = try await adapter.upsertLead(H.lead(stage: "new", details: ["car": "Camry"]), customer: nil, key: key)
            let second = try await adapter.upsertLead(H.lead(stage: "qualified"), customer: nil, key: key)
            #expect(first == second)
            let rows = simulator.records(base: H.base, table: H.table)
            #expect(rows.count == 1)
            #expect(rows.first?.fields["Status"] == "qualified")
            #expect(rows.first?.fields["Sauda ID"] == .string(key.value))
            #expect(rows.first?.fields["Phone"] == "+77011234567")
            // The unmapped detail of the first write went after its summary; the second write's summary replaced it.
            #expect(rows.first?.fields["Summary"] == "Коврики в салон")
            let other = try await adapter.upsertLead(H.lead(), customer: nil, key: IdempotencyKey("t42:conv-9:lead:1"))
            #expect(other != first)
            #expect(simulator.records(base: H.base, table: H.table).count == 2)
        }
    }

    @Test func mappedDetailsGoToTheirColumnsAndTheRestAfterTheSummary() async throws {
        let simulator = AirtableSimulator(tables: [H.base: [H.table: .init()]])
        try await H.run(simulator, mapping: AirtableFieldMapping(["car": "Автомобиль", "stage": "Этап"])) { adapter, _ in
            _ = try await adapter.upsertLead(H.lead(details: ["car": "Camry", "city": "Алматы"]), customer: nil, key: IdempotencyKey("k1"))
            let fields = simulator.records(base: H.base, table: H.table).first?.fields ?? [:]
            #expect(fields["Автомобиль"] == "Camry")
            #expect(fields["Этап"] == "new")
            #expect(fields["Status"] == nil)
            #expect(fields["Summary"] == "Коврики в салон\ncity: Алматы")
        }
    }

    @Test func aWriteWhoseConnectionDroppedIsOutcomeUnknownAndReconcileFindsItsRow() async throws {
        let simulator = AirtableSimulator(tables: [H.base: [H.table: .init()]])
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
            let rows = simulator.records(base: H.base, table: H.table)
            #expect(rows.map(\.id) == [found.id])
            // Writing again with the same key updates the row the lost write made.
            let again = try await adapter.upsertLead(H.lead(stage: "qualified"), customer: nil, key: key)
            #expect(again == found)
            #expect(simulator.records(base: H.base, table: H.table).count == 1)
        }
    }

    @Test func aStormOfCallsIsRateLimitedForThirtySeconds() async throws {
        let clock = ManualClock()
        let simulator = AirtableSimulator(tables: [H.base: [H.table: .init()]], clock: clock)
        try await H.run(simulator) { adapter, _ in
            for _ in 0..<5 { _ = try await adapter.checkConnection() }
            await #expect(throws: CRMError.self) { _ = try await adapter.checkConnection() }
            do throws(CRMError) {
                _ = try await adapter.upsertLead(H.lead(), customer: nil, key: IdempotencyKey("k"))
                Issue.record("a write went through the lockout")
            } catch {
                guard case .rateLimited(let after, _) = error else { Issue.record("\(error)"); return }
                #expect(after == .seconds(30))
            }
            clock.advance(by: .seconds(29))
            await #expect(throws: CRMError.self) { _ = try await adapter.checkConnection() }
            clock.advance(by: .seconds(2))
            _ = try await adapter.checkConnection()
            #expect(simulator.records(base: H.base, table: H.table).isEmpty)
            #expect(simulator.rateLimitedCount == 3)
        }
    }

    @Test func aBadTokenOrAMissingBaseOrTableIsNotConfigured() async throws {
        let simulator = AirtableSimulator(tables: [H.base: [H.table: .init()]])
        try await SimulatorServer.withServer(simulator.router()) { port in
            func adapter(token: String = "sim-token", base: String = H.base, table: String = H.table) -> AirtableAdapter {
                AirtableAdapter(settings: AirtableSettings(baseURL: "http://127.0.0.1:\(port)/v0", baseID: base, table: table), token: token)
            }
            for (candidate, wanted) in [(adapter(token: "wrong"), "401 AUTHENTICATION_REQUIRED"),
                                        (adapter(base: "appElsewhere0001"), "403 INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND"),
                                        (adapter(table: "Deleted"), "404 TABLE_NOT_FOUND")] {
                do throws(CRMError) {
                    _ = try await candidate.checkConnection()
                    Issue.record("\(wanted) was accepted")
                } catch {
                    guard case .notConfigured(let reason) = error else { Issue.record("\(error)"); continue }
                    #expect(reason.contains(wanted))
                    #expect(!reason.contains("wrong"))
                }
            }
            let info = try await adapter().checkConnection()
            #expect(info.capabilities == [.findCustomer, .upsertCustomer, .upsertLead, .addNote])
        }
    }

    @Test func anUnknownColumnOrSelectOptionIsInvalidInput() async throws {
        let schema = AirtableSimulator.TableSchema(
            columns: ["Sauda ID", "Name", "Phone", "Email", "Channel", "Status", "Title", "Summary", "Notes"],
            selectOptions: ["Status": ["new"]])
        let simulator = AirtableSimulator(tables: [H.base: [H.table: schema]])
        try await H.run(simulator, mapping: AirtableFieldMapping(["car": "Car"])) { adapter, _ in
            await #expect(throws: CRMError.refused(.invalidInput, reason: "Airtable 422 UNKNOWN_FIELD_NAME: Unknown field name: \"Car\"")) {
                _ = try await adapter.upsertLead(H.lead(details: ["car": "Camry"]), customer: nil, key: IdempotencyKey("k1"))
            }
            // With typecast the new option is added; without, it is refused.
            _ = try await adapter.upsertLead(H.lead(stage: "qualified"), customer: nil, key: IdempotencyKey("k2"))
        }
        try await H.run(simulator, typecast: false) { adapter, _ in
            do throws(CRMError) {
                _ = try await adapter.upsertLead(H.lead(stage: "ordered"), customer: nil, key: IdempotencyKey("k3"))
                Issue.record("an unknown option was accepted without typecast")
            } catch {
                guard case .refused(.invalidInput, let reason) = error else { Issue.record("\(error)"); return }
                #expect(reason.contains("INVALID_MULTIPLE_CHOICE_OPTIONS"))
            }
        }
        #expect(simulator.records(base: H.base, table: H.table).count == 1)
    }

    @Test func fiveHundredsAreRetryableAndUnknownOnlyForWrites() async throws {
        let simulator = AirtableSimulator(tables: [H.base: [H.table: .init()]])
        try await H.run(simulator) { adapter, _ in
            simulator.failNext(2, status: 503)
            await #expect(throws: CRMError.retryable(reason: "Airtable 503 SERVICE_UNAVAILABLE: Server error", outcomeUnknown: false)) {
                _ = try await adapter.findCustomer(phone: "+77011234567")
            }
            await #expect(throws: CRMError.retryable(reason: "Airtable 503 SERVICE_UNAVAILABLE: Server error", outcomeUnknown: true)) {
                _ = try await adapter.upsertCustomer(CustomerDraft(phone: "+77011234567"), key: IdempotencyKey("k"))
            }
            #expect(simulator.records(base: H.base, table: H.table).isEmpty)
        }
    }

    @Test func aRefusedConnectionIsRetryableWithNothingWritten() async throws {
        let port = try freeLoopbackPort()
        let adapter = AirtableAdapter(settings: AirtableSettings(baseURL: "http://127.0.0.1:\(port)/v0", baseID: H.base, table: H.table),
                                      token: "sim-token", timeout: .seconds(2))
        do throws(CRMError) {
            _ = try await adapter.upsertLead(H.lead(), customer: nil, key: IdempotencyKey("k"))
            Issue.record("a write to a closed port succeeded")
        } catch {
            guard case .retryable(let reason, let outcomeUnknown) = error else { Issue.record("\(error)"); return }
            #expect(!outcomeUnknown, "\(reason)")
        }
    }

    @Test func findCustomerReVerifiesThePhone() async throws {
        let simulator = AirtableSimulator(tables: [H.base: [H.table: .init()]])
        try await H.run(simulator) { adapter, _ in
            let ref = try await adapter.upsertCustomer(CustomerDraft(name: "Айгерим", phone: "8 (701) 123-45-67", email: "a@example.kz"),
                                                       key: IdempotencyKey("t42:c:customer:1"))
            let found = try #require(try await adapter.findCustomer(phone: "+7 701 123 45 67"))
            #expect(found == CRMCustomer(ref: ref, name: "Айгерим", phones: ["+77011234567"], email: "a@example.kz"))
            #expect(try await adapter.findCustomer(phone: "+77019999999") == nil)
        }
        // A row the search returned whose phone is another number is not taken for the customer.
        let adapter = AirtableAdapter(settings: AirtableSettings(baseID: H.base, table: H.table), token: "t")
        let stranger: JSONValue = ["id": "recAAAAAAAAAAAAAA", "fields": ["Phone": "+7 701 000 00 00", "Name": "Другой"]]
        #expect(adapter.customer(from: stranger, digits: "77011234567") == nil)
        let same: JSONValue = ["id": "recAAAAAAAAAAAAAA", "fields": ["Phone": "+7 (701) 123-45-67"]]
        #expect(adapter.customer(from: same, digits: "77011234567")?.phones == ["+77011234567"])
    }

    @Test func notesAreAppendedOncePerKey() async throws {
        let simulator = AirtableSimulator(tables: [H.base: [H.table: .init()]], requestsPerSecond: 100)
        try await H.run(simulator) { adapter, _ in
            let ref = try await adapter.upsertLead(H.lead(), customer: nil, key: IdempotencyKey("lead"))
            _ = try await adapter.addNote("Перезвонить в пятницу", to: ref, key: IdempotencyKey("note:1"))
            _ = try await adapter.addNote("Перезвонить в пятницу", to: ref, key: IdempotencyKey("note:1"))
            _ = try await adapter.addNote("Заказал", to: ref, key: IdempotencyKey("note:2"))
            #expect(simulator.records(base: H.base, table: H.table).first?.fields["Notes"]
                == "[note:1] Перезвонить в пятницу\n\n[note:2] Заказал")
            await #expect(throws: CRMError.self) {
                _ = try await adapter.addNote("x", to: CRMRef(kind: "record", id: "recMissing0000000"), key: IdempotencyKey("n"))
            }
            do throws(CRMError) {
                _ = try await adapter.addNote("x", to: CRMRef(kind: "record", id: "recMissing0000000"), key: IdempotencyKey("n"))
            } catch {
                guard case .refused(.notFound, _) = error else { Issue.record("\(error)"); return }
            }
        }
    }

    @Test func aLongListIsReadPageByPage() async throws {
        let simulator = AirtableSimulator(tables: [H.base: [H.table: .init()]])
        for index in 0..<130 { simulator.seed(base: H.base, table: H.table, fields: ["Channel": "webchat", "Name": .string("n\(index)")]) }
        simulator.seed(base: H.base, table: H.table, fields: ["Channel": "whatsapp"])
        try await H.run(simulator) { adapter, _ in
            let rows = try await adapter.list(formula: "{Channel}='webchat'", limit: 1000)
            #expect(rows.count == 130)
            #expect(Set(rows.compactMap { $0["fields"]?["Name"]?.stringValue }).count == 130)
        }
    }
}
