import Foundation
import SaudaCore

/// Everything a turn needs to know about its business: the tenant (name, time zone), its settings (saved or the
/// installation's) and the working calendar they make.
public struct BusinessProfile: Sendable {
    /// The tenant.
    public var tenant: Tenant
    /// Its settings: the saved ones, or the installation's when it saved none.
    public var settings: BusinessSettings
    /// The revision of the saved settings, 0 when they are the installation's.
    public var revision: Int
    /// When the settings were saved, `nil` for the installation's.
    public var updatedAt: Date?
    /// Its working calendar: its time zone, days, hours and holidays.
    public var calendar: WorkingCalendar

    /// Makes the profile of a tenant from its saved settings, or from `defaults` when it has none. A time zone
    /// that is not an IANA zone (never stored by Sauda) falls back to `fallbackTimeZone`.
    public init(tenant: Tenant, stored: StoredBusinessSettings?, defaults: BusinessSettings, fallbackTimeZone: TimeZone) {
        self.tenant = tenant
        self.settings = stored?.settings ?? defaults
        self.revision = stored?.revision ?? 0
        self.updatedAt = stored?.updatedAt
        self.calendar = settings.calendar(timeZone: TimeZone(identifier: tenant.timeZone) ?? fallbackTimeZone)
    }
}
