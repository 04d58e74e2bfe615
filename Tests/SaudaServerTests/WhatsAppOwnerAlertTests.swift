import Foundation
import SaudaCore
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// `OWNER_ALERT_CHAT` over the Wappi simulator: a customer who asks for a person makes one alert, and the owner's own
/// number gets one message about it through the business's number.
@Suite struct WhatsAppOwnerAlertTests {
    @Test func theOwnerIsToldOnceOnWhatsAppWhenACustomerAsksForAPerson() async throws {
        let owner = "77770001122"
        try await WhatsAppEndToEndTests.withWhatsApp(configure: { $0.ownerAlertChat = owner }) { simulator, system, _, _ in
            let customer = "77011239901"
            _ = await simulator.customerWrites(phone: customer, text: "Позовите менеджера, пожалуйста", name: "Азамат")
            let told = try await WhatsAppEndToEndTests.waitForBotMessages(simulator, phone: owner, count: 1)
            #expect(told.count == 1)
            #expect(told.first?.body.hasPrefix("⚠️ Нужен человек: клиент просит человека — Азамат, +77011239901") == true, "\(told.first?.body ?? "")")
            #expect(told.first?.body.hasSuffix(": Позовите менеджера, пожалуйста") == true)

            // Asking again while the alert is open tells the owner nothing more.
            _ = await simulator.customerWrites(phone: customer, text: "Менеджера позовите!", name: "Азамат")
            try await DashboardTests.eventually("the second message is handled") {
                try await WhatsAppEndToEndTests.progress(system, phone: customer).handled >= 2
            }
            let again = try await WhatsAppEndToEndTests.waitForBotMessages(simulator, phone: owner, count: 2, within: .seconds(2))
            #expect(again.count == 1)
            let alerts = try await system.database.read { sql in
                try await AlertRepository(sql).list(tenantID: Tenant.defaultID, openOnly: true, limit: 10, offset: 0)
            }
            #expect(alerts.map(\.reason) == [.askedForHuman])
        }
    }
}
