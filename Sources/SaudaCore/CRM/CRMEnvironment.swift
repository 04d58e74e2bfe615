import Foundation

/// The default business's CRM from the environment (`CRM_*`, seed 003), for development and single-business
/// installations: made the business's CRM connection on start when it has none (the row wins from then on).
public struct CRMEnvironment: Sendable, Hashable {
    /// `CRM_TYPE`: `yclients`, `bitrix24`, `amocrm`, `airtable` or `onec`.
    public var type: CRMType
    /// `CRM_BASE_URL`: the CRM's address; for Bitrix24 the inbound webhook's address, whose secret code is split off
    /// into ``credentials`` (the slot's address is shown, its credentials are sealed).
    public var baseURL: String
    /// `CRM_API_KEY`: the key, the token, `user:password`, or a JSON object of several.
    public var credentials: String
    /// `CRM_SETTINGS`: the CRM's own settings, a JSON object of texts (`{"company_id": "123"}`).
    public var settings: [String: String]

    /// The address each CRM has when `CRM_BASE_URL` is not given; `nil` for those that have none.
    public static func defaultBaseURL(_ type: CRMType) -> String? {
        switch type {
        case .yclients: "https://api.yclients.com/api/v1"
        case .airtable: "https://api.airtable.com/v0"
        case .bitrix24, .amocrm, .onec: nil
        }
    }

    /// Creates settings.
    public init(type: CRMType, baseURL: String, credentials: String, settings: [String: String] = [:]) {
        self.type = type
        self.baseURL = baseURL
        self.credentials = credentials
        self.settings = settings
    }

    /// Splits a Bitrix24 inbound webhook `https://portal/rest/<user>/<code>/` into the address without the code and the
    /// code; `nil` when the address is not one.
    public static func splitBitrix24Webhook(_ url: String) -> (base: String, code: String)? {
        var parts = url.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        while parts.last == "" { parts.removeLast() }
        // https: / "" / portal / rest / user / code
        guard parts.count == 6, parts[3] == "rest", !parts[4].isEmpty, parts[4].allSatisfy(\.isNumber), !parts[5].isEmpty else { return nil }
        let code = parts[5]
        return (parts[0..<5].joined(separator: "/") + "/", code)
    }

    static func load(_ reader: inout Reader) -> CRMEnvironment? {
        let typeName = reader.string("CRM_TYPE")
        let baseURL = reader.url("CRM_BASE_URL")
        let key = reader.string("CRM_API_KEY")
        let settingsText = reader.string("CRM_SETTINGS")
        guard let typeName else {
            for (name, value) in [("CRM_BASE_URL", baseURL), ("CRM_API_KEY", key), ("CRM_SETTINGS", settingsText)] where value != nil {
                reader.fail(name, "needs CRM_TYPE beside it (\(CRMType.names))", "")
            }
            return nil
        }
        guard let type = CRMType(rawValue: typeName.lowercased()) else {
            reader.fail("CRM_TYPE", "expected one of \(CRMType.names) (DIKIDI has no public API)", typeName)
            return nil
        }
        var settings: [String: String] = [:]
        if let settingsText {
            guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(settingsText.utf8)) else {
                reader.fail("CRM_SETTINGS", "expected a JSON object such as {\"company_id\": \"123\"}", settingsText)
                return nil
            }
            for (name, value) in object {
                guard let text = value.scalarText else {
                    reader.fail("CRM_SETTINGS", "«\(name)» must be a text, a number or true/false", settingsText)
                    return nil
                }
                settings[name] = text
            }
        }
        guard var base = baseURL ?? defaultBaseURL(type) else {
            let example = type == .bitrix24 ? "the inbound webhook https://portal.bitrix24.kz/rest/1/code/" : "the account's API address"
            reader.fail("CRM_BASE_URL", "required with CRM_TYPE=\(type.rawValue): \(example)", "")
            return nil
        }
        var credentials = key
        if type == .bitrix24, let split = splitBitrix24Webhook(base) {
            base = split.base
            credentials = credentials ?? split.code
        }
        guard let credentials else {
            reader.fail("CRM_API_KEY", "required with CRM_TYPE=\(type.rawValue) (the CRM's key or token)", "")
            return nil
        }
        if let problem = CRMConnectionRules.baseURLProblem(base) {
            reader.fail("CRM_BASE_URL", problem, base)
            return nil
        }
        if let problem = CRMConnectionRules.credentialsProblem(credentials) {
            reader.fail("CRM_API_KEY", problem, "")
            return nil
        }
        return CRMEnvironment(type: type, baseURL: base, credentials: credentials, settings: settings)
    }
}
