import SaudaCore

/// How many calls a second Sauda makes to each CRM account, a little under the CRM's own limit
/// (`../shared/reference/crm.md`): YCLIENTS 5/s per IP, Bitrix24's leaky bucket of 2/s, amoCRM 7/s, Airtable 5/s per
/// base; 1C has none, and a business's own server is spared.
public enum CRMCallRate {
    /// Calls a second for `type`.
    public static func perSecond(_ type: CRMType) -> Double {
        switch type {
        case .yclients: 4
        case .bitrix24: 2
        case .amocrm: 6
        case .airtable: 4
        case .onec: 8
        }
    }
}
