import Foundation
import SaudaCore
import SaudaStore

extension AgentSettings {
    /// The settings and calendar of a tenant's business; `nil` without a directory, for an unknown tenant, or when
    /// the database cannot be read (the installation's then apply, so that a turn is never lost to it).
    public func business(_ tenantID: String) async -> BusinessProfile? {
        guard let businesses else { return nil }
        return try? await businesses.profile(tenantID)
    }

    /// The working calendar of a tenant's business: its time zone, days, hours and holidays; the installation's
    /// ``calendar`` when it has none.
    public func calendar(for tenantID: String) async -> WorkingCalendar {
        await business(tenantID)?.calendar ?? calendar
    }

    /// The follow-up plan of a tenant's business: `nil` when its follow-ups are off (or the installation's are), else
    /// its intervals in its calendar.
    public func followUpPlan(for tenantID: String) async -> FollowUpPlan? {
        guard let installation = followUps else { return nil }
        return await followUpPlan(for: tenantID, installation: installation)
    }

    /// The follow-up plan of a tenant's business, `installation` when it has none; `nil` when its follow-ups are off.
    public func followUpPlan(for tenantID: String, installation: FollowUpPlan) async -> FollowUpPlan? {
        guard let business = await business(tenantID) else { return installation }
        guard business.settings.followUpsEnabled else { return nil }
        return FollowUpPlan(intervals: business.settings.followUpIntervals, calendar: business.calendar)
    }

    /// The business's description and languages as the sales and follow-up prompts take them: `business_description`
    /// («—» when it has none) and `languages` (ISO 639-1 codes, the preferred first: `ru, kk`; Russian without settings).
    public static func promptFacts(_ business: BusinessProfile?) -> [String: String] {
        let description = business?.settings.description.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let languages = business?.settings.languages ?? []
        return ["business_description": description.isEmpty ? "—" : description,
                "languages": languages.isEmpty ? "ru" : languages.joined(separator: ", ")]
    }
}
