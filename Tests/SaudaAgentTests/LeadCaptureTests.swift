import Foundation
import SaudaAgent
import SaudaCatalogue
import SaudaCore
import SaudaModels
import SaudaStore
import SaudaTestSupport
import Testing

/// The agent's tools capture the lead with the contact's details: record_lead makes it new or qualified, place_order
/// ordered with the need and the price, book_call booked with the time; a later record_lead does not lower it.
@Suite struct LeadCaptureTests {
    func openLead(_ database: any Database, key: ConversationKey) async throws -> Lead? {
        try await database.read { sql in
            guard let contact = try await ContactRepository(sql).find(key: key) else { return nil }
            return try await LeadRepository(sql).open(contactID: contact.id)
        }
    }

    @Test func recordLeadWithoutANameOrPhoneIsNewAndWithANameQualified() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await SalesToolsTests.Fixture(database)
            let key = ConversationKey(tenantID: Tenant.defaultID, channel: .webchat, chatID: "lead-capture")
            let context = ToolContext(tenantID: Tenant.defaultID, contactID: nil, chatID: key.chatID, channel: key.channel.rawValue, now: fixture.now)
            let first = await fixture.registry.run(ToolCall(id: "c1", name: "record_lead", arguments: ["need": "EVA коврики", "city": "Алматы"]),
                                                   context: context)
            #expect(!first.isError)
            var lead = try #require(try await openLead(database, key: key))
            #expect(lead.stage == .new && lead.need == "EVA коврики" && lead.details == ["city": "Алматы"] && lead.source == "webchat")
            let second = await fixture.registry.run(ToolCall(id: "c2", name: "record_lead", arguments: ["name": "Азамат", "business_name": "ИП Азамат"]),
                                                    context: context)
            #expect(!second.isError)
            lead = try #require(try await openLead(database, key: key))
            #expect(lead.stage == .qualified && lead.name == "Азамат" && lead.need == "EVA коврики")
            #expect(lead.details == ["city": "Алматы", "business_name": "ИП Азамат"])
            // The contact's lead details stay as before.
            let details = try await database.read { sql in try await ContactRepository(sql).leadDetails(contactID: lead.contactID) }
            #expect(details == ["need": "EVA коврики", "city": "Алматы"])
        }
    }

    @Test func aWhatsAppCustomerIsQualifiedByTheNumberTheChannelKnows() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await SalesToolsTests.Fixture(database)
            let result = await fixture.call("record_lead", ["need": "чехлы"])
            #expect(!result.isError)
            let lead = try #require(try await openLead(database, key: SalesToolsTests.key))
            #expect(lead.stage == .qualified && lead.phone == "+77015550088" && lead.channel == .whatsapp && lead.source == "whatsapp")
        }
    }

    @Test func bookCallMarksTheLeadBookedAndRecordLeadDoesNotLowerIt() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await SalesToolsTests.Fixture(database)
            let slot = try fixture.local(day: 3, hour: 11)
            let booked = await fixture.call("book_call", ["time": .string(slot.text), "notes": "EVA коврики"])
            #expect(booked.content["booked"] == true)
            var lead = try #require(try await openLead(database, key: SalesToolsTests.key))
            #expect(lead.stage == .booked && lead.bookedCall == slot.date && lead.details["call_notes"] == "EVA коврики")
            _ = await fixture.call("record_lead", ["name": "Дана", "need": "коврики"])
            lead = try #require(try await openLead(database, key: SalesToolsTests.key))
            #expect(lead.stage == .booked && lead.name == "Дана" && lead.need == "коврики" && lead.bookedCall == slot.date)
            // A refused booking leaves the lead as it was.
            _ = await fixture.call("book_call", ["time": .string(try fixture.local(day: 3, hour: 22).text)])
            #expect(try await openLead(database, key: SalesToolsTests.key) == lead)
        }
    }

    @Test func placeOrderMarksTheLeadOrderedWithTheNeedAndThePrice() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await CatalogueToolsTests.Fixture(database)
            let order = await fixture.call("place_order", ["product_id": "EVA-SEDAN", "options": ["Борты 5 см"], "name": "Азамат",
                                                           "phone": "+7 701 123 45 67", "car": "Toyota Camry 2022"])
            #expect(order.content["ordered"]?.boolValue == true)
            let lead = try #require(try await openLead(database, key: CatalogueToolsTests.key))
            #expect(lead.stage == .ordered && lead.name == "Азамат" && lead.phone == "+7 701 123 45 67")
            #expect(lead.priceQuoted == "8 500 сом" && lead.need?.contains("Борты 5 см") == true)
            #expect(lead.details["car"] == "Toyota Camry 2022" && lead.details["product_id"] == "EVA-SEDAN" && lead.details["stage"] == nil)
        }
    }
}
