import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SaudaCRM
@testable import SaudaCRMYclients
import SaudaCore
import SaudaSimulators
import SaudaTestSupport
import Synchronization
import Testing

/// The YCLIENTS adapter against the simulator over real sockets.
@Suite struct YclientsAdapterTests {
    typealias H = YclientsHarness

    @Test func aFullBookingFlowBooksTheOfferedSlotWithTheKeyAsApiID() async throws {
        let simulator = H.simulator()
        try await H.run(simulator) { adapter, _ in
            let services = try await adapter.listServices()
            #expect(services.map(\.id) == ["1896208", "1896209"])
            #expect(services.first?.price == "5000")
            let staff = try await adapter.listStaff(serviceID: H.haircut)
            #expect(staff.map(\.id).contains(H.hairdresser))
            #expect(staff.first { $0.id == H.hairdresser }?.role == "Парикмахер")
            let slots = try await adapter.findSlots(H.query())
            #expect(slots.count == 5)
            #expect(slots == slots.sorted { $0.start < $1.start })
            let slot = try #require(slots.first)
            #expect(slot.id.hasPrefix("yc1."))
            #expect(slot.staffID == H.hairdresser && slot.serviceID == H.haircut && slot.durationMinutes == 60)
            let key = IdempotencyKey(tenantID: "t42", conversation: "c1", operation: "book")
            let result = try await adapter.book(BookingRequest(slot: slot, customer: H.customer(), comment: "Записано ботом Sauda"), key: key)
            #expect(result.start == slot.start)
            let records = simulator.records
            #expect(records.count == 1)
            #expect(records.first.map { String($0.id) } == result.ref.id)
            #expect(records.first?.apiID == key.value)
            #expect(records.first?.staffID == 6544)
            #expect(records.first?.start == slot.start)
            #expect(records.first?.online == true)
            // The booked time is no longer offered.
            let again = try await adapter.findSlots(H.query())
            #expect(!again.contains { $0.start == slot.start })
            // book_record made the client: found by phone, re-verified.
            let found = try #require(try await adapter.findCustomer(phone: "+77011234567"))
            #expect(found.name == "Айгерим" && found.phones == ["+77011234567"])
            #expect(try await adapter.findCustomer(phone: "+77011234568") == nil)
            #expect(try await adapter.reconcile(key) == result.ref)
            // A note on the record, added once for one key.
            _ = try await adapter.addNote("Хочет каре", to: result.ref, key: IdempotencyKey("t42:c1:note:1"))
            _ = try await adapter.addNote("Хочет каре", to: result.ref, key: IdempotencyKey("t42:c1:note:1"))
            let comment = simulator.records.first?.comment ?? ""
            #expect(comment == "Записано ботом Sauda\n[t42:c1:note:1] Хочет каре")
            // Cancelling deletes it; cancelling again succeeds.
            try await adapter.cancelBooking(result.ref, key: IdempotencyKey("t42:c1:cancel:1"))
            #expect(simulator.records.first?.deleted == true)
            try await adapter.cancelBooking(result.ref, key: IdempotencyKey("t42:c1:cancel:1"))
            let freed = try await adapter.findSlots(H.query())
            #expect(freed.contains { $0.start == slot.start })
        }
    }

    @Test func aSlotTakenBetweenTheOfferAndTheBookingIsSlotUnavailable() async throws {
        let simulator = H.simulator()
        try await H.run(simulator) { adapter, _ in
            let slot = try #require(try await adapter.findSlots(H.query()).first)
            #expect(simulator.takeSlot(staffID: 6544, start: slot.start) != nil)
            do throws(CRMError) {
                _ = try await adapter.book(BookingRequest(slot: slot, customer: H.customer()), key: IdempotencyKey("k-taken"))
                Issue.record("a taken slot was booked")
            } catch {
                guard case .refused(.slotUnavailable, let reason) = error else { Issue.record("\(error)"); return }
                #expect(reason.contains("433"))
            }
            // "Any master": both who do the haircut are taken at that time, so 436.
            let any = try #require(try await adapter.findSlots(H.query(staff: nil)).first)
            #expect(any.staffID == nil)
            simulator.takeSlot(staffID: 6544, start: any.start)
            simulator.takeSlot(staffID: 6545, start: any.start)
            do throws(CRMError) {
                _ = try await adapter.book(BookingRequest(slot: any, customer: H.customer()), key: IdempotencyKey("k-any"))
                Issue.record("a taken slot was booked")
            } catch {
                guard case .refused(.slotUnavailable, let reason) = error else { Issue.record("\(error)"); return }
                #expect(reason.contains("436"))
            }
            #expect(simulator.records.allSatisfy { $0.apiID.isEmpty })
        }
    }

