import Foundation
import SaudaCRMSync
import SaudaCore
import SaudaKnowledge
import SaudaModels
import SaudaStore

/// The sales agent's tools: search the knowledge base, propose call slots, book a call, record lead details. Recording a
/// lead or booking a call also moves the contact's lead (`leads`) forward (``LeadRecorder``).
///
/// Every handler works on the tenant of its ``ToolContext`` only. Times are ISO 8601 with an offset; a
/// requested time outside working hours is refused with the nearest working slots, so the model can offer
/// them instead.
public struct SalesTools: Sendable {
    let database: any Database
    let knowledge: KnowledgeCache
    /// The installation's calendar, for a tenant without a business profile.
    let calendar: WorkingCalendar
    /// Each business's calendar (docs/businesses.md); `nil`: every tenant books in ``calendar``.
    let businesses: BusinessDirectory?
    /// Records leads on the turn's contact (the catalogue tools record orders through it too).
    public let leads: LeadRecorder
    /// Each business's CRM: where it finds free slots and books, `propose_call_slots` and `book_call` use it
    /// (``SalesTools/bookingCRM(_:)``); `nil`: every business books in its own calendar.
    let crm: (any CRMAdapterSource)?

    /// Creates the tools.
    /// - Parameters:
    ///   - calendar: the installation's working calendar.
    ///   - businesses: each business's calendar, which a tool call uses for its tenant; `nil`: `calendar` for all.
    ///   - crm: each business's CRM, which books where it can; `nil`: the calendar books for all.
    public init(database: any Database, knowledge: KnowledgeCache, calendar: WorkingCalendar, businesses: BusinessDirectory? = nil,
                crm: (any CRMAdapterSource)? = nil) {
        self.crm = crm
        self.database = database
        self.knowledge = knowledge
        self.calendar = calendar
        self.businesses = businesses
        self.leads = LeadRecorder(database: database)
    }

    /// The registry.
    public var registry: ToolRegistry { ToolRegistry(tools) }

    /// The tools, in the order the model sees them.
    public var tools: [Tool] { [searchKnowledge, proposeCallSlots, bookCall, recordLead] }

    var searchKnowledge: Tool {
        Tool(name: "search_knowledge",
             description: "Ищет в базе знаний компании (товары, цены, доставка, гарантия, оплата). Отвечайте клиенту только тем, что нашлось.",
             parameters: ["type": "object", "properties": ["query": ["type": "string", "minLength": 2]], "required": ["query"]]) { (arguments: JSONValue, context: ToolContext) async throws(ToolError) -> JSONValue in
            let query = arguments["query"]?.stringValue ?? ""
            let base: KnowledgeBase
            do { base = try await knowledge.base(for: context.tenantID) } catch { throw ToolError("the knowledge base is unavailable") }
            let passages = base.search(query, limit: 3)
            return ["passages": .array(passages.map { ["title": .string($0.title), "text": .string($0.text)] })]
        }
    }

    var proposeCallSlots: Tool {
        Tool(name: "propose_call_slots",
             description: "Ближайшие свободные слоты для звонка в рабочее время компании (ISO 8601 и как сказать клиенту).",
             parameters: ["type": "object", "properties": [
                "after": ["type": "string", "description": "ISO 8601; по умолчанию сейчас"],
                "count": ["type": "integer", "minimum": 1, "maximum": 5],
                "service_id": ["type": "string", "description": "услуга из CRM (id из списка services), если компания записывает на услуги"],
                "staff_id": ["type": "string", "description": "сотрудник из CRM (id), если клиент выбрал мастера"],
             ]]) { (arguments: JSONValue, context: ToolContext) async throws(ToolError) -> JSONValue in
            var after = context.now
            if let text = arguments["after"]?.stringValue { after = try parseTime(text) }
            let count = Int(arguments["count"]?.numberValue ?? 3)
            let calendar = await calendar(for: context.tenantID)
            if let crm = await bookingCRM(context.tenantID) {
                return try await crmSlots(crm, after: max(after, context.now), count: count, calendar: calendar,
                                          serviceID: arguments["service_id"]?.stringValue, staffID: arguments["staff_id"]?.stringValue)
            }
            let taken = try await takenSlots(tenantID: context.tenantID)
            let slots = calendar.workingSlots(after: max(after, context.now), count: count + taken.count)
                .filter { !taken.contains($0) }.prefix(count)
            return ["slots": .array(slots.map { ["time": .string(iso($0, calendar)), "say": .string(calendar.formatForClient($0))] })]
        }
    }

