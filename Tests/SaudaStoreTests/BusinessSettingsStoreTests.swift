import Foundation
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// Business settings on every engine: the round trip, the revisions that refuse a stale save, and the directory
/// that sees a change after its time to live (a manual clock, no sleeping).
@Suite struct BusinessSettingsStoreTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let defaults = BusinessSettings.installationDefaults(SaudaSettings())

    static var edited: BusinessSettings {
        var settings = defaults
        settings.description = "Коврики EVA «Эво», Алматы"
        settings.workingHours[.saturday] = OpeningHours(opens: "11:00", closes: "16:00")
        settings.workingHours[.friday] = nil
        settings.holidays = ["2026-12-16", "2027-01-01"]
        settings.languages = ["ru", "kk"]
        settings.followUpsEnabled = false
        settings.followUpIntervals = [2, 24, 48, 96, 200]
        settings.modelProvider = "openai"
        settings.model = "gpt-4o-mini"
        settings.promptOverrides = ["sales_agent": "Вы — {{business_name}}.\n{{conversation_history}}"]
        return settings
    }

    @Test(arguments: DatabaseKind.available)
    func settingsComeBackAsSavedWithTheirRevision(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            #expect(try await database.read { sql in try await BusinessSettingsRepository(sql).find(tenantID: Tenant.defaultID) } == nil)
            let first = try await database.transaction { sql in
                try await BusinessSettingsRepository(sql).save(tenantID: Tenant.defaultID, Self.edited, expectedRevision: 0, now: now)
            }
            #expect(first == 1)
            let stored = try #require(try await database.read { sql in try await BusinessSettingsRepository(sql).find(tenantID: Tenant.defaultID) })
            #expect(stored.settings == Self.edited)
            #expect(stored.revision == 1)
            #expect(abs(stored.updatedAt.timeIntervalSince(now)) < 0.001)

            var changed = Self.edited
            changed.model = nil
            let again = changed
            let second = try await database.transaction { sql in
                try await BusinessSettingsRepository(sql).save(tenantID: Tenant.defaultID, again, expectedRevision: 1, now: now)
            }
            #expect(second == 2)
            let third = try await database.transaction { sql in
                try await BusinessSettingsRepository(sql).save(tenantID: Tenant.defaultID, Self.defaults, now: now)
            }
            #expect(third == 3)
            #expect(try await database.read { sql in try await BusinessSettingsRepository(sql).find(tenantID: Tenant.defaultID) }?.settings
                    == Self.defaults)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func aSaveFromAnOlderRevisionIsAConflict(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            _ = try await database.transaction { sql in
                try await BusinessSettingsRepository(sql).save(tenantID: Tenant.defaultID, Self.edited, expectedRevision: 0, now: now)
            }
            for stale in [0, 2] {
                await #expect {
                    try await database.transaction { sql in
                        try await BusinessSettingsRepository(sql).save(tenantID: Tenant.defaultID, Self.defaults, expectedRevision: stale, now: now)
                    }
                } throws: { error in (error as? StoreError)?.code == .conflict }
            }
            #expect(try await database.read { sql in try await BusinessSettingsRepository(sql).find(tenantID: Tenant.defaultID) }?.settings
                    == Self.edited)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func theTenantsNameAndTimeZoneChange(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let changed = Tenant(id: Tenant.defaultID, name: "Эво", timeZone: "Asia/Aqtobe")
            let updated = try await database.transaction { sql in try await TenantRepository(sql).update(changed) }
            #expect(updated)
            let found = try await database.read { sql in try await TenantRepository(sql).find(id: Tenant.defaultID) }
            #expect(found == changed)
            let missing = try await database.transaction { sql in
                try await TenantRepository(sql).update(Tenant(id: "nobody", name: "x", timeZone: "UTC"))
            }
            #expect(!missing)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func theDirectorySeesASavedChangeAfterItsTimeToLive(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = ManualClock()
            let directory = BusinessDirectory(database: database, defaults: Self.defaults, fallbackTimeZone: .gmt,
                                              timeToLive: .seconds(5), clock: AnyClock(clock))
            let before = try #require(try await directory.profile(Tenant.defaultID))
            #expect(before.revision == 0 && before.settings == Self.defaults)
            #expect(before.calendar.timeZone.identifier == "Asia/Almaty")
            #expect(before.calendar.minutes(weekday: 7) == nil)
            #expect(try await directory.profile("nobody") == nil)

            _ = try await database.transaction { sql in
                try await BusinessSettingsRepository(sql).save(tenantID: Tenant.defaultID, Self.edited, now: now)
            }
            clock.advance(by: .seconds(4))
            #expect(try await directory.profile(Tenant.defaultID)?.revision == 0, "still remembered")
            clock.advance(by: .seconds(1))
            let after = try #require(try await directory.profile(Tenant.defaultID))
            #expect(after.revision == 1 && after.settings == Self.edited)
            #expect(after.calendar.minutes(weekday: 7) == 11 * 60..<16 * 60 && after.calendar.minutes(weekday: 6) == nil)
            #expect(after.calendar.holidays == ["2026-12-16", "2027-01-01"])

            // A save in this process is seen at once after forget.
            _ = try await database.transaction { sql in
                try await BusinessSettingsRepository(sql).save(tenantID: Tenant.defaultID, Self.defaults, now: now)
            }
            directory.forget(Tenant.defaultID)
            #expect(try await directory.profile(Tenant.defaultID)?.revision == 2)
            #expect(try await directory.calendar("nobody").minutes(weekday: 2) == 10 * 60..<18 * 60)
        }
    }
}
