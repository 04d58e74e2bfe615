import Foundation
import SaudaCRM

/// A business's 1C infobase as Sauda reaches it: the publication's standard OData root, the objects customers and
/// leads go to, and the time zone of the documents' dates.
public struct OneCSettings: Sendable, Hashable {
    /// The object prefixes whose records have a `Ref_Key` (registers have none, so they cannot be updated by key).
    public static let referenceKinds = ["Catalog_", "Document_", "ChartOfCharacteristicTypes_", "ExchangePlan_", "BusinessProcess_", "Task_"]

    /// The OData root, `https://host/base/odata/standard.odata` (without a trailing `/`).
    public var odataURL: String
    /// The customers' object (`Catalog_Контрагенты`).
    public var customerObject: String
    /// The leads' object (`Document_ЗаказКлиента`, or a catalog).
    public var leadObject: String
    /// The zone 1C's naive dates are in.
    public var timeZone: TimeZone

    /// Creates settings; `odataURL` may be the publication's root (`https://host/base`), `/odata/standard.odata` is then
    /// added.
    public init(odataURL: String, customerObject: String = "Catalog_Контрагенты", leadObject: String = "Document_ЗаказКлиента",
                timeZone: TimeZone = TimeZone(identifier: "Asia/Almaty") ?? .gmt) {
        var url = odataURL.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        if !url.hasSuffix("/odata/standard.odata") { url += "/odata/standard.odata" }
        self.odataURL = url
        self.customerObject = customerObject
        self.leadObject = leadObject
        self.timeZone = timeZone
    }

    /// Whether the lead object is a document (it has `Date` and `Number`).
    public var leadIsDocument: Bool { leadObject.hasPrefix("Document_") }

    /// The host and publication, for the console (no credentials are in the URL).
    public var displayName: String {
        guard let url = URL(string: odataURL), let host = url.host else { return odataURL }
        let publication = url.path.replacingOccurrences(of: "/odata/standard.odata", with: "")
        return "1C \(host)\(publication)"
    }

    /// Checks an object's name: a reference type's prefix, then a name without URL syntax.
    static func checkObject(_ name: String, setting: String) throws(CRMError) {
        guard referenceKinds.contains(where: { name.hasPrefix($0) && name.count > $0.count }) else {
            throw .notConfigured(reason: "CRM_SETTINGS \(setting) \(name) is not a catalog or document (Catalog_<Name>, Document_<Name>): "
                + "records without a Ref_Key cannot be updated")
        }
        guard !name.contains(where: { "/()?#&' ".contains($0) }) else {
            throw .notConfigured(reason: "CRM_SETTINGS \(setting) \(name) is not an object's name")
        }
    }
}