    @Test func aBookingWhoseAnswerWasDroppedIsOutcomeUnknownAndReconcileFindsIt() async throws {
        let simulator = H.simulator()
        try await H.run(simulator) { adapter, _ in
            let key = IdempotencyKey("t42:c9:book:1")
            #expect(try await adapter.reconcile(key) == nil)
            let slot = try #require(try await adapter.findSlots(H.query()).first)
            simulator.dropConnectionAfterNextWrite()
            do throws(CRMError) {
                _ = try await adapter.book(BookingRequest(slot: slot, customer: H.customer()), key: key)
                Issue.record("the dropped booking succeeded")
            } catch {
                guard case .retryable(_, let outcomeUnknown) = error else { Issue.record("\(error)"); return }
                #expect(outcomeUnknown)
            }
            let found = try #require(try await adapter.reconcile(key))
            #expect(found.kind == "record")
            #expect(simulator.records.map { String($0.id) } == [found.id])
            // A 5xx on book_check (a read) is retryable with nothing written.
            let next = try #require(try await adapter.findSlots(H.query()).first)
            simulator.failNext(1, status: 502)
            do throws(CRMError) {
                _ = try await adapter.book(BookingRequest(slot: next, customer: H.customer()), key: IdempotencyKey("t42:c9:book:2"))
                Issue.record("the failed check booked")
            } catch {
                guard case .retryable(_, let outcomeUnknown) = error else { Issue.record("\(error)"); return }
                #expect(!outcomeUnknown)
            }
            #expect(simulator.records.count == 1)
        }
    }

    @Test func callsOverThePerIPLimitAreRateLimited() async throws {
        let clock = ManualClock()
        let simulator = H.simulator(perSecond: 2, perMinute: 200, clock: clock)
        try await H.run(simulator) { adapter, _ in
            _ = try await adapter.listServices()
            _ = try await adapter.listServices()
            do throws(CRMError) {
                _ = try await adapter.listServices()
                Issue.record("the third call in a second went through")
            } catch {
                guard case .rateLimited(let after, _) = error else { Issue.record("\(error)"); return }
                #expect(after >= .seconds(1))
            }
            clock.advance(by: .seconds(1))
            _ = try await adapter.listServices()
            #expect(simulator.rateLimitedCount == 1)
        }
    }

    @Test func aWrongTokenOrAnExpiredLicenceIsNotConfigured() async throws {
        let simulator = H.simulator()
        for (partner, user) in [("wrong", "sim-user"), ("sim-partner", "wrong")] {
            try await H.run(simulator, partner: partner, user: user) { adapter, _ in
                do throws(CRMError) {
                    _ = try await adapter.checkConnection()
                    Issue.record("a wrong token was accepted")
                } catch {
                    guard case .notConfigured(let reason) = error else { Issue.record("\(error)"); return }
                    #expect(reason.contains("401"))
                    #expect(!reason.contains("wrong"))
                }
            }
        }
        try await H.run(simulator) { adapter, _ in
            let info = try await adapter.checkConnection()
            #expect(info.name == simulator.title)
            #expect(!info.capabilities.contains(.upsertLead))
            simulator.setLicenceExpired(true)
            do throws(CRMError) {
                _ = try await adapter.listServices()
                Issue.record("an expired licence was accepted")
            } catch {
                guard case .notConfigured(let reason) = error else { Issue.record("\(error)"); return }
                #expect(reason.contains("402"))
            }
        }
    }

