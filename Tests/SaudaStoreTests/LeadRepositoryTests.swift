import Foundation
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// Leads on every engine: one open lead per contact moved forward by captures, a closed lead leaving room for a new
/// one, the filters and pages of the list, the operator's stage and the counts, all within a tenant.
@Suite struct LeadRepositoryTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    func contact(_ database: any Database, _ key: ConversationKey, phone: String? = nil) async throws -> Contact {
        try await database.transaction { [now] sql in
            try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: phone, profile: ContactProfile(), initialStatus: .client, now: now)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func capturesMoveTheOpenLeadForwardOnly(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let key = ConversationKey(tenantID: Tenant.defaultID, channel: .telegram, chatID: "501")
            let customer = try await contact(database, key)
            let first = try await database.transaction { [now] sql in
                try await LeadRepository(sql).upsert(key: key, contactID: customer.id,
                                                     capture: LeadCapture(stage: .new, need: "коврики", startParameter: "promo",
                                                                          details: ["city": "Алматы"]), now: now)
            }
            #expect(first.stage == .new && first.source == "telegram:promo" && first.need == "коврики" && first.details == ["city": "Алматы"])
            let ordered = try await database.transaction { [now] sql in
                try await LeadRepository(sql).upsert(key: key, contactID: customer.id,
                                                     capture: LeadCapture(stage: .ordered, name: "Азамат", phone: "+7 701 123 45 67",
                                                                          need: "EVA-коврики, Борты 5 см", priceQuoted: "8 500 сом",
                                                                          details: ["car": "Toyota Camry 2022"]), now: now.addingTimeInterval(60))
            }
            #expect(ordered.id == first.id && ordered.stage == .ordered && ordered.priceQuoted == "8 500 сом")
            #expect(ordered.details == ["city": "Алматы", "car": "Toyota Camry 2022"])
            // A later record_lead does not lower the stage, and keeps what it does not name.
            let later = try await database.transaction { [now] sql in
                try await LeadRepository(sql).upsert(key: key, contactID: customer.id, capture: LeadCapture(stage: .qualified, name: "  "),
                                                     now: now.addingTimeInterval(120))
            }
            #expect(later.stage == .ordered && later.name == "Азамат" && later.phone == "+7 701 123 45 67" && later.source == "telegram:promo")
            // Booked is the same step as ordered: the stage stays, the call is kept.
            let call = now.addingTimeInterval(86_400)
            let booked = try await database.transaction { [now] sql in
                try await LeadRepository(sql).upsert(key: key, contactID: customer.id, capture: LeadCapture(stage: .booked, bookedCall: call),
                                                     now: now.addingTimeInterval(180))
            }
            #expect(booked.stage == .ordered && booked.bookedCall == call)
            let stored = try await database.read { sql in try await LeadRepository(sql).find(tenantID: Tenant.defaultID, id: first.id) }
            #expect(stored == booked)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func anOperatorClosesALeadAndALaterCaptureOpensANewOne(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "77010000001@c.us")
            let customer = try await contact(database, key, phone: "77010000001")
            let lead = try await database.transaction { [now] sql in
                try await LeadRepository(sql).upsert(key: key, contactID: customer.id, capture: LeadCapture(stage: .qualified, name: "Дана"), now: now)
            }
            let won = try await database.transaction { [now] sql in
                try await LeadRepository(sql).setStage(tenantID: Tenant.defaultID, id: lead.id, stage: .won, now: now)
            }
            #expect(won?.stage == .won)
            // Another tenant's lead is not found, and not changed.
            let foreign = try await database.transaction { [now] sql in
                try await LeadRepository(sql).setStage(tenantID: "other", id: lead.id, stage: .lost, now: now)
            }
            #expect(foreign == nil)
            let next = try await database.transaction { [now] sql in
                try await LeadRepository(sql).upsert(key: key, contactID: customer.id, capture: LeadCapture(stage: .new, need: "чехлы"), now: now)
            }
            #expect(next.id != lead.id && next.stage == .new && next.name == nil)
            // Opening the won lead again while the new one is open is a conflict.
            await #expect(throws: StoreError.self) {
                try await database.transaction { [now] sql in
                    try await LeadRepository(sql).setStage(tenantID: Tenant.defaultID, id: lead.id, stage: .new, now: now)
                }
            }
            let counts = try await database.read { sql in try await LeadRepository(sql).countByStage(tenantID: Tenant.defaultID) }
            #expect(counts[.won] == 1 && counts[.new] == 1 && counts[.lost] == 0 && counts.count == LeadStage.allCases.count)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func theListFiltersByStageChannelTextAndDatesAndPages(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let people: [(Channel, String, String?, String, LeadStage)] = [
                (.whatsapp, "Азамат", "+7 701 123 45 67", "EVA-коврики на Camry", .ordered),
                (.webchat, "ДАНА", nil, "Чехлы", .qualified),
                (.telegram, "Ерлан", "+7 702 000 11 22", "органайзер", .booked),
                (.webchat, "Ольга", nil, "коврики 5D", .new),
            ]
            for (index, person) in people.enumerated() {
                let key = ConversationKey(tenantID: Tenant.defaultID, channel: person.0, chatID: "chat-\(index)")
                let customer = try await contact(database, key)
                _ = try await database.transaction { [now] sql in
                    try await LeadRepository(sql).upsert(key: key, contactID: customer.id,
                                                         capture: LeadCapture(stage: person.4, name: person.1, phone: person.2, need: person.3),
                                                         now: now.addingTimeInterval(Double(index) * 86_400))
                }
            }
            func list(_ query: LeadQuery) async throws -> (names: [String], total: Int) {
                let (page, total) = try await database.read { sql in try await LeadRepository(sql).list(tenantID: Tenant.defaultID, query: query) }
                return (page.compactMap(\.name), total)
            }
            #expect(try await list(LeadQuery()).names == ["Ольга", "Ерлан", "ДАНА", "Азамат"])
            #expect(try await list(LeadQuery(stage: .booked)).names == ["Ерлан"])
            #expect(try await list(LeadQuery(channel: .webchat)).names == ["Ольга", "ДАНА"])
            // Any case, Cyrillic included; the phone as written or as bare digits; the need.
            #expect(try await list(LeadQuery(search: "дана")).names == ["ДАНА"])
            #expect(try await list(LeadQuery(search: "7011234567")).names == ["Азамат"])
            #expect(try await list(LeadQuery(search: "КОВРИКИ")).names == ["Ольга", "Азамат"])
            #expect(try await list(LeadQuery(search: "100%_")).names.isEmpty)
            #expect(try await list(LeadQuery(from: now.addingTimeInterval(86_400), to: now.addingTimeInterval(3 * 86_400))).names == ["Ерлан", "ДАНА"])
            let page = try await list(LeadQuery(limit: 3, offset: 3))
            #expect(page.names == ["Азамат"] && page.total == 4)
            let other = try await database.read { sql in try await LeadRepository(sql).list(tenantID: "other", query: LeadQuery()) }
            #expect(other.page.isEmpty && other.total == 0)
        }
    }

    @Test func stagesOnlyMoveForwardAutomatically() {
        #expect(LeadStage.new.advanced(to: .qualified) == .qualified)
        #expect(LeadStage.ordered.advanced(to: .qualified) == .ordered)
        #expect(LeadStage.booked.advanced(to: .ordered) == .booked)
        #expect(LeadStage.qualified.advanced(to: .booked) == .booked)
        #expect(LeadStage.won.advanced(to: .booked) == .won)
        #expect(LeadStage.new.advanced(to: .lost) == .new)
    }
}
