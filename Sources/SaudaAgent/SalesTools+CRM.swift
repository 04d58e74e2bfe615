import Foundation
import SaudaCRM
import SaudaCRMSync
import SaudaCore
import SaudaModels
import SaudaStore

/// `propose_call_slots` and `book_call` when the business's CRM books (YCLIENTS, Bitrix24's booking): the CRM's free
/// slots of its services and staff instead of the calendar's, and the booking made in the CRM, checked there first.
/// A slot taken meanwhile is answered with the next free ones (`booked: false`), so the customer is offered those; a
/// booking whose answer was lost is looked up by its key before anything is said. The booking is kept in Sauda too (a
/// scheduled call, the lead `booked`, the CRM's id of the booking), so the console and the CRM's webhooks find it.
extension SalesTools {
    /// How many days ahead the CRM's free slots are looked for.
    static let crmSlotDays = 14

    /// The business's CRM when it books: connected, active, and able to find free slots and book them.
    func bookingCRM(_ tenantID: String) async -> CRMBinding? {
        guard let crm, let binding = try? await crm.binding(tenantID: tenantID), binding.state == .active,
              binding.adapter.capabilities.isSuperset(of: [.findSlots, .book]) else { return nil }
        return binding
    }

    /// The CRM's free slots after `after`, with its services when none was chosen.
    func crmSlots(_ crm: CRMBinding, after: Date, count: Int, calendar: WorkingCalendar, serviceID: String?,
                  staffID: String?) async throws(ToolError) -> JSONValue {
        let slots: [BookingSlot]
        do {
            slots = try await crm.adapter.findSlots(SlotQuery(serviceID: serviceID, staffID: staffID, from: after,
                                                              until: after.addingTimeInterval(Double(Self.crmSlotDays) * 86_400),
                                                              timeZone: calendar.timeZone, limit: count))
        } catch {
            throw ToolError("the CRM's free times are unavailable (\(error.description)); offer to have a manager call back")
        }
        var result: [String: JSONValue] = ["slots": .array(slots.prefix(count).map { slotJSON($0, calendar) })]
        if serviceID == nil, crm.adapter.capabilities.contains(.listServices),
           let services = try? await crm.adapter.listServices(), services.count > 1 {
            result["services"] = .array(services.prefix(20).map { service in
                var entry: [String: JSONValue] = ["service_id": .string(service.id), "title": .string(service.title)]
                if let price = service.price { entry["price"] = .string(price) }
                if let minutes = service.durationMinutes { entry["minutes"] = .number(Double(minutes)) }
                return .object(entry)
            })
        }
        return .object(result)
    }

    /// Books `time` (the slot `slotID` the CRM offered, or the CRM's free slot at that time) for the turn's customer.
    func crmBook(_ crm: CRMBinding, context: ToolContext, time: Date, slotID: String?, notes: String?,
                 calendar: WorkingCalendar) async throws(ToolError) -> JSONValue {
        let contactID = try await leads.contactID(context)
        let customer = try await bookingCustomer(contactID: contactID, tenantID: context.tenantID, crmType: crm.type)
        var slot: BookingSlot
        if let slotID, !slotID.isEmpty {
            slot = BookingSlot(id: slotID, start: time)
        } else {
            let around: [BookingSlot]
            do {
                around = try await crm.adapter.findSlots(SlotQuery(from: time.addingTimeInterval(-60), until: time.addingTimeInterval(60),
                                                                   timeZone: calendar.timeZone, limit: 20))
            } catch {
                throw ToolError("the CRM's free times are unavailable (\(error.description)); offer to have a manager call back")
            }
            guard let found = around.first(where: { abs($0.start.timeIntervalSince(time)) < 1 }) else {
                return try await taken(crm, time: time, calendar: calendar, now: context.now)
            }
            slot = found
        }
        let conversation = "\(context.channel ?? "chat")-\(context.chatID ?? String(contactID))"
        let key = IdempotencyKey(tenantID: context.tenantID, conversation: conversation, operation: "book", number: Int(time.timeIntervalSince1970))
        let comment = ["Запись из Sauda (\(context.channel ?? "chat"))", notes].compactMap { $0 }.joined(separator: ": ")
        let request = BookingRequest(slot: slot, customer: customer.draft, customerRef: customer.ref, comment: comment)
        let booking: BookingResult
        do {
            booking = try await crm.adapter.book(request, key: key)
        } catch {
            switch error {
            case .refused(.slotUnavailable, _):
                return try await taken(crm, time: time, calendar: calendar, now: context.now)
            case .retryable(_, true):
                // The answer was lost: the booking may stand. Look it up by its key before anything is said.
                guard let ref = try? await crm.adapter.reconcile(key) else {
                    throw ToolError("the CRM did not confirm the booking; tell the customer a manager will confirm the time")
                }
                booking = BookingResult(ref: ref, start: time)
            default:
                throw ToolError("the CRM could not book (\(error.description)); tell the customer a manager will confirm the time")
            }
        }
        slot.start = booking.start
        try await storeBooking(booking, slot: slot, crmType: crm.type, contactID: contactID, customerRef: customer.ref, notes: notes,
                               calendar: calendar, context: context)
        var result: [String: JSONValue] = ["booked": true, "say": .string(calendar.formatForClient(booking.start)),
                                           "time": .string(iso(booking.start, calendar)), "booking_id": .string(booking.ref.id)]
        if let staff = slot.staffName { result["staff"] = .string(staff) }
        return .object(result)
    }

