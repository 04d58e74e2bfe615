import Foundation
import NIOCore
import NIOHTTP1
import SaudaCore
import SaudaSimulators
import SaudaTestSupport
import Testing

/// The amoCRM simulator's wire format, read raw: HAL lists, 204 on an empty list, problem+json errors, a 429 that is not
/// JSON, and OAuth's single-use refresh tokens.
@Suite struct AmoSimulatorTests {
    typealias H = AmoHarness

    @Test func listsAreHALAndAnEmptyListIsA204WithNoBody() async throws {
        let simulator = H.simulator()
        try await SimulatorServer.withServer(simulator.router()) { port in
            let empty = try await H.call(port, "/api/v4/contacts?query=7011234567")
            #expect(empty.status == 204)
            #expect(empty.body.isEmpty)
            for index in 0..<3 { simulator.seedContact(name: "Клиент \(index)", phones: ["+7701123456\(index)"]) }
            let page = try await H.call(port, "/api/v4/contacts?query=701123456&limit=2&with=leads")
            #expect(page.status == 200)
            #expect(page.contentType == "application/hal+json")
            let body = try JSONValue.parse(page.body)
            #expect(body["_page"] == 1)
            #expect(body["_links"]?["self"]?["href"]?.stringValue?.contains("page=1") == true)
            #expect(body["_links"]?["next"]?["href"]?.stringValue?.contains("page=2") == true)
            let contacts = try #require(body["_embedded"]?["contacts"]?.arrayValue)
            #expect(contacts.count == 2)
            let phone = contacts.first?["custom_fields_values"]?.arrayValue?.first
            #expect(phone?["field_code"] == "PHONE" && phone?["field_type"] == "multitext")
            #expect(phone?["values"]?.arrayValue?.first?["enum_code"] == "WORK")
            #expect(contacts.first?["_embedded"]?["leads"] == [])
            #expect(contacts.first?["_links"]?["self"]?["href"]?.stringValue?.hasSuffix("/api/v4/contacts/\(simulator.contacts.keys.min() ?? 0)") == true)
            let last = try await H.call(port, "/api/v4/contacts?query=701123456&limit=2&page=2")
            #expect(try JSONValue.parse(last.body)["_embedded"]?["contacts"]?.arrayValue?.count == 1)
            #expect(try await H.call(port, "/api/v4/contacts?query=701123456&limit=2&page=3").status == 204)
            #expect(try await H.call(port, "/api/v4/contacts?query=87011234560").status == 204, "full text: 8… does not find +7…")
            #expect(try await H.call(port, "/api/v4/leads/123").status == 204, "a missing record by id")
            #expect(try await H.call(port, "/api/v4/leads/123/notes").status == 404)
            #expect(try await H.call(port, "/api/v4/contacts?limit=251").status == 400)
        }
    }