    var bookCall: Tool {
        Tool(name: "book_call",
             description: "Записывает звонок менеджера клиенту. Вызывайте только после того, как клиент подтвердил время.",
             parameters: ["type": "object", "properties": [
                "time": ["type": "string", "description": "ISO 8601 со смещением, например 2025-10-16T10:00:00+05:00"],
                "notes": ["type": "string", "description": "что обсудить"],
                "slot_id": ["type": "string", "description": "slot_id из propose_call_slots, когда слоты дала CRM"],
             ], "required": ["time"]]) { (arguments: JSONValue, context: ToolContext) async throws(ToolError) -> JSONValue in
            let time = try parseTime(arguments["time"]?.stringValue ?? "")
            let calendar = await calendar(for: context.tenantID)
            guard time > context.now else { throw ToolError("\(iso(time, calendar)) is in the past") }
            if let crm = await bookingCRM(context.tenantID) {
                return try await crmBook(crm, context: context, time: time, slotID: arguments["slot_id"]?.stringValue,
                                         notes: arguments["notes"]?.stringValue, calendar: calendar)
            }
            guard calendar.isWorkingTime(time) else {
                let nearest = calendar.workingSlots(after: time, count: 3).map { calendar.formatForClient($0) }
                throw ToolError("\(calendar.formatForClient(time)) is outside working hours (\(calendar.weekText(separator: "–"))); "
                                + "nearest: \(nearest.joined(separator: ", "))")
            }
            let contactID = try await leads.contactID(context)
            let notes = arguments["notes"]?.stringValue
            let zone = calendar.timeZone.identifier
            let call: ScheduledCall
            do {
                // The booking and the lead's `booked` stage commit together.
                call = try await database.transaction { sql in
                    let call = try await ScheduledCallRepository(sql).book(tenantID: context.tenantID, contactID: contactID, at: time,
                                                                           timeZone: zone, manager: nil, notes: notes, now: context.now)
                    try await LeadRecorder.upsertLead(sql, contactID: contactID,
                                                      capture: LeadCapture(stage: .booked, bookedCall: time,
                                                                           details: notes.map { ["call_notes": $0] } ?? [:]),
                                                      now: context.now)
                    return call
                }
            } catch {
                guard (error as? StoreError)?.code == .conflict else { throw ToolError("the call could not be booked") }
                // Booked by this same client in an earlier attempt of the turn: that booking stands.
                let own = try? await database.read { sql in try await ScheduledCallRepository(sql).upcoming(contactID: contactID) }
                if let existing = own?.first(where: { $0.scheduledAt == time }) {
                    return ["booked": true, "call_id": .number(Double(existing.id)), "say": .string(calendar.formatForClient(time))]
                }
                // Free alternatives, so that the time just refused (or another taken one) is not offered again.
                let taken = (try? await takenSlots(tenantID: context.tenantID)) ?? [time]
                let free = calendar.workingSlots(after: context.now, count: 3 + taken.count).filter { !taken.contains($0) && $0 != time }
                    .prefix(3).map { calendar.formatForClient($0) }
                throw ToolError("\(calendar.formatForClient(time)) is not available; free times: \(free.joined(separator: ", "))")
            }
            return ["booked": true, "call_id": .number(Double(call.id)), "say": .string(calendar.formatForClient(time))]
        }
    }

    var recordLead: Tool {
        Tool(name: "record_lead",
             description: "Сохраняет сведения о клиенте для CRM: имя, телефон, компания, потребность, бюджет, город, автомобиль.",
             parameters: ["type": "object", "additionalProperties": false, "properties": [
                "name": ["type": "string"], "phone": ["type": "string", "maxLength": 40], "business_name": ["type": "string"],
                "need": ["type": "string"],
                "budget": ["type": "string"], "city": ["type": "string"], "car": ["type": "string"],
             ]]) { (arguments: JSONValue, context: ToolContext) async throws(ToolError) -> JSONValue in
            var details: [String: String] = [:]
            for key in ["need", "phone", "budget", "city", "car"] {
                if let value = arguments[key]?.stringValue, !value.isEmpty { details[key] = value }
            }
            try await leads.record(context, name: arguments["name"]?.stringValue, businessName: arguments["business_name"]?.stringValue,
                                   details: details)
            return ["saved": true]
        }
    }

    func parseTime(_ text: String) throws(ToolError) -> Date {
        guard let date = ISO8601.parse(text) else { throw ToolError("time must be ISO 8601 with an offset, got «\(text)»") }
        return date
    }

    func iso(_ date: Date, _ calendar: WorkingCalendar) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: calendar.timeZone))
    }

    /// The working calendar of a tenant's business; the installation's when it has none or it cannot be read.
    func calendar(for tenantID: String) async -> WorkingCalendar {
        guard let businesses, let business = try? await businesses.calendar(tenantID) else { return calendar }
        return business
    }

    private func takenSlots(tenantID: String) async throws(ToolError) -> Set<Date> {
        do {
            return try await database.read { sql in try await ScheduledCallRepository(sql).scheduledTimes(tenantID: tenantID) }
        } catch {
            throw ToolError("the calendar is unavailable")
        }
    }
}
