import Foundation
import SaudaCore
import SaudaStore

/// How `sauda tenant show` and `set` print a business.
enum TenantSettingsText {
    /// Lines of `name: value`, the settings' source first.
    static func describe(tenant: Tenant, stored: StoredBusinessSettings?, defaults: BusinessSettings) -> String {
        let settings = stored?.settings ?? defaults
        let source = stored.map { "saved, revision \($0.revision)" } ?? "the installation's (never saved)"
        let overrides = settings.promptOverrides.keys.sorted()
        return [
            "id: \(tenant.id)",
            "name: \(tenant.name)",
            "time zone: \(tenant.timeZone)",
            "settings: \(source)",
            "description: \(settings.description.isEmpty ? "—" : settings.description)",
            "working hours: \(WorkingWeekText.format(settings.workingHours))",
            "holidays: \(settings.holidays.isEmpty ? "—" : settings.holidays.joined(separator: ", "))",
            "languages: \(settings.languages.joined(separator: ","))",
            "follow-ups: \(settings.followUpsEnabled ? "on" : "off"), after \(settings.followUpIntervals.map(String.init).joined(separator: ",")) hours",
            "model: \(settings.modelProvider ?? "installation's provider") / \(settings.model ?? "installation's model")",
            "prompt overrides: \(overrides.isEmpty ? "—" : overrides.joined(separator: ", "))",
        ].joined(separator: "\n")
    }
}
