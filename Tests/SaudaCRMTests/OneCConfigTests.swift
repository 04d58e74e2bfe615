import Foundation
import NIOCore
import NIOHTTP1
@testable import SaudaCRMOneC
import SaudaCRM
import Testing

/// Making the 1C adapter from a connection's configuration: each bad setting is named.
@Suite struct OneCConfigTests {
    func reason(_ config: CRMConnectionConfig) -> String? {
        do throws(CRMError) {
            _ = try OneCAdapter(config: config)
            return nil
        } catch {
            guard case .notConfigured(let reason) = error else { return "\(error)" }
            return reason
        }
    }

    func config(base: String = "https://1c.example.kz/trade/odata/standard.odata", credentials: String = "Sauda:секрет",
                settings: [String: String] = [:], mapping: [String: String] = [:]) -> CRMConnectionConfig {
        CRMConnectionConfig(tenantID: "t", baseURL: base, credentials: credentials, fieldMapping: mapping, settings: settings)
    }

    @Test func eachBadSettingIsNamed() {
        #expect(reason(config(base: ""))?.contains("CRM_BASE_URL") == true)
        #expect(reason(config(base: "ftp://1c.example.kz/trade"))?.contains("CRM_BASE_URL") == true)
        #expect(reason(config(base: "https://user:pw@1c.example.kz/trade"))?.contains("CRM_BASE_URL") == true)
        #expect(reason(config(credentials: ""))?.contains("CRM_API_KEY") == true)
        #expect(reason(config(credentials: "no-colon"))?.contains("CRM_API_KEY") == true)
        #expect(reason(config(credentials: #"{"password": "x"}"#))?.contains("CRM_API_KEY") == true)
        #expect(reason(config(settings: ["lead_object": "InformationRegister_Лиды"]))?.contains("lead_object") == true)
        #expect(reason(config(settings: ["customer_object": "Catalog_Контр агенты"]))?.contains("customer_object") == true)
        #expect(reason(config(settings: ["time_zone": "Mars/Olympus"]))?.contains("time_zone") == true)
        #expect(reason(config(mapping: ["phone": "Телефон eq '1'"]))?.contains("phone") == true)
        // None of the reasons shows the password.
        #expect(reason(config(base: "")).map { !$0.contains("секрет") } == true)
    }

    @Test func theDefaultsAndTheForms() throws {
        let adapter = try OneCAdapter(config: config(base: "https://1c.example.kz/trade/", credentials: #"{"user": "Sauda", "password": "секрет"}"#))
        #expect(adapter.settings.odataURL == "https://1c.example.kz/trade/odata/standard.odata")
        #expect(adapter.settings.customerObject == "Catalog_Контрагенты")
        #expect(adapter.settings.leadObject == "Document_ЗаказКлиента")
        #expect(adapter.settings.timeZone.identifier == "Asia/Almaty")
        #expect(adapter.authorization == "Basic " + Data("Sauda:секрет".utf8).base64EncodedString())
        #expect(adapter.mapping.property("name") == "Description")
        #expect(adapter.mapping.property("key") == "Комментарий")
        #expect(adapter.mapping.property("lead.date") == "Date")
        #expect(adapter.mapping.property("phone") == nil)
        #expect(!adapter.capabilities.contains(.findCustomer))

        let catalog = try OneCAdapter(config: config(credentials: "Sauda:a:b", settings: ["lead_object": "Catalog_Лиды", "time_zone": "Asia/Aqtobe"],
                                                     mapping: ["phone": "Телефон", "lead.key": ""]))
        #expect(catalog.authorization == "Basic " + Data("Sauda:a:b".utf8).base64EncodedString())
        #expect(catalog.mapping.property("lead.title") == "Description")
        #expect(catalog.mapping.property("lead.date") == nil)
        #expect(catalog.mapping.property("lead.key") == nil)
        #expect(catalog.capabilities.contains(.findCustomer))
    }

    @Test func urlsEncodeCyrillicAndSpacesAsPercentTwentyAndKeysAsGUIDLiterals() throws {
        let adapter = try OneCAdapter(config: config())
        let list = adapter.url(for: OneCCall(method: .GET, object: "Catalog_Контрагенты",
                                             query: [("$filter", "Телефон eq '+77011234567' and DeletionMark eq false"), ("$top", "1")]))
        #expect(list == "https://1c.example.kz/trade/odata/standard.odata/Catalog_%D0%9A%D0%BE%D0%BD%D1%82%D1%80%D0%B0%D0%B3%D0%B5%D0%BD%D1%82%D1%8B"
            + "?$format=json&$filter=%D0%A2%D0%B5%D0%BB%D0%B5%D1%84%D0%BE%D0%BD%20eq%20'%2B77011234567'%20and%20DeletionMark%20eq%20false&$top=1")
        #expect(!list.contains("+"))
        let one = adapter.url(for: OneCCall(method: .PATCH, object: "Document_Заказ", key: "8a4c0000-0000-0000-0000-000000000001"))
        #expect(one.hasSuffix("(guid'8a4c0000-0000-0000-0000-000000000001')?$format=json"))
        #expect(OneCAdapter.literal("O'Brien") == "'O''Brien'")
        #expect(OneCAdapter.spellings("77011234567").contains("8 (701) 123-45-67"))
    }
}
