import SaudaCore
import Testing

/// `OWNER_ALERT_CHAT`: the owner's own WhatsApp number for operator alerts.
@Suite struct OwnerAlertSettingTests {
    @Test func offByDefaultAndWhenEmpty() throws {
        #expect(try SaudaSettings.load(from: [:]).ownerAlertChat == nil)
        #expect(try SaudaSettings.load(from: ["OWNER_ALERT_CHAT": "  "]).ownerAlertChat == nil)
    }

    @Test(arguments: [("+7 701 234 56 78", "77012345678"), ("87012345678", "77012345678"), ("77012345678@c.us", "77012345678")])
    func aPhoneNumberIsKeptAsDigits(raw: String, digits: String) throws {
        #expect(try SaudaSettings.load(from: ["OWNER_ALERT_CHAT": raw]).ownerAlertChat == digits)
    }

    @Test func aBadValueIsNamedInTheError() {
        do {
            _ = try SaudaSettings.load(from: ["OWNER_ALERT_CHAT": "owner"])
            Issue.record("«owner» is not a phone number")
        } catch {
            #expect(error.problems.contains { $0.hasPrefix("OWNER_ALERT_CHAT:") })
        }
    }
}