    /// The slot is gone: the next free ones instead, for the customer to choose from.
    private func taken(_ crm: CRMBinding, time: Date, calendar: WorkingCalendar, now: Date) async throws(ToolError) -> JSONValue {
        let free = (try? await crm.adapter.findSlots(SlotQuery(from: now, until: now.addingTimeInterval(Double(Self.crmSlotDays) * 86_400),
                                                               timeZone: calendar.timeZone, limit: 4))) ?? []
        let others = free.filter { abs($0.start.timeIntervalSince(time)) >= 1 }.prefix(3)
        return ["booked": false, "reason": "slot_taken",
                "message": .string("\(calendar.formatForClient(time)) is no longer free; offer the customer these free times instead"),
                "free": .array(others.map { slotJSON($0, calendar) })]
    }

    private func slotJSON(_ slot: BookingSlot, _ calendar: WorkingCalendar) -> JSONValue {
        var entry: [String: JSONValue] = ["time": .string(iso(slot.start, calendar)), "say": .string(calendar.formatForClient(slot.start)),
                                          "slot_id": .string(slot.id)]
        if let staff = slot.staffName { entry["staff"] = .string(staff) }
        if let minutes = slot.durationMinutes { entry["minutes"] = .number(Double(minutes)) }
        return .object(entry)
    }

    /// Who is booked: the contact's name and phone (the lead's phone for a web-chat visitor), and their CRM record
    /// when the sync already wrote it.
    private func bookingCustomer(contactID: Int64, tenantID: String, crmType: CRMType) async throws(ToolError) -> (draft: CustomerDraft, ref: CRMRef?) {
        let found: (Contact?, Lead?, CRMLink?)
        do {
            found = try await database.read { sql in
                (try await ContactRepository(sql).find(id: contactID), try await LeadRepository(sql).latest(contactID: contactID),
                 try await CRMLinkRepository(sql).find(tenantID: tenantID, subject: .contact, subjectID: contactID, crmType: crmType))
            }
        } catch {
            throw ToolError("the customer could not be read")
        }
        let (contact, lead, link) = found
        let phones = [lead?.phone, contact.flatMap { $0.key.channel.knowsPhoneNumbers ? $0.phoneNumber : nil }]
        guard let digits = phones.compactMap({ $0.flatMap(PhoneNumber.normalize) }).first else {
            throw ToolError("the CRM books by phone: ask the customer for their phone number and save it with record_lead first")
        }
        let name = lead?.name ?? contact?.profile.fullName ?? contact?.profile.name
        return (CustomerDraft(name: name, phone: "+" + digits), link.map { CRMRef(kind: $0.crmKind, id: $0.crmID) })
    }

    /// Keeps the CRM's booking in Sauda: a scheduled call with the staff member, the lead `booked`, and the CRM's id.
    private func storeBooking(_ booking: BookingResult, slot: BookingSlot, crmType: CRMType, contactID: Int64, customerRef: CRMRef?,
                              notes: String?, calendar: WorkingCalendar, context: ToolContext) async throws(ToolError) {
        let zone = calendar.timeZone.identifier
        let manager = slot.staffName ?? slot.staffID.map { "crm:\($0)" } ?? "crm"
        do {
            try await database.transaction { sql in
                let calls = ScheduledCallRepository(sql)
                let call: ScheduledCall
                if let existing = try await calls.upcoming(contactID: contactID).first(where: { $0.scheduledAt == booking.start }) {
                    call = existing
                } else {
                    call = try await calls.book(tenantID: context.tenantID, contactID: contactID, at: booking.start, timeZone: zone, manager: manager,
                                                notes: notes, now: context.now)
                }
                try await LeadRecorder.upsertLead(sql, contactID: contactID,
                                                  capture: LeadCapture(stage: .booked, bookedCall: booking.start,
                                                                       details: notes.map { ["call_notes": $0] } ?? [:]),
                                                  now: context.now)
                let links = CRMLinkRepository(sql)
                try await links.save(CRMLink(tenantID: context.tenantID, subject: .booking, subjectID: call.id, contactID: contactID,
                                             crmType: crmType, crmKind: booking.ref.kind, crmID: booking.ref.id, createdAt: context.now,
                                             updatedAt: context.now))
                if customerRef == nil, let customer = booking.customer {
                    try await links.save(CRMLink(tenantID: context.tenantID, subject: .contact, subjectID: contactID, contactID: contactID,
                                                 crmType: crmType, crmKind: customer.kind, crmID: customer.id, createdAt: context.now,
                                                 updatedAt: context.now))
                }
            }
        } catch {
            // The CRM has the booking; only Sauda's copy is missing. Say it is booked: it is.
            throw ToolError("booked in the CRM (\(booking.ref.id)), but Sauda could not keep its copy; confirm the time to the customer")
        }
    }
}
