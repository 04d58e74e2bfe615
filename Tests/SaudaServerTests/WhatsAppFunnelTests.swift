import Foundation
import HummingbirdTesting
import SaudaCatalogue
import SaudaCore
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// Seed 000's order over WhatsApp (the Wappi simulator), the business's number carrying EVOPOLIKI's catalogue: the
/// phone comes from the chat, so the name is all the order needs.
@Suite struct WhatsAppFunnelTests {
    @Test func theFullOrderOverWhatsApp() async throws {
        try await WhatsAppEndToEndTests.withWhatsApp { simulator, system, _, _ in
            let catalogue = try CatalogueSample.evopoliki.load().catalogue
            _ = try await CatalogueRepository.replace(tenantID: Tenant.defaultID, with: catalogue, in: system.database, now: Date())
            let phone = "77017001122"
            _ = await simulator.customerWrites(phone: phone, text: "Хочу коврики ева на тойоту камри две тысячи двадцать второй", name: "Азамат")
            let found = try await WhatsAppEndToEndTests.waitForBotMessages(simulator, phone: phone, count: 1)
            #expect(found.last?.body.contains("Toyota Camry 2022") == true)
            _ = await simulator.customerWrites(phone: phone, text: "С бортами пять сантиметров", name: "Азамат")
            let quote = try await WhatsAppEndToEndTests.waitForBotMessages(simulator, phone: phone, count: 2)
            #expect(quote.last?.body.contains("Итого: 8 500 сом") == true)
            _ = await simulator.customerWrites(phone: phone, text: "Да, меня зовут Азамат", name: "Азамат")
            let done = try await WhatsAppEndToEndTests.waitForBotMessages(simulator, phone: phone, count: 3)
            #expect(done.last?.body.contains("заявка принята") == true)
            let details = try await system.database.read { sql in
                let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "\(phone)@c.us")
                let contact = try #require(try await ContactRepository(sql).find(key: key))
                return try await ContactRepository(sql).leadDetails(contactID: contact.id)
            }
            #expect(details["stage"] == "ordered")
            #expect(details["phone"] == "+\(phone)")
            #expect(details["price_quoted"] == "8 500 сом")

            // Seed 000's car without patterns, and the diagnostic phrase, from another customer.
            let other = "77017003344"
            _ = await simulator.customerWrites(phone: other, text: "Нужны коврики ева на Acura MDX 2016", name: "Ерлан")
            let offer = try await WhatsAppEndToEndTests.waitForBotMessages(simulator, phone: other, count: 1)
            #expect(offer.last?.body.contains("индивидуальный замер") == true)
            _ = await simulator.customerWrites(phone: other, text: "Система тест 2025", name: "Ерлан")
            let diagnostics = try await WhatsAppEndToEndTests.waitForBotMessages(simulator, phone: other, count: 2)
            #expect(diagnostics.last?.body.contains("whatsapp") == true)
            #expect(diagnostics.last?.body.contains("place_order") == true)
        }
    }
}
