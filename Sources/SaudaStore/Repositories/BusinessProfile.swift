import Foundation
import SaudaCore

/// Everything a turn needs to know about its business: the tenant (name, time zone), its settings (saved or the
/// installation's), the working calendar they make and what may be shown of its own model key.
public struct BusinessProfile: Sendable {
    /// The name of the sealed secret that holds a business's own API key for its model provider (docs/secrets.md).
    public static let modelAPIKeySecretName = "model.api_key"

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
    /// What may be shown of the business's own model API key (its hint and when it was written), `nil` without one;
    /// never the key itself.
    public var modelAPIKey: StoredSecret?

    /// Makes the profile of a tenant from its saved settings, or from `defaults` when it has none. A time zone
    /// that is not an IANA zone (never stored by Sauda) falls back to `fallbackTimeZone`. `modelAPIKey` describes its
    /// own model key, when it stored one.
    public init(tenant: Tenant, stored: StoredBusinessSettings?, defaults: BusinessSettings, fallbackTimeZone: TimeZone,
                modelAPIKey: StoredSecret? = nil) {
        self.modelAPIKey = modelAPIKey
        self.tenant = tenant
        self.settings = stored?.settings ?? defaults
        self.revision = stored?.revision ?? 0
        self.updatedAt = stored?.updatedAt
        self.calendar = settings.calendar(timeZone: TimeZone(identifier: tenant.timeZone) ?? fallbackTimeZone)
    }
}
