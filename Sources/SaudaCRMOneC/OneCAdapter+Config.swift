import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SaudaCRM
import SaudaCore

extension OneCAdapter {
    /// Creates an adapter from a business's connection: `CRM_BASE_URL` is the publication's OData root
    /// (`https://host/base/odata/standard.odata`, or the publication `https://host/base`), `CRM_API_KEY` is
    /// `user:password` or `{"user": …, "password": …}`, `CRM_SETTINGS` may name `customer_object`
    /// (`Catalog_Контрагенты`), `lead_object` (`Document_ЗаказКлиента`) and `time_zone` (`Asia/Almaty`), and the
    /// field mapping is an ``OneCFieldMapping``'s.
    /// - Throws: ``CRMError/notConfigured(reason:)`` naming the missing or bad setting.
    public init(config: CRMConnectionConfig, client: HTTPClient = .shared, timeout: TimeAmount = .seconds(30),
                logger: Logger = Logger(label: "sauda.crm.onec")) throws(CRMError) {
        let base = config.baseURL.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !base.isEmpty else {
            throw .notConfigured(reason: "CRM_BASE_URL is empty: it is the publication's OData root, https://host/base/odata/standard.odata")
        }
        guard let url = URL(string: base), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false,
              url.query == nil, url.user == nil else {
            throw .notConfigured(reason: "CRM_BASE_URL is not an http(s) address without a query or credentials: https://host/base/odata/standard.odata")
        }
        let (user, password) = try Self.credentials(config.credentials)
        let customerObject = config.settings["customer_object"].flatMap { $0.isEmpty ? nil : $0 } ?? "Catalog_Контрагенты"
        let leadObject = config.settings["lead_object"].flatMap { $0.isEmpty ? nil : $0 } ?? "Document_ЗаказКлиента"
        try OneCSettings.checkObject(customerObject, setting: "customer_object")
        try OneCSettings.checkObject(leadObject, setting: "lead_object")
        var zone = TimeZone(identifier: "Asia/Almaty") ?? .gmt
        if let name = config.settings["time_zone"], !name.isEmpty {
            guard let named = TimeZone(identifier: name) else { throw .notConfigured(reason: "CRM_SETTINGS time_zone \(name) is not an IANA zone") }
            zone = named
        }
        let settings = OneCSettings(odataURL: base, customerObject: customerObject, leadObject: leadObject, timeZone: zone)
        let mapping = OneCFieldMapping(config.fieldMapping, leadIsDocument: settings.leadIsDocument)
        for (field, property) in mapping.properties where property.contains(where: { "/()?#&'\" ".contains($0) }) {
            throw .notConfigured(reason: "the field mapping's \(field) → \(property) is not a property's name")
        }
        self.init(settings: settings, user: user, password: password, mapping: mapping, client: client, timeout: timeout, logger: logger)
    }

    /// The user and password of `CRM_API_KEY`: `user:password` or `{"user": …, "password": …}`.
    static func credentials(_ text: String) throws(CRMError) -> (String, String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") {
            guard let json = try? JSONValue.parse(trimmed), let user = json["user"]?.stringValue, !user.isEmpty else {
                throw .notConfigured(reason: "CRM_API_KEY is a JSON object without a user: {\"user\": …, \"password\": …}")
            }
            return (user, json["password"]?.stringValue ?? "")
        }
        guard let colon = trimmed.firstIndex(of: ":"), colon != trimmed.startIndex else {
            throw .notConfigured(reason: "CRM_API_KEY is not user:password (or {\"user\": …, \"password\": …}) for the 1C user")
        }
        return (String(trimmed[..<colon]), String(trimmed[trimmed.index(after: colon)...]))
    }
}
