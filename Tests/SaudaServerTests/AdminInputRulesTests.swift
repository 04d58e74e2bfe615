import Foundation
import HTTPTypes
import SaudaCore
import Testing

/// The admin API takes exactly what its OpenAPI document admits (what schemathesis's `positive_data_acceptance` and
/// `negative_data_rejection` check): lengths in code points as JSON Schema counts them, phone numbers and document
/// names by the document's patterns, filters that combine instead of refusing each other.
@Suite struct AdminInputRulesTests {
    typealias Fixture = AdminAPITests.Fixture

    /// `text` percent-encoded for a path segment or a query value.
    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// A refusal: 400 with a reason containing `reason`.
    static func expectRefused(_ response: (status: HTTPResponse.Status, json: JSONValue?), _ reason: String, _ what: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == .badRequest, "\(what)", sourceLocation: sourceLocation)
        #expect(response.json?["error"]?["reason"]?.stringValue?.contains(reason) == true,
                "\(what) → \(String(describing: response.json))", sourceLocation: sourceLocation)
    }

    @Test func contactReferencesFollowTheDocumentedPattern() async throws {
        try await AdminEndpointsTests.withAPI { fixture, contract in
            for reference in [" 1", "1 ", "call 77015550000", "77015550000@c.us", "+7 701 555 00 00 ", "1234567890123456", "(701) 555 00 00"] {
                let answer = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/contacts/{contact}",
                                                                "/api/v1/contacts/\(Self.encoded(reference))", token: fixture.viewer)
                Self.expectRefused(answer, "neither a contact id nor a phone number", reference)
            }
            for reference in ["999999", "+7 (701) 555-00-00", "87015550000", "7015550000"] {
                let answer = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/contacts/{contact}",
                                                                "/api/v1/contacts/\(Self.encoded(reference))", token: fixture.viewer)
                #expect(answer.status == .notFound, "\(reference)")
            }
        }
    }

    @Test func textsCountCodePointsAndRefuseOnlySpaces() async throws {
        try await AdminEndpointsTests.withAPI { fixture, contract in
            // 2 049 characters of two code points each: 4 098 code points, over the documented 4 096.
            let combining = String(repeating: "e\u{301}", count: 2049)
            for (body, reason) in [(#"{"text": " \n\u3000"}"#, "only spaces"), (#"{"text": "\#(combining)"}"#, "longer than 4096")] {
                Self.expectRefused(try await AdminEndpointsTests.call(fixture, contract, .post, "/api/v1/contacts/{contact}/messages",
                                                                      "/api/v1/contacts/1/messages", token: fixture.operatorToken, body: body),
                                   reason, "text \(body.prefix(20))")
                Self.expectRefused(try await AdminEndpointsTests.call(fixture, contract, .post, "/api/v1/test/send-message",
                                                                      "/api/v1/test/send-message", token: fixture.operatorToken,
                                                                      body: #"{"session": "s-1", "text": "# + body.dropFirst(9)),
                                   reason, "test send \(body.prefix(20))")
            }
            Self.expectRefused(try await AdminEndpointsTests.call(fixture, contract, .post, "/api/v1/tokens", "/api/v1/tokens",
                                                                  token: fixture.admin, body: #"{"name": "\t ", "role": "viewer"}"#),
                               "only spaces", "a blank token name")
            let note = String(repeating: "e\u{301}", count: 101)
            Self.expectRefused(try await AdminEndpointsTests.call(fixture, contract, .post, "/api/v1/whitelist", "/api/v1/whitelist",
                                                                  token: fixture.admin, body: #"{"phone_number": "+77015551234", "note": "\#(note)"}"#),
                               "longer than 200", "a note of 202 code points")
            let query = String(repeating: "e\u{301}", count: 51)
            Self.expectRefused(try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/contacts",
                                                                  "/api/v1/contacts?q=\(Self.encoded(query))", token: fixture.viewer),
                               "«q» is longer than 100", "q of 102 code points")
        }
    }

    @Test func phoneNumbersFollowTheDocumentedPattern() async throws {
        try await AdminEndpointsTests.withAPI { fixture, contract in
            for phone in ["77015551234@c.us", "tel: 77015551234", "+7 701 555 12 34 ", "7015551234567890"] {
                Self.expectRefused(try await AdminEndpointsTests.call(fixture, contract, .post, "/api/v1/whitelist", "/api/v1/whitelist",
                                                                      token: fixture.admin, body: #"{"phone_number": "\#(phone)"}"#),
                                   "is not a phone number", phone)
                Self.expectRefused(try await AdminEndpointsTests.call(fixture, contract, .post, "/api/v1/test/send-message",
                                                                      "/api/v1/test/send-message", token: fixture.operatorToken,
                                                                      body: #"{"phone_number": "\#(phone)", "text": "Здравствуйте"}"#),
                                   "is not a phone number", "test send to \(phone)")
                Self.expectRefused(try await AdminEndpointsTests.call(fixture, contract, .delete, "/api/v1/whitelist/{phone}",
                                                                      "/api/v1/whitelist/\(Self.encoded(phone))", token: fixture.admin),
                                   "is not a phone number", "removing \(phone)")
            }
            let added = try await AdminEndpointsTests.call(fixture, contract, .post, "/api/v1/whitelist", "/api/v1/whitelist",
                                                           token: fixture.admin, body: #"{"phone_number": "+7 (701) 555-12-34", "note": null}"#)
            #expect(added.status == .created)
            #expect(added.json?["phone_number"] == "+77015551234")
        }
    }

    @Test func documentNamesFollowTheDocumentedPattern() async throws {
        try await AdminEndpointsTests.withAPI { fixture, contract in
            for name in [" цены", "цены ", ".hidden", "a\u{7}b", String(repeating: "e\u{301}", count: 61)] {
                Self.expectRefused(try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/knowledge/{name}",
                                                                      "/api/v1/knowledge/\(Self.encoded(name))", token: fixture.viewer),
                                   "a document name has 1 to 120 characters", name)
            }
            let stored = try await AdminEndpointsTests.call(fixture, contract, .put, "/api/v1/knowledge/{name}",
                                                            "/api/v1/knowledge/\(Self.encoded("цены и сроки"))", token: fixture.admin,
                                                            body: #"{"content": "Доставка за 2 дня."}"#)
            #expect([.created, .ok].contains(stored.status))
        }
    }

    @Test func filtersThatExcludeEachOtherListNothing() async throws {
        try await AdminEndpointsTests.withAPI { fixture, contract in
            // A test send to a web-chat session makes its contact, a client, at once.
            let sent = try await AdminEndpointsTests.call(fixture, contract, .post, "/api/v1/test/send-message", "/api/v1/test/send-message",
                                                          token: fixture.operatorToken, body: #"{"session": "rules-1", "phone_number": null, "text": "Здравствуйте"}"#)
            #expect(sent.status == .accepted)
            let all = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/contacts", "/api/v1/contacts?status=client",
                                                         token: fixture.viewer)
            #expect(all.status == .ok)
            #expect((all.json?["total"]?.numberValue ?? 0) > 0, "web-chat visitors are clients")
            let both = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/contacts",
                                                          "/api/v1/contacts?status=client&is_client=true", token: fixture.viewer)
            #expect(both.json?["total"] == all.json?["total"])
            let contradictory = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/contacts",
                                                                   "/api/v1/contacts?status=client&is_client=false", token: fixture.viewer)
            #expect(contradictory.status == .ok)
            #expect(contradictory.json?["total"] == 0)
            #expect(contradictory.json?["contacts"]?.arrayValue?.isEmpty == true)
            let backwards = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/scheduled-calls",
                                                               "/api/v1/scheduled-calls?from=2026-11-24&to=2026-11-23", token: fixture.viewer)
            #expect(backwards.status == .ok)
            #expect(backwards.json?["calls"]?.arrayValue?.isEmpty == true)
        }
    }
}
