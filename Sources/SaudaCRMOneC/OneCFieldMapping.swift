/// Where Sauda's fields go in a 1C infobase's objects: Sauda's name to the object's OData property.
///
/// Customer fields (the counterparty object): `name` (default `Description`), `phone` (no default: the property the
/// phone is kept in, an exact `$filter` searches it), `email` (no default), `key` (default `Комментарий`: the text
/// property Sauda's key marker, notes, and fields without a property of their own are written into).
///
/// Lead fields (the lead object) carry a `lead.` prefix: `lead.customer` (default `Контрагент_Key`, the reference to
/// the counterparty), `lead.date` (default `Date`, documents only), `lead.key` (default `Комментарий`), `lead.title`
/// (default `Description` for a catalog, none for a document), and `lead.name`, `lead.phone`, `lead.channel`,
/// `lead.stage`, `lead.summary` and `lead.<detail>` (each lead detail's key, as `lead.car`) with no default. A field
/// without a property is not lost: it is written as a `field: value` line into the key property. An empty property
/// name removes a default.
public struct OneCFieldMapping: Sendable, Hashable {
    /// Sauda's field names to property names.
    public var properties: [String: String]

    /// The defaults for a catalog or document lead object.
    public static func defaults(leadIsDocument: Bool) -> [String: String] {
        var defaults = [
            "name": "Description", "key": "Комментарий",
            "lead.customer": "Контрагент_Key", "lead.key": "Комментарий",
        ]
        if leadIsDocument { defaults["lead.date"] = "Date" } else { defaults["lead.title"] = "Description" }
        return defaults
    }

    /// Creates a mapping: the defaults, overridden and extended by `properties`.
    public init(_ properties: [String: String] = [:], leadIsDocument: Bool = true) {
        self.properties = Self.defaults(leadIsDocument: leadIsDocument).merging(properties) { $1 }
    }

    /// The property of one of Sauda's fields, `nil` when it has none.
    public func property(_ field: String) -> String? {
        guard let property = properties[field], !property.isEmpty else { return nil }
        return property
    }
}
