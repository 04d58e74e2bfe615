import Foundation
import SaudaCore
import Testing

/// `CRM_*` read into the default business's CRM: settings as texts (a huge number too), bad values refused by name,
/// Bitrix24's webhook code split off.
@Suite struct CRMEnvironmentTests {
    @Test func settingsAreTextsAndBadValuesNameTheVariable() throws {
        let settings = try SaudaSettings.load(from: ["CRM_TYPE": "yclients", "CRM_API_KEY": "partner:user",
                                                     "CRM_SETTINGS": #"{"company_id": 558795, "huge": 1e20, "half": 0.5, "booking": true}"#])
        let crm = try #require(settings.crm)
        #expect(crm.baseURL == "https://api.yclients.com/api/v1")
        #expect(crm.settings == ["company_id": "558795", "huge": "1e+20", "half": "0.5", "booking": "true"])
        for (environment, named) in [(["CRM_TYPE": "dikidi", "CRM_API_KEY": "k"], "CRM_TYPE"),
                                     (["CRM_TYPE": "amocrm", "CRM_API_KEY": "k"], "CRM_BASE_URL"),
                                     (["CRM_TYPE": "yclients"], "CRM_API_KEY"),
                                     (["CRM_TYPE": "yclients", "CRM_API_KEY": "k", "CRM_SETTINGS": #"{"a": [1]}"#], "CRM_SETTINGS"),
                                     (["CRM_API_KEY": "k"], "CRM_API_KEY")] {
            do {
                _ = try SaudaSettings.load(from: environment)
                Issue.record("\(environment) was accepted")
            } catch {
                #expect(error.problems.contains { $0.hasPrefix(named) }, "\(error.problems)")
            }
        }
        let bitrix = try #require(try SaudaSettings.load(from: ["CRM_TYPE": "bitrix24",
                                                                 "CRM_BASE_URL": "https://shop.bitrix24.kz/rest/1/abc123/"]).crm)
        #expect(bitrix.baseURL == "https://shop.bitrix24.kz/rest/1/" && bitrix.credentials == "abc123")
    }
}
