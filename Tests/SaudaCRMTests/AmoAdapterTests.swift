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
}
