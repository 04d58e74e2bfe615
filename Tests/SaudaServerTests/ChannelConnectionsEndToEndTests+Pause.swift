import Foundation
import SaudaChannelWappi
import SaudaCore
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// A WhatsApp number's own `human_pause_minutes`: the bot stays silent that long after the owner wrote from the phone,
/// not `WAPPI_HUMAN_PAUSE_MINUTES`' hour.
extension ChannelConnectionsEndToEndTests {
    @Test func theOwnersTakeoverPausesTheBotForTheNumbersOwnPause() async throws {
        try await Self.withTwoBusinesses { system, _, _, almaty, _ in
            try await Self.update(almaty, in: system) { connection in
                var settings = (try? JSONDecoder().decode(WappiConnectionSettings.self, from: Data(connection.settings.utf8)))
                    ?? WappiConnectionSettings(profileID: almaty.simulator.profileID)
                settings.humanPauseMinutes = 5
                connection.settings = String(decoding: (try? JSONEncoder().encode(settings)) ?? Data(), as: UTF8.self)
            }
            let phone = "77011119999"
            await almaty.simulator.customerWrites(phone: phone, text: Self.question, name: "Асет")
            #expect(try await WhatsAppEndToEndTests.waitForBotMessages(almaty.simulator, phone: phone, count: 1).count == 1)
            let before = Date()
            await almaty.simulator.ownerWrites(phone: phone, text: "Добрый день, это владелец")
            let key = ConversationKey(tenantID: almaty.tenant.id, channel: .whatsapp, chatID: "\(phone)@c.us")
            var paused: Date?
            try await Self.waitUntil {
                paused = try await system.database.read { sql in try await ContactRepository(sql).find(key: key) }?.botPausedUntil
                return paused.map { $0 > before } ?? false
            }
            let minutes = (paused ?? before).timeIntervalSince(before) / 60
            #expect(minutes > 4 && minutes < 6, "paused for the number's 5 minutes, not the hour of WAPPI_HUMAN_PAUSE_MINUTES: \(minutes)")
        }
    }
}
