import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaModels
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `GET` and `PUT /api/v1/settings`: a business's own settings through the admin API, against the OpenAPI document.
@Suite struct SettingsAPITests {
    typealias Fixture = AdminAPITests.Fixture

    static func get(_ fixture: Fixture, _ contract: OpenAPIContract, token: String?) async throws -> (status: HTTPResponse.Status, json: JSONValue?) {
        try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/settings", "/api/v1/settings", token: token)
    }

    static func put(_ fixture: Fixture, _ contract: OpenAPIContract, token: String?, _ body: String,
                    sourceLocation: SourceLocation = #_sourceLocation) async throws -> (status: HTTPResponse.Status, json: JSONValue?) {
        try await AdminEndpointsTests.call(fixture, contract, .put, "/api/v1/settings", "/api/v1/settings", token: token, body: body,
                                           sourceLocation: sourceLocation)
    }

    @Test func everyTokenReadsTheInstallationsSettingsUntilAnAdminSavesItsOwn() async throws {
        try await AdminEndpointsTests.withAPI { fixture, contract in
            for token in [fixture.viewer, fixture.operatorToken, fixture.admin] {
                let read = try await Self.get(fixture, contract, token: token)
                #expect(read.status == .ok)
                #expect(read.json?["tenant_id"] == "default")
                #expect(read.json?["revision"]?.numberValue == 0)
                #expect(read.json?["time_zone"] == "Asia/Almaty")
                #expect(read.json?["settings"]?["working_hours"]?["monday"]?["opens"] == "10:00")
                #expect(read.json?["settings"]?["working_hours"]?["saturday"] == nil)
                #expect(read.json?["settings"]?["follow_up_intervals"]?.arrayValue?.count == 5)
            }
            #expect(try await Self.get(fixture, contract, token: nil).status == .unauthorized)
            for token in [fixture.viewer, fixture.operatorToken] {
                #expect(try await Self.put(fixture, contract, token: token, #"{"settings": {"description": "x"}}"#).status == .forbidden)
            }
        }
    }

    @Test func anAdminSavesTheSettingsAndTheyTakeEffectAtOnceForThisBusinessOnly() async throws {
        try await AdminEndpointsTests.withAPI { fixture, contract in
            let saved = try await Self.put(fixture, contract, token: fixture.admin, """
                {"name": "Эво Коврики", "time_zone": "Asia/Aqtobe", "revision": 0,
                 "settings": {"description": "Коврики EVA", "working_hours": {"monday": {"opens": "09:00", "closes": "17:00"},
                                                                             "saturday": {"opens": "11:00", "closes": "16:00"}, "sunday": null},
                              "holidays": ["2027-01-01"], "languages": ["ru", "kk"], "follow_ups_enabled": false,
                              "follow_up_intervals": [2, 24, 48, 96, 200], "model_provider": "openai", "model": "gpt-4o-mini",
                              "prompt_overrides": {"sales_agent": "Вы — {{business_name}}.\\n{{conversation_history}}"}}}
                """)
            #expect(saved.status == .ok)
            #expect(saved.json?["revision"]?.numberValue == 1)
            #expect(saved.json?["name"] == "Эво Коврики")
            #expect(saved.json?["time_zone"] == "Asia/Aqtobe")
            #expect(saved.json?["settings"]?["working_hours"]?["tuesday"] == nil)
            #expect(saved.json?["settings"]?["languages"]?.arrayValue == ["ru", "kk"])
            #expect(saved.json?["settings"]?["model"] == "gpt-4o-mini")

            // The process's directory has the new calendar at once.
            let profile = try #require(try await fixture.system.businesses.profile("default"))
            #expect(profile.calendar.timeZone.identifier == "Asia/Aqtobe")
            #expect(profile.calendar.minutes(weekday: 7) == 11 * 60..<16 * 60 && profile.calendar.minutes(weekday: 2) == 9 * 60..<17 * 60)
            #expect(profile.settings.followUpsEnabled == false)

            // A field left out keeps its value; null goes back to the installation's model.
            let partial = try await Self.put(fixture, contract, token: fixture.admin, #"{"settings": {"model": null, "model_provider": null}}"#)
            #expect(partial.status == .ok)
            #expect(partial.json?["revision"]?.numberValue == 2)
            #expect(partial.json?["settings"]?["model"] == nil)
            #expect(partial.json?["settings"]?["description"] == "Коврики EVA")
            #expect(partial.json?["name"] == "Эво Коврики")

            // A save from an older revision is refused.
            let stale = try await Self.put(fixture, contract, token: fixture.admin, #"{"revision": 1, "settings": {"description": "x"}}"#)
            #expect(stale.status == .conflict)

            // The other business sees its own settings, never these.
            let foreign = try await Self.get(fixture, contract, token: fixture.otherTenantAdmin)
            #expect(foreign.json?["tenant_id"] == "second")
            #expect(foreign.json?["revision"]?.numberValue == 0)
            #expect(foreign.json?["settings"]?["description"] == "")
        }
    }

    @Test func badSettingsAreA400NamingTheField() async throws {
        try await AdminEndpointsTests.withAPI { fixture, contract in
            let cases: [(body: String, reason: String)] = [
                (#"{"settings": {"working_hours": {"monday": {"opens": "18:00", "closes": "10:00"}}}}"#,
                 "field «settings.working_hours.monday»: closes before it opens (18:00–10:00)"),
                (#"{"settings": {"working_hours": {"mon": {"opens": "10:00", "closes": "18:00"}}}}"#, "field «settings.working_hours.mon»: not a day"),
                (#"{"settings": {"holidays": ["2027-13-01"]}}"#, "field «settings.holidays»: «2027-13-01» is not a date"),
                (#"{"settings": {"languages": []}}"#, "field «settings.languages»: name at least one language"),
                (#"{"settings": {"follow_up_intervals": [1, 2]}}"#, "field «settings.follow_up_intervals»: expected five"),
                (#"{"settings": {"model_provider": "acme"}}"#, "field «settings.model_provider»: «acme» is not a provider"),
                (#"{"settings": {"prompt_overrides": {"sales_agent": "Hi\n{{price_list}}"}}}"#,
                 "field «settings.prompt_overrides.sales_agent»: line 2: unknown placeholder «price_list»"),
                (#"{"time_zone": "Mars/Olympus"}"#, "field «time_zone»: «Mars/Olympus» is not an IANA time zone"),
                (#"{"name": "   "}"#, "field «name» is empty or only spaces"),
                (#"{"settings": {"follow_ups_enabled": "yes"}}"#, "field «settings.follow_ups_enabled» has the wrong type"),
                (#"{"settings": "#, "request body is not valid JSON"),
            ]
            for (body, reason) in cases {
                let refused = try await Self.put(fixture, contract, token: fixture.admin, body)
                #expect(refused.status == .badRequest, "\(body)")
                let text = refused.json?["error"]?["reason"]?.stringValue ?? ""
                #expect(text.hasPrefix(reason), "\(body) → \(text)")
            }
            // Nothing was saved.
            #expect(try await Self.get(fixture, contract, token: fixture.admin).json?["revision"]?.numberValue == 0)
        }
    }
}
