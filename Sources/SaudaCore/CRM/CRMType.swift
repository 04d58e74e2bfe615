/// The CRMs a business can connect (seed 003). DIKIDI has no public API, so it is not one of them.
public enum CRMType: String, Sendable, Hashable, Codable, CaseIterable {
    /// YCLIENTS: bookings, services, staff and clients.
    case yclients
    /// Bitrix24: leads, contacts and deals through an inbound webhook.
    case bitrix24
    /// amoCRM / Kommo: leads, contacts and notes.
    case amocrm
    /// Airtable: a table of leads.
    case airtable
    /// 1C:Enterprise through its standard OData interface.
    case onec

    /// The names, as settings and the API spell them.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