    @Test func aCustomerIsFoundByPhoneOrMadeOnce() async throws {
        let simulator = H.simulator()
        try await H.run(simulator) { adapter, _ in
            #expect(try await adapter.findCustomer(phone: "+77011234567") == nil)
            let first = try await adapter.upsertCustomer(H.customer(), key: IdempotencyKey("t42:c1:customer:1"))
            let second = try await adapter.upsertCustomer(H.customer(), key: IdempotencyKey("t42:c1:customer:1"))
            #expect(first == second && first.kind == "client")
            #expect(simulator.clients.count == 1)
            #expect(simulator.clients.first?.phone == "+77011234567")
            _ = try await adapter.addNote("Интересуется маникюром", to: first, key: IdempotencyKey("t42:c1:note:1"))
            #expect(simulator.clients.first?.comment.hasSuffix("[t42:c1:note:1] Интересуется маникюром") == true)
            await #expect(throws: CRMError.unsupported(.upsertLead)) {
                _ = try await adapter.upsertLead(LeadDraft(title: "t", phone: "+77011234567", channel: "whatsapp", stage: "new",
                                                           createdAt: Date()), customer: first, key: IdempotencyKey("k"))
            }
        }
    }

    @Test func configurationErrorsNameTheSetting() throws {
        func reason(_ credentials: String, _ settings: [String: String], base: String = "") -> String? {
            do throws(CRMError) {
                _ = try YclientsAdapter(config: CRMConnectionConfig(tenantID: "t", baseURL: base, credentials: credentials, settings: settings))
                return nil
            } catch {
                guard case .notConfigured(let reason) = error else { return "\(error)" }
                return reason
            }
        }
        let tokens = #"{"partner_token":"p","user_token":"u"}"#
        #expect(reason(tokens, [:])?.contains("company_id") == true)
        #expect(reason(tokens, ["company_id": "abc"])?.contains("company_id") == true)
        #expect(reason("", ["company_id": "1"])?.contains("CRM_API_KEY") == true)
        #expect(reason("p", ["company_id": "1"])?.contains("user_token") == true)
        #expect(reason(#"{"user_token":"u"}"#, ["company_id": "1"])?.contains("partner_token") == true)
        #expect(reason(tokens, ["company_id": "1", "timezone": "Mars/Olympus"])?.contains("timezone") == true)
        #expect(reason(tokens, ["company_id": "1", "service_id": "x"])?.contains("service_id") == true)
        #expect(reason(tokens, ["company_id": "1"], base: "ftp://x")?.contains("CRM_BASE_URL") == true)
        #expect(reason("p:u", ["company_id": "558795", "service_id": "1896208", "timezone": "Asia/Almaty"]) == nil)
        let settings = try YclientsSettings(config: CRMConnectionConfig(tenantID: "t", baseURL: "", credentials: tokens,
                                                                        settings: ["company_id": "558795"]))
        #expect(settings.baseURL == "https://api.yclients.com/api/v1")
        #expect(settings.partnerToken == "p" && settings.userToken == "u")
        #expect("\(settings)" == "YCLIENTS company 558795 at https://api.yclients.com/api/v1")
    }

    @Test func answersMapToTheFourKinds() {
        func map(_ status: Int, _ body: JSONValue? = nil, write: Bool = false, retryAfter: Double? = nil) -> CRMError {
            YclientsErrors.map(status: status, body: body, raw: Data(), call: "POST book_record", write: write, retryAfter: retryAfter)
        }
        func coded(_ code: Int) -> JSONValue {
            ["success": false, "data": nil, "meta": ["message": "m", "errors": [["code": .number(Double(code)), "message": "m"]]]]
        }
        for code in [433, 436, 437] {
            guard case .refused(.slotUnavailable, _) = map(422, coded(code)) else { Issue.record("\(code)"); continue }
        }
        for code in [431, 432, 435, 438] {
            guard case .refused(.invalidInput, _) = map(422, coded(code)) else { Issue.record("\(code)"); continue }
        }
        guard case .refused(.blocked, _) = map(403, coded(434)) else { Issue.record("434"); return }
        for status in [401, 402, 403] {
            guard case .notConfigured = map(status, ["success": false, "data": nil, "meta": ["message": "Необходимо продлить лицензию"]]) else {
                Issue.record("\(status)"); continue
            }
        }
        #expect(map(429, retryAfter: 7) == .rateLimited(after: .seconds(7), reason: "YCLIENTS POST book_record: 429 "))
        guard case .rateLimited(let after, _) = map(429) else { Issue.record("429"); return }
        #expect(after == .seconds(1))
        guard case .retryable(_, true) = map(503, write: true), case .retryable(_, false) = map(500, write: false) else {
            Issue.record("5xx"); return
        }
        guard case .refused(.notFound, _) = map(404) else { Issue.record("404"); return }
        guard case .refused(.invalidInput, let reason) = map(400, ["success": false, "data": nil,
                                                                   "meta": ["message": "", "errors": ["filters": ["bad"]]]]) else {
            Issue.record("400"); return
        }
        #expect(reason.contains("filters: bad"))
    }

    @Test func slotIDsCarryTheExactDatetimeAndDatesOfEveryFormatParse() throws {
        let id = YclientsSlotID(datetime: "2026-09-25T15:00:00+05:00", staffID: "0", serviceID: "1896208")
        #expect(YclientsSlotID(id.encoded) == id)
        #expect(!id.encoded.contains("=") && !id.encoded.contains("/") && !id.encoded.contains("+"))
        #expect(YclientsSlotID("nonsense") == nil)
        let instant = Date(timeIntervalSince1970: 1_790_330_400)  // 2026-09-25T10:00:00Z
        #expect(YclientsJSON.date("2026-09-25T15:00:00+05:00", zone: H.zone) == instant)
        #expect(YclientsJSON.date("2026-09-25T15:00:00+0500", zone: H.zone) == instant)
        #expect(YclientsJSON.date("2026-09-25 15:00:00", zone: H.zone) == instant)
        #expect(YclientsJSON.id(.string("16")) == "16" && YclientsJSON.id(.number(16)) == "16")
    }
}
