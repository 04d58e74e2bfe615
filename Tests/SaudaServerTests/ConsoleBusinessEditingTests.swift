import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// The business page's forms for the model, the CRM slot and the prompt overrides: an admin saves them through the
/// API's editors, a refusal comes back named and saves nothing, everyone else only sees them, secrets show as hints.
@Suite struct ConsoleBusinessEditingTests {
    static let credentials = "amo-console-token-9wXe"
    static let modelKey = "console-model-key-7Rfa"

    @Test func anAdminConnectsChangesAndRemovesTheCRMAndOthersOnlySeeIt() async throws {
        try await DashboardTests.withConsole { fixture in
            _ = try fixture.system.masterKeys.load(creatingFile: true)
            let form = ["type": "amocrm", "base_url": "https://shop.amocrm.ru", "field_mapping": #"{"phone": "PHONE"}"#,
                        "credentials": Self.credentials, "state": "active"]
            #expect(try await DashboardTests.call(fixture, .post, "/console/business/crm", token: fixture.operatorToken, form: form).status == .forbidden)
            #expect(try await DashboardTests.call(fixture, .post, "/console/business/crm/remove", token: fixture.viewer, form: [:]).status == .forbidden)

            let saved = try await DashboardTests.call(fixture, .post, "/console/business/crm", token: fixture.admin, form: form)
            #expect(saved.status == .seeOther, "\(saved.body.prefix(500))")
            let stored = try #require(try await CRMConnectionEditor(database: fixture.system.database, secrets: nil).find(tenantID: "default"))
            #expect(stored.type == .amocrm && stored.baseURL == "https://shop.amocrm.ru" && stored.fieldMapping == #"{"phone":"PHONE"}"#)
            #expect(stored.credentials?.hint == "…9wXe")

            let page = try await DashboardTests.call(fixture, .get, "/console/business?done=crm", token: fixture.admin)
            #expect(page.body.contains("id=\"save-crm\"") && page.body.contains("…9wXe"))
            #expect(!page.body.contains(Self.credentials), "the credentials are never shown")
            let viewer = try await DashboardTests.call(fixture, .get, "/console/business", token: fixture.viewer)
            #expect(viewer.body.contains("https://shop.amocrm.ru") && !viewer.body.contains("id=\"save-crm\""))

            // Empty credentials keep the stored ones; a bad address is refused with its field and saves nothing.
            let moved = try await DashboardTests.call(fixture, .post, "/console/business/crm", token: fixture.admin,
                                                      form: form.merging(["credentials": "", "state": "paused"]) { $1 })
            #expect(moved.status == .seeOther)
            let bad = try await DashboardTests.call(fixture, .post, "/console/business/crm", token: fixture.admin,
                                                    form: form.merging(["base_url": "ftp://shop"]) { $1 })
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("base_url"))
            let badMapping = try await DashboardTests.call(fixture, .post, "/console/business/crm", token: fixture.admin,
                                                           form: form.merging(["field_mapping": "[1, 2]"]) { $1 })
            #expect(badMapping.status == .badRequest && badMapping.body.contains("field_mapping"))
            let after = try #require(try await CRMConnectionEditor(database: fixture.system.database, secrets: nil).find(tenantID: "default"))
            #expect(after.state == .paused && after.baseURL == "https://shop.amocrm.ru" && after.credentials?.hint == "…9wXe")

            // The other business's admin sees no connection and removes nothing of this one.
            let other = try await DashboardTests.call(fixture, .get, "/console/business", token: fixture.otherTenantAdmin)
            #expect(!other.body.contains("shop.amocrm.ru"))
            #expect(try await DashboardTests.call(fixture, .post, "/console/business/crm/remove", token: fixture.otherTenantAdmin, form: [:])
                        .status == .notFound)
            #expect(try await CRMConnectionEditor(database: fixture.system.database, secrets: nil).find(tenantID: "default") != nil)

