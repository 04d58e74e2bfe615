import AsyncHTTPClient
import Foundation
import SaudaCRM
import SaudaCRMBitrix24
import SaudaCore
import SaudaSimulators
import SaudaTestSupport
import Testing

/// Bitrix24's online-booking module against the simulated portal over loopback: the resources as staff, free slots as
/// the schedule minus the bookings, a booking with its client, a slot taken meanwhile, a lost answer found again, and
/// a cancellation.
@Suite struct Bitrix24BookingTests {
    func withBooking(_ body: @escaping @Sendable (Bitrix24Simulator, Bitrix24Adapter) async throws -> Void) async throws {
        let simulator = Bitrix24Simulator(clock: ManualClock())
        try await SimulatorServer.withServer(simulator.router()) { port in
            let config = CRMConnectionConfig(tenantID: "t", baseURL: "http://127.0.0.1:\(port)/rest/1/", credentials: "sim-code",
                                             settings: ["booking": "true"])
            try await body(simulator, try Bitrix24Adapter(config: config, client: .shared, timeout: .seconds(10)))
        }
    }

    /// Tomorrow, 10:00 to 14:00 in Almaty.
    static func window() throws -> SlotQuery {
        let zone = try #require(TimeZone(identifier: "Asia/Almaty"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let tomorrow = try #require(calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: Date())))
        let from = try #require(calendar.date(byAdding: .hour, value: 10, to: tomorrow))
        return SlotQuery(from: from, until: from.addingTimeInterval(4 * 3600), timeZone: zone, limit: 10)
    }

    @Test func theResourcesAreTheStaffAndFreeSlotsLeaveOutTheBookings() async throws {
        try await withBooking { simulator, adapter in
            #expect(adapter.capabilities.isSuperset(of: [.listStaff, .findSlots, .book, .cancelBooking]))
            #expect(try await adapter.listStaff(serviceID: nil).map(\.name) == ["Мастер Айгерим", "Мастер Дана"])
            let query = try Self.window()
            let free = try await adapter.findSlots(query)
            #expect(free.count == 5 && free.first?.start == query.from && free.allSatisfy { $0.staffID == "1" }, "\(free)")
            // Aigerim is booked at ten: any master is still free then (Dana), Aigerim alone is not.
            simulator.takeBookingSlot(resourceID: 1, start: query.from)
            #expect(try await adapter.findSlots(query).first?.staffID == "2")
            var hers = query
            hers.staffID = "1"
            #expect(try await adapter.findSlots(hers).first?.start == query.from.addingTimeInterval(3600))
        }
    }

    @Test func aBookingIsMadeOnceWithItsClientAndATakenSlotIsRefused() async throws {
        try await withBooking { simulator, adapter in
            let query = try Self.window()
            let slot = try #require(try await adapter.findSlots(query).first)
            let customer = CustomerDraft(name: "Айгерим", phone: "+77011234567")
            let key = IdempotencyKey("t:whatsapp-77011234567:book:\(Int(slot.start.timeIntervalSince1970))")
            let booked = try await adapter.book(BookingRequest(slot: slot, customer: customer, comment: "Стрижка"), key: key)
            #expect(booked.start == slot.start && booked.ref.kind == "booking")
            let stored = try #require(simulator.bookings[Int(booked.ref.id) ?? 0])
            #expect(stored.resourceIDs == [1] && stored.description.contains("[sauda:\(key.value)]"))
            #expect(stored.contactIDs == [Int(booked.customer?.id ?? "") ?? -1] && simulator.contacts.count == 1)
            // Someone else asks for the same slot of the same master.
            await #expect(throws: CRMError.self) {
                _ = try await adapter.book(BookingRequest(slot: slot, customer: CustomerDraft(phone: "+77019998877")),
                                           key: IdempotencyKey("t:other:book:1"))
            }
            do {
                _ = try await adapter.book(BookingRequest(slot: slot, customer: CustomerDraft(phone: "+77019998877")), key: IdempotencyKey("t:o:book:2"))
            } catch let error as CRMError {
                guard case .refused(.slotUnavailable, _) = error else { Issue.record("\(error)"); return }
            }
            #expect(simulator.bookings.count == 1)
            // Cancelled, and cancelled again all the same.
            try await adapter.cancelBooking(booked.ref, key: IdempotencyKey("t:c:cancel:1"))
            try await adapter.cancelBooking(booked.ref, key: IdempotencyKey("t:c:cancel:1"))
            #expect(simulator.bookings.isEmpty)
        }
    }

    @Test func aBookingWhoseAnswerWasLostIsFoundByItsKey() async throws {
        try await withBooking { simulator, adapter in
            let slot = try #require(try await adapter.findSlots(try Self.window()).first)
            let key = IdempotencyKey("t:whatsapp-77011234567:book:\(Int(slot.start.timeIntervalSince1970))")
            simulator.dropNextWrite()
            do {
                _ = try await adapter.book(BookingRequest(slot: slot, customer: CustomerDraft(phone: "+77011234567")), key: key)
                Issue.record("the lost answer was not noticed")
            } catch let error as CRMError {
                guard case .retryable(_, true) = error else { Issue.record("\(error)"); return }
            }
            #expect(simulator.bookings.count == 1)
            let found = try await adapter.reconcile(key)
            #expect(found == CRMRef(kind: "booking", id: String(try #require(simulator.bookings.keys.first))))
            #expect(try await adapter.reconcile(IdempotencyKey("t:whatsapp-77011234567:book:1")) == nil)
        }
    }
}
