import Foundation
import Hummingbird
import SaudaCore
import SaudaServer
import SaudaStore
import Testing

/// The console shows a business's times in its own time zone (its calendar of calls, its conversations), not the
/// installation's: a call at 09:00 UTC is on the calls page at 12:00 for a business in Moscow and at 14:00 once the
/// business moves to Almaty.
@Suite struct ConsoleBusinessTimeZoneTests {
    @Test func theCallsPageShowsACallInTheBusinesssOwnZone() async throws {
        try await DashboardTests.withConsole { fixture in
            // Tomorrow at 09:00 UTC, so that the call is in the page's week whatever the hour of the run.
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC") ?? .gmt
            let tomorrow = try #require(utc.date(byAdding: .day, value: 1, to: utc.startOfDay(for: Date())))
            let at = try #require(utc.date(bySettingHour: 9, minute: 0, second: 0, of: tomorrow))
            try await fixture.system.database.transaction { sql in
                _ = try await TenantRepository(sql).update(Tenant(id: "default", name: "Эво Коврики", timeZone: "Europe/Moscow"))
                let key = ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "77015550078@c.us")
                let contact = try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: "+77015550078", profile: ContactProfile(name: "Дана"),
                                                                            initialStatus: .client, now: Date())
                _ = try await ScheduledCallRepository(sql).book(tenantID: "default", contactID: contact.id, at: at,
                                                                timeZone: "Europe/Moscow", manager: nil, notes: nil, now: Date())
            }
            fixture.system.businesses.forget("default")
            let moscow = try await DashboardTests.call(fixture, .get, "/console/calls", token: fixture.viewer)
            #expect(moscow.status == .ok)
            #expect(moscow.body.contains(">12:00<"), "09:00 UTC is 12:00 in Moscow")
            try await fixture.system.database.transaction { sql in
                _ = try await TenantRepository(sql).update(Tenant(id: "default", name: "Эво Коврики", timeZone: "Asia/Almaty"))
            }
            fixture.system.businesses.forget("default")
            let almaty = try await DashboardTests.call(fixture, .get, "/console/calls", token: fixture.viewer)
            #expect(almaty.body.contains(">14:00<"), "and 14:00 in Almaty")
        }
    }
}