    @Test func writesAnswerWithTheirEnvelopesAndValidationErrorsAsProblemJSON() async throws {
        let simulator = H.simulator()
        try await SimulatorServer.withServer(simulator.router()) { port in
            let complex = try await H.call(port, "/api/v4/leads/complex", method: .POST, body: """
                [{"name":"Telegram: Айгерим","pipeline_id":7000001,"status_id":7000011,"request_id":"t42-conv-8812",
                  "_embedded":{"tags":[{"name":"sauda"}],"contacts":[{"first_name":"Айгерим",
                  "custom_fields_values":[{"field_code":"PHONE","values":[{"value":"+77011234567","enum_code":"MOB"}]}]}]}}]
                """)
            #expect(complex.status == 200)
            let made = try #require(try JSONValue.parse(complex.body).arrayValue?.first)
            #expect(made["request_id"] == ["t42-conv-8812"])
            #expect(made["merged"] == false)
            let leadID = try #require(made["id"]?.numberValue)
            #expect(made["contact_id"]?.numberValue != nil)
            let notes = try await H.call(port, "/api/v4/leads/\(Int(leadID))/notes", method: .POST, body: #"[{"note_type":"common","params":{"text":"Привет"}}]"#)
            let note = try #require(try JSONValue.parse(notes.body)["_embedded"]?["notes"]?.arrayValue?.first)
            #expect(note["entity_id"]?.numberValue == leadID)
            #expect(note["request_id"] == "0")
            let patched = try await H.call(port, "/api/v4/leads/\(Int(leadID))", method: .PATCH, body: #"{"name":"Новое имя","status_id":142}"#)
            #expect(try JSONValue.parse(patched.body)["id"]?.numberValue == leadID)
            #expect(simulator.leads[Int(leadID)]?["status_id"] == 142)

            let invalid = try await H.call(port, "/api/v4/leads", method: .POST, body: #"[{"name":"x","custom_fields_values":[{"field_id":1,"values":[{"value":"a"}]}]}]"#)
            #expect(invalid.status == 400)
            #expect(invalid.contentType == "application/problem+json")
            let problem = try JSONValue.parse(invalid.body)
            #expect(problem["title"] == "Bad Request" && problem["status"] == 400 && problem["detail"] == "Request validation failed")
            let error = problem["validation-errors"]?.arrayValue?.first
            #expect(error?["request_id"] == "0")
            #expect(error?["errors"]?.arrayValue?.first?["path"] == "custom_fields_values.0.field_id")
            #expect(simulator.leads.count == 1, "a refused batch writes nothing")
            let unauthorized = try await H.call(port, "/api/v4/account", token: "nope")
            #expect(unauthorized.status == 401 && unauthorized.contentType == "application/problem+json")
        }
    }

    @Test func theEighthCallInASecondIsA429ThatIsNotJSON() async throws {
        let clock = ManualClock()
        let simulator = AmoSimulator(requestsPerSecond: 7, clock: clock)
        try await SimulatorServer.withServer(simulator.router()) { port in
            for _ in 0..<7 { #expect(try await H.call(port, "/api/v4/account").status == 200) }
            let refused = try await H.call(port, "/api/v4/account")
            #expect(refused.status == 429)
            #expect((try? JSONValue.parse(refused.body)) == nil)
            clock.advance(by: .seconds(1))
            #expect(try await H.call(port, "/api/v4/account").status == 200)
        }
    }

    @Test func aRefreshTokenWorksOnce() async throws {
        let simulator = H.simulator()
        try await SimulatorServer.withServer(simulator.router()) { port in
            let first = try await H.call(port, "/oauth2/access_token", method: .POST, token: nil, body: """
                {"client_id":"sim-client","client_secret":"sim-secret","grant_type":"authorization_code","code":"sim-auth-code","redirect_uri":"x"}
                """)
            let pair = try JSONValue.parse(first.body)
            let access = try #require(pair["access_token"]?.stringValue)
            let refresh = try #require(pair["refresh_token"]?.stringValue)
            #expect(pair["expires_in"] == 86_400 && pair["token_type"] == "Bearer")
            #expect(try await H.call(port, "/api/v4/account", token: access).status == 200)
            let body = #"{"client_id":"sim-client","client_secret":"sim-secret","grant_type":"refresh_token","refresh_token":"\#(refresh)","redirect_uri":"x"}"#
            let renewed = try await H.call(port, "/oauth2/access_token", method: .POST, token: nil, body: body)
            #expect(renewed.status == 200)
            let again = try await H.call(port, "/oauth2/access_token", method: .POST, token: nil, body: body)
            #expect(again.status == 400)
            #expect(try JSONValue.parse(again.body)["hint"] == "Token has been revoked")
            simulator.expireAccessTokens()
            #expect(try await H.call(port, "/api/v4/account", token: access).status == 401)
            #expect(try await H.call(port, "/api/v4/account").status == 200, "the long-lived token does not expire")
        }
    }
}
