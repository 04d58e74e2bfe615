import Foundation
import AsyncHTTPClient
import Logging
import SaudaCRM

extension AirtableAdapter {
    /// An adapter for a business's CRM slot: `baseURL` is the API root (`https://api.airtable.com/v0`), the credentials
    /// the personal access token, the settings `base_id` (`app…`), `table` (its id or name) and optionally `key_field`
    /// (default `Sauda ID`) and `typecast` (`false` to turn it off), and the field mapping Sauda's fields → columns.
    /// - Throws: ``CRMError/notConfigured(reason:)`` naming the setting that is missing.
    public init(config: CRMConnectionConfig, client: HTTPClient = .shared, logger: Logger = Logger(label: "sauda.crm.airtable")) throws(CRMError) {
        guard let baseID = config.settings["base_id"], !baseID.isEmpty else {
            throw .notConfigured(reason: "CRM_SETTINGS has no base_id (the Airtable base, app…)")
        }
        guard let table = config.settings["table"], !table.isEmpty else {
            throw .notConfigured(reason: "CRM_SETTINGS has no table (the leads table's id tbl… or name)")
        }
        let token = config.credentials.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw .notConfigured(reason: "CRM_API_KEY is empty (the Airtable personal access token)") }
        let root = config.baseURL.hasSuffix("/") ? String(config.baseURL.dropLast()) : config.baseURL
        self.init(settings: AirtableSettings(baseURL: root, baseID: baseID, table: table, keyField: config.settings["key_field"] ?? "Sauda ID"),
                  token: token, mapping: AirtableFieldMapping(config.fieldMapping), typecast: config.settings["typecast"] != "false",
                  client: client, logger: logger)
    }
}