            let removed = try await DashboardTests.call(fixture, .post, "/console/business/crm/remove", token: fixture.admin, form: [:])
            #expect(removed.status == .seeOther)
            #expect(try await CRMConnectionEditor(database: fixture.system.database, secrets: nil).find(tenantID: "default") == nil)
        }
    }

    @Test func aPromptOverrideIsSavedAndAnUnknownPlaceholderIsRefusedWithItsLine() async throws {
        try await DashboardTests.withConsole { fixture in
            let template = "Вы продавец {{business_name}}.\nЯзыки: {{languages}}\n{{conversation_history}}"
            #expect(try await DashboardTests.call(fixture, .post, "/console/business/prompt", token: fixture.operatorToken,
                                                  form: ["name": "sales_agent", "template": template]).status == .forbidden)
            let saved = try await DashboardTests.call(fixture, .post, "/console/business/prompt", token: fixture.admin,
                                                      form: ["name": "sales_agent", "template": template])
            #expect(saved.status == .seeOther, "\(saved.body.prefix(500))")
            #expect(try await fixture.system.businesses.profile("default")?.settings.promptOverrides["sales_agent"] == template)

            let refused = try await DashboardTests.call(fixture, .post, "/console/business/prompt", token: fixture.admin,
                                                        form: ["name": "follow_up", "template": "Привет.\n\n{{shop_adress}}"])
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("flash-error"))
            #expect(refused.body.contains("prompt_overrides.follow_up: line 3: unknown placeholder «shop_adress»"), "\(refused.body.prefix(800))")
            let profile = try #require(try await fixture.system.businesses.profile("default"))
            #expect(profile.settings.promptOverrides == ["sales_agent": template], "nothing saved")

            // The other business's admin edits its own prompts only.
            let other = try await DashboardTests.call(fixture, .get, "/console/business", token: fixture.otherTenantAdmin)
            #expect(!other.body.contains("Вы продавец"))
            let page = try await DashboardTests.call(fixture, .get, "/console/business", token: fixture.viewer)
            #expect(page.body.contains("Вы продавец {{business_name}}.") && !page.body.contains("id=\"save-prompt-sales_agent\""))

            // An empty template goes back to the file.
            #expect(try await DashboardTests.call(fixture, .post, "/console/business/prompt", token: fixture.admin,
                                                  form: ["name": "sales_agent", "template": ""]).status == .seeOther)
            #expect(try await fixture.system.businesses.profile("default")?.settings.promptOverrides.isEmpty == true)
        }
    }

    @Test func theModelAndItsKeyAreSavedAndTheKeyShowsOnlyAsAHint() async throws {
        try await DashboardTests.withConsole { fixture in
            _ = try fixture.system.masterKeys.load(creatingFile: true)
            let form = ["model_provider": "openai", "model": "gpt-4o", "model_api_key": Self.modelKey]
            #expect(try await DashboardTests.call(fixture, .post, "/console/business/model", token: fixture.operatorToken, form: form).status == .forbidden)
            let saved = try await DashboardTests.call(fixture, .post, "/console/business/model", token: fixture.admin, form: form)
            #expect(saved.status == .seeOther, "\(saved.body.prefix(500))")
            let profile = try #require(try await fixture.system.businesses.profile("default"))
            #expect(profile.settings.modelProvider == "openai" && profile.settings.model == "gpt-4o")
            #expect(profile.modelAPIKey?.hint == "…7Rfa")
            let page = try await DashboardTests.call(fixture, .get, "/console/business?done=model", token: fixture.admin)
            #expect(page.body.contains("…7Rfa") && page.body.contains("type=\"password\" name=\"model_api_key\""))
            #expect(!page.body.contains(Self.modelKey))

            let bad = try await DashboardTests.call(fixture, .post, "/console/business/model", token: fixture.admin,
                                                    form: ["model_provider": "claude", "model": ""])
            #expect(bad.status == .badRequest && bad.body.contains("model_provider"))
            // Back to the installation's, the key removed.
            let reverted = try await DashboardTests.call(fixture, .post, "/console/business/model", token: fixture.admin,
                                                         form: ["model_provider": "", "model": "", "remove_model_api_key": "on"])
            #expect(reverted.status == .seeOther)
            let after = try #require(try await fixture.system.businesses.profile("default"))
            #expect(after.settings.modelProvider == nil && after.settings.model == nil && after.modelAPIKey == nil)
        }
    }
}
