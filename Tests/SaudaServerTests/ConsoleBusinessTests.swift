import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// The console's business page: everyone sees the business's settings, an admin changes them, a bad value comes back
/// named, and the change is the business's calendar at once.
@Suite struct ConsoleBusinessTests {
    static let form: [String: String] = [
        "name": "Коврик Астана", "time_zone": "Europe/Moscow", "description": "EVA-коврики", "working_hours": "mon-fri 09:00-19:00, sat 11:00-16:00",
        "holidays": "2027-01-01, 2027-01-02", "languages": "ru,kk", "follow_ups": "off", "follow_up_intervals": "12,48,168,336,720",
    ]

    @Test func anAdminChangesTheBusinessAndEveryoneElseOnlySeesIt() async throws {
        try await DashboardTests.withConsole { fixture in
            let viewer = try await DashboardTests.call(fixture, .get, "/console/business", token: fixture.viewer)
            #expect(viewer.status == .ok)
            #expect(viewer.body.contains("href=\"/console/business\""))
            #expect(viewer.body.contains("mon-fri 10:00-18:00"))
            #expect(viewer.body.contains(" disabled"))
            #expect(!viewer.body.contains("id=\"save-business\""))
            #expect(!viewer.body.contains("/console/export"))
            #expect(try await DashboardTests.call(fixture, .post, "/console/business", token: fixture.operatorToken, form: Self.form).status == .forbidden)

            let saved = try await DashboardTests.call(fixture, .post, "/console/business", token: fixture.admin, form: Self.form.merging(["revision": "0"]) { $1 })
            #expect(saved.status == .seeOther, "\(saved.body)")
            #expect(saved.location == "/console/business?done=saved")
            let profile = try #require(try await fixture.system.businesses.profile("default"))
            #expect(profile.tenant.name == "Коврик Астана")
            #expect(profile.tenant.timeZone == "Europe/Moscow")
            #expect(profile.settings.followUpsEnabled == false)
            #expect(profile.settings.languages == ["ru", "kk"])
            #expect(profile.settings.holidays == ["2027-01-01", "2027-01-02"])
            // Saturday 11:00 in Moscow is within the new hours; Sunday is not.
            let saturday = try #require(ISO8601DateFormatter().date(from: "2027-01-09T08:30:00Z"))
            #expect(profile.calendar.isWorkingTime(saturday))
            #expect(!profile.calendar.isWorkingTime(saturday.addingTimeInterval(86_400)))

            let page = try await DashboardTests.call(fixture, .get, "/console/business?done=saved", token: fixture.admin)
            #expect(page.body.contains("Настройки сохранены"))
            #expect(page.body.contains("mon-fri 09:00-19:00, sat 11:00-16:00"))
            #expect(page.body.contains("/console/export"))
            // The form read revision 0; a second save from it is refused rather than overwriting the first.
            let stale = try await DashboardTests.call(fixture, .post, "/console/business", token: fixture.admin, form: Self.form.merging(["revision": "0"]) { $1 })
            #expect(stale.status == .badRequest)
            #expect(stale.body.contains("changed meanwhile"))
        }
    }

    @Test func badValuesComeBackNamedAndNothingIsSaved() async throws {
        try await DashboardTests.withConsole { fixture in
            for (field, value, named) in [("working_hours", "mon 18:00-10:00", "working_hours"), ("time_zone", "Mars/Olympus", "time_zone"),
                                          ("follow_up_intervals", "5,4,3,2,1", "follow_up_intervals"), ("holidays", "2027-02-30", "holidays"),
                                          ("languages", "RU", "languages")] {
                let reply = try await DashboardTests.call(fixture, .post, "/console/business", token: fixture.admin,
                                                          form: Self.form.merging([field: value]) { $1 })
                #expect(reply.status == .badRequest, "\(field)")
                #expect(reply.body.contains(named), "\(field): \(reply.body.prefix(300))")
            }
            let profile = try #require(try await fixture.system.businesses.profile("default"))
            #expect(profile.revision == 0)
            #expect(profile.tenant.timeZone != "Mars/Olympus")
        }
    }
}
