import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaModels
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// Every endpoint of the admin API over HTTP: the OpenAPI document against what the server registers, 401 and 403
/// for each endpoint, each answer against its documented schema, cross-tenant attempts and bad parameters.
@Suite struct AdminEndpointsTests {
    typealias Fixture = AdminAPITests.Fixture

    /// The admin API with a burst large enough for a test's many calls.
    static func withAPI(_ body: @escaping @Sendable (Fixture, OpenAPIContract) async throws -> Void) async throws {
        try await AdminAPITests.withAdminAPI(configure: { $0.adminRequestBurst = 100_000 }) { fixture in
            let served = try await AdminAPITests.call(fixture, .get, "/openapi.json", token: nil)
            #expect(served.status == .ok)
            try await body(fixture, OpenAPIContract(document: try #require(served.json)))
        }
    }

    /// Calls an endpoint and checks the answer against the schema documented for its status.
    @discardableResult
    static func call(_ fixture: Fixture, _ contract: OpenAPIContract, _ method: HTTPRequest.Method, _ template: String, _ uri: String,
                     token: String?, body: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> (status: HTTPResponse.Status, json: JSONValue?) {
        let response = try await AdminAPITests.call(fixture, method, uri, token: token, body: body)
        let problems = contract.problems(of: response.json, method: method, path: template, status: response.status)
        #expect(problems.isEmpty, "\(method.rawValue) \(uri) → \(response.status.code): \(problems)", sourceLocation: sourceLocation)
        return (response.status, response.json)
    }

    /// Waits until `check` holds, for up to `timeout`.
    static func eventually(_ timeout: Duration = .seconds(15), _ check: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await check() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await check()
    }

    /// A customer writes in the web chat.
    static func customerWrites(_ fixture: Fixture, session: String, _ text: String, id: String) async throws {
        let body = try String(decoding: JSONEncoder().encode(["session": session, "text": text, "id": id]), as: UTF8.self)
        let accepted = try await AdminAPITests.call(fixture, .post, "/api/v1/webchat/default/messages", token: nil, body: body)
        #expect(accepted.status == .accepted)
    }

    /// The messages of a contact through the API.
    static func messages(_ fixture: Fixture, contact: Int, token: String) async throws -> [JSONValue] {
        try await AdminAPITests.call(fixture, .get, "/api/v1/contacts/\(contact)/messages?limit=500", token: token).json?["messages"]?.arrayValue ?? []
    }

    @Test func theOpenAPIDocumentListsExactlyTheRegisteredEndpointsWithTheirRoles() async throws {
        try await Self.withAPI { fixture, contract in
            #expect(contract.document["openapi"] == "3.1.0")
            let registered = Set(fixture.system.adminEndpoints.map {
                OpenAPIContract.Operation(method: $0.method, path: "/api/v1/" + $0.path, role: $0.access)
            })
            #expect(registered.count == fixture.system.adminEndpoints.count, "no endpoint registered twice")
            #expect(contract.operations == registered,
                    "documented only: \(contract.operations.subtracting(registered)); registered only: \(registered.subtracting(contract.operations))")
        }
    }

    @Test func everyEndpointRefusesCallsWithoutATokenOrWithTooLowARole() async throws {
        try await Self.withAPI { fixture, contract in
            for operation in contract.operations.sorted(by: { $0.path + $0.method < $1.path + $1.method }) {
                let uri = operation.path.replacingOccurrences(of: "{contact}", with: "1").replacingOccurrences(of: "{name}", with: "x")
                    .replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{phone}", with: "77010000000")
                    .replacingOccurrences(of: "{business}", with: "second")
                let method = HTTPRequest.Method(operation.method) ?? .get
                let anonymous = try await Self.call(fixture, contract, method, operation.path, uri, token: nil)
                #expect(anonymous.status == .unauthorized, "\(operation.method) \(uri) without a token")
                let lower: [String] = switch operation.role {
                case "admin": [fixture.viewer, fixture.operatorToken]
                case "operator": [fixture.viewer]
                default: []
                }
                for token in lower {
                    let refused = try await Self.call(fixture, contract, method, operation.path, uri, token: token)
                    #expect(refused.status == .forbidden, "\(operation.method) \(uri) with a lower role")
                }
            }
        }
    }

    @Test func anOperatorFollowsAConversationTakesItOverWritesAndHandsItBack() async throws {
        try await Self.withAPI { fixture, contract in
            let session = "ops-1"
            try await Self.customerWrites(fixture, session: session, "Здравствуйте! Сколько стоят EVA коврики на Camry?", id: "m1")
            // The contact appears with the bot's reply.
            var contactID = 0
            #expect(try await Self.eventually {
                let page = try await AdminAPITests.call(fixture, .get, "/api/v1/contacts?channel=webchat&q=OPS-1", token: fixture.viewer)
                guard let item = page.json?["contacts"]?.arrayValue?.first, item["message_count"]?.numberValue ?? 0 >= 2 else { return false }
                contactID = Int(item["contact"]?["id"]?.numberValue ?? 0)
                return true
            })
            let list = try await Self.call(fixture, contract, .get, "/api/v1/contacts", "/api/v1/contacts?status=client&limit=10", token: fixture.viewer)
            #expect(list.json?["total"]?.numberValue == 1)
            #expect(list.json?["contacts"]?[0]?["contact"]?["status"] == "client")
            #expect(list.json?["contacts"]?[0]?["last_message"]?["author"] == "bot")
            let none = try await Self.call(fixture, contract, .get, "/api/v1/contacts", "/api/v1/contacts?status=not_client", token: fixture.viewer)
            #expect(none.json?["total"]?.numberValue == 0)
            #expect(try await Self.call(fixture, contract, .get, "/api/v1/contacts", "/api/v1/contacts?is_client=true&paused=false",
                                        token: fixture.viewer).json?["total"]?.numberValue == 1)

            let detail = try await Self.call(fixture, contract, .get, "/api/v1/contacts/{contact}", "/api/v1/contacts/\(contactID)", token: fixture.viewer)
            #expect(detail.json?["contact"]?["chat_id"]?.stringValue == session)
            #expect(detail.json?["contact"]?["bot_paused"] == false)

            let firstPage = try await Self.call(fixture, contract, .get, "/api/v1/contacts/{contact}/messages",
                                                "/api/v1/contacts/\(contactID)/messages?limit=1", token: fixture.viewer)
            #expect(firstPage.json?["messages"]?.arrayValue?.count == 1)
            #expect(firstPage.json?["messages"]?[0]?["author"] == "customer")
            let after = Int(try #require(firstPage.json?["next_after"]?.numberValue))
            let secondPage = try await Self.call(fixture, contract, .get, "/api/v1/messages/{contact}", "/api/v1/messages/\(contactID)?after=\(after)",
                                                 token: fixture.viewer)
            #expect(secondPage.json?["messages"]?[0]?["author"] == "bot")
            #expect(secondPage.json?["next_after"] == nil)

            // The model calls of the turn are recorded (the usage log writes in batches).
            #expect(try await Self.eventually {
                let activity = try await AdminAPITests.call(fixture, .get, "/api/v1/contacts/\(contactID)/activity", token: fixture.viewer)
                return !(activity.json?["model_calls"]?.arrayValue?.isEmpty ?? true)
            })
            let activity = try await Self.call(fixture, contract, .get, "/api/v1/contacts/{contact}/activity",
                                               "/api/v1/contacts/\(contactID)/activity", token: fixture.viewer)
            #expect(activity.json?["model_calls"]?[0]?["purpose"] != nil)

            // The operator takes over: the bot stays silent while the customer writes.
            let paused = try await Self.call(fixture, contract, .post, "/api/v1/contacts/{contact}/pause", "/api/v1/contacts/\(contactID)/pause",
                                             token: fixture.operatorToken, body: #"{"minutes": 30}"#)
            #expect(paused.status == .ok)
            #expect(paused.json?["bot_paused"] == true)
            #expect(paused.json?["paused_by"] == "Оператор")
            #expect(try await Self.call(fixture, contract, .get, "/api/v1/contacts", "/api/v1/contacts?paused=true",
                                        token: fixture.viewer).json?["total"]?.numberValue == 1)
            try await Self.customerWrites(fixture, session: session, "А можно поговорить с человеком?", id: "m2")
            #expect(try await Self.eventually {
                try await Self.messages(fixture, contact: contactID, token: fixture.viewer).contains { $0["message_id"] == "wc:ops-1:m2" }
            })
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await Self.messages(fixture, contact: contactID, token: fixture.viewer).last?["author"] == "customer",
                    "the bot does not answer a chat an operator took over")

            let written = try await Self.call(fixture, contract, .post, "/api/v1/contacts/{contact}/messages", "/api/v1/contacts/\(contactID)/messages",
                                              token: fixture.operatorToken, body: #"{"text": "Здравствуйте, я Анна, менеджер. Помогу с выбором."}"#)
            #expect(written.status == .accepted)
            // The customer sees the operator's message in the web chat once the sender delivered it.
            #expect(try await Self.eventually {
                let conversation = try await AdminAPITests.call(fixture, .get, "/api/v1/webchat/default/sessions/\(session)/messages", token: nil)
                return conversation.json?["messages"]?.arrayValue?.contains {
                    $0["role"] == "human" && $0["text"]?.stringValue?.hasPrefix("Здравствуйте, я Анна") == true
                } == true
            })

            let resumed = try await Self.call(fixture, contract, .post, "/api/v1/contacts/{contact}/resume", "/api/v1/contacts/\(contactID)/resume",
                                              token: fixture.operatorToken)
            #expect(resumed.json?["bot_paused"] == false)
            try await Self.customerWrites(fixture, session: session, "Спасибо! А доставка в Астану есть?", id: "m3")
            #expect(try await Self.eventually {
                try await Self.messages(fixture, contact: contactID, token: fixture.viewer).last?["author"] == "bot"
            }, "the bot answers again after the hand-back")

            let verdict = try await Self.call(fixture, contract, .post, "/api/v1/contacts/{contact}/classify", "/api/v1/contacts/\(contactID)/classify",
                                              token: fixture.operatorToken)
            #expect(verdict.status == .ok)

            // Another tenant's admin reaches none of it.
            for (method, template, uri) in [(HTTPRequest.Method.get, "/api/v1/contacts/{contact}", "/api/v1/contacts/\(contactID)"),
                                            (.get, "/api/v1/contacts/{contact}/messages", "/api/v1/contacts/\(contactID)/messages"),
                                            (.get, "/api/v1/contacts/{contact}/activity", "/api/v1/contacts/\(contactID)/activity"),
                                            (.post, "/api/v1/contacts/{contact}/pause", "/api/v1/contacts/\(contactID)/pause"),
                                            (.post, "/api/v1/contacts/{contact}/resume", "/api/v1/contacts/\(contactID)/resume"),
                                            (.post, "/api/v1/contacts/{contact}/classify", "/api/v1/contacts/\(contactID)/classify")] {
                let foreign = try await Self.call(fixture, contract, method, template, uri, token: fixture.otherTenantAdmin)
                #expect(foreign.status == .notFound, "\(method.rawValue) \(uri) from another tenant")
            }
            let foreignSend = try await Self.call(fixture, contract, .post, "/api/v1/contacts/{contact}/messages", "/api/v1/contacts/\(contactID)/messages",
                                                  token: fixture.otherTenantAdmin, body: #"{"text": "чужой"}"#)
            #expect(foreignSend.status == .notFound)
            #expect(try await Self.call(fixture, contract, .get, "/api/v1/contacts", "/api/v1/contacts", token: fixture.otherTenantAdmin).json?["total"]?.numberValue == 0)
            #expect(!(try await Self.messages(fixture, contact: contactID, token: fixture.viewer).contains { $0["text"] == "чужой" }))

            // Today's figures and the message log.
            let stats = try await Self.call(fixture, contract, .get, "/api/v1/stats", "/api/v1/stats", token: fixture.viewer)
            #expect(stats.json?["messages_received_today"]?.numberValue ?? 0 >= 3)
            #expect(try await Self.call(fixture, contract, .get, "/api/v1/stats", "/api/v1/stats", token: fixture.otherTenantAdmin)
                .json?["messages_received_today"]?.numberValue == 0)
            let log = try await Self.call(fixture, contract, .get, "/api/v1/logs/messages", "/api/v1/logs/messages?direction=incoming&limit=2",
                                          token: fixture.viewer)
            #expect(log.json?["messages"]?.arrayValue?.count == 2)
            let before = Int(try #require(log.json?["next_before"]?.numberValue))
            let older = try await Self.call(fixture, contract, .get, "/api/v1/logs/messages", "/api/v1/logs/messages?direction=incoming&before=\(before)",
                                            token: fixture.viewer)
            #expect(older.json?["messages"]?.arrayValue?.count == 1)
            #expect(try await Self.call(fixture, contract, .get, "/api/v1/logs/messages", "/api/v1/logs/messages", token: fixture.otherTenantAdmin)
                .json?["messages"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func testSendReachesAWebChatSessionAndNeedsAWhatsAppNumberForPhones() async throws {
        try await Self.withAPI { fixture, contract in
            let template = "/api/v1/test/send-message"
            let sent = try await Self.call(fixture, contract, .post, template, template, token: fixture.operatorToken,
                                           body: #"{"session": "visitor-7", "text": "Проверка связи"}"#)
            #expect(sent.status == .accepted)
            #expect(try await Self.eventually {
                let conversation = try await AdminAPITests.call(fixture, .get, "/api/v1/webchat/default/sessions/visitor-7/messages", token: nil)
                return conversation.json?["messages"]?.arrayValue?.contains { $0["text"] == "Проверка связи" } == true
            })
            let phone = try await Self.call(fixture, contract, .post, template, template, token: fixture.operatorToken,
                                            body: #"{"phone_number": "+7 701 555 00 11", "text": "Проверка"}"#)
            #expect(phone.status == .conflict, "no WhatsApp number is configured in this test")
            for body in [#"{"text": "кому?"}"#, #"{"session": "a", "phone_number": "77015550011", "text": "оба"}"#,
                         #"{"session": "visitor-7", "text": "   "}"#, #"{"phone_number": "позвоните", "text": "x"}"#,
                         #"{"session": "visitor 7!", "text": "x"}"#] {
                let refused = try await Self.call(fixture, contract, .post, template, template, token: fixture.operatorToken, body: body)
                #expect(refused.status == .badRequest, "\(body)")
            }
        }
    }

    @Test func followUpsAndCallsListOnlyTheCallersTenant() async throws {
        try await Self.withAPI { fixture, contract in
            let now = Date()
            try await fixture.system.database.transaction { sql in
                let key = ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "77015550077@c.us")
                let contact = try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: "+77015550077", profile: ContactProfile(name: "Дана"),
                                                                            initialStatus: .client, now: now)
                try await FollowUpRepository(sql).restart(tenantID: "default", contactID: contact.id, reason: .noReply,
                                                          firstTouchAt: now.addingTimeInterval(3600), now: now)
                _ = try await ScheduledCallRepository(sql).book(tenantID: "default", contactID: contact.id, at: now.addingTimeInterval(86_400),
                                                                timeZone: "Asia/Almaty", manager: nil, notes: "EVA коврики", now: now)
            }
            let chains = try await Self.call(fixture, contract, .get, "/api/v1/follow-ups/active", "/api/v1/follow-ups/active", token: fixture.viewer)
            #expect(chains.json?["follow_ups"]?.arrayValue?.count == 1)
            #expect(chains.json?["follow_ups"]?[0]?["contact"]?["name"] == "Дана")
            #expect(chains.json?["follow_ups"]?[0]?["touch_number"]?.numberValue == 1)
            let calls = try await Self.call(fixture, contract, .get, "/api/v1/scheduled-calls", "/api/v1/scheduled-calls?status=scheduled",
                                            token: fixture.viewer)
            #expect(calls.json?["calls"]?.arrayValue?.count == 1)
            #expect(calls.json?["calls"]?[0]?["contact"]?["phone_number"] == "+77015550077")
            let window = try await Self.call(fixture, contract, .get, "/api/v1/scheduled-calls",
                                             "/api/v1/scheduled-calls?from=\(ISO8601.format(now))&to=\(ISO8601.format(now.addingTimeInterval(3600)))",
                                             token: fixture.viewer)
            #expect(window.json?["calls"]?.arrayValue?.isEmpty == true, "the call is tomorrow, outside the window")
            #expect(try await Self.call(fixture, contract, .get, "/api/v1/follow-ups/active", "/api/v1/follow-ups/active",
                                        token: fixture.otherTenantAdmin).json?["follow_ups"]?.arrayValue?.isEmpty == true)
            #expect(try await Self.call(fixture, contract, .get, "/api/v1/scheduled-calls", "/api/v1/scheduled-calls",
                                        token: fixture.otherTenantAdmin).json?["calls"]?.arrayValue?.isEmpty == true)
            let stats = try await Self.call(fixture, contract, .get, "/api/v1/stats", "/api/v1/stats", token: fixture.viewer)
            #expect(stats.json?["calls_today"]?.numberValue.map { $0 + (stats.json?["calls_tomorrow"]?.numberValue ?? 0) } == 1)
        }
    }

    @Test func anAdminManagesTheKnowledgeBaseOfItsTenant() async throws {
        try await Self.withAPI { fixture, contract in
            let template = "/api/v1/knowledge/{name}"
            let uri = "/api/v1/knowledge/%D0%93%D0%B0%D1%80%D0%B0%D0%BD%D1%82%D0%B8%D1%8F.md"  // «Гарантия.md»
            let added = try await Self.call(fixture, contract, .put, template, uri, token: fixture.admin,
                                            body: ##"{"content": "# Гарантия\nНа коврики гарантия 2 года."}"##)
            #expect(added.status == .created)
            let same = try await Self.call(fixture, contract, .put, template, uri, token: fixture.admin,
                                           body: ##"{"content": "# Гарантия\nНа коврики гарантия 2 года."}"##)
            #expect(same.status == .ok)
            #expect(same.json?["changed"] == false)
            var headers: HTTPFields = [.authorization: "Bearer \(fixture.admin)", .contentType: "text/markdown; charset=utf-8"]
            let replaced = try await fixture.client.execute(uri: uri, method: .put, headers: headers,
                                                           body: ByteBuffer(string: "# Гарантия\nГарантия 3 года.")) { $0.status }
            #expect(replaced == .ok)
            let listed = try await Self.call(fixture, contract, .get, "/api/v1/knowledge", "/api/v1/knowledge", token: fixture.viewer)
            #expect(listed.json?["documents"]?.arrayValue?.contains { $0["name"] == "Гарантия.md" } == true)
            let shown = try await Self.call(fixture, contract, .get, template, uri, token: fixture.viewer)
            #expect(shown.json?["content"] == "# Гарантия\nГарантия 3 года.")

            #expect(try await Self.call(fixture, contract, .get, template, uri, token: fixture.otherTenantAdmin).status == .notFound)
            #expect(try await Self.call(fixture, contract, .delete, template, uri, token: fixture.otherTenantAdmin).status == .notFound)
            #expect(try await Self.call(fixture, contract, .put, template, uri, token: fixture.admin, body: #"{"content": "  "}"#).status == .badRequest)
            #expect(try await Self.call(fixture, contract, .put, template, "/api/v1/knowledge/.hidden", token: fixture.admin,
                                        body: #"{"content": "x"}"#).status == .badRequest)
            headers[.contentType] = "text/plain"
            let invalid = try await fixture.client.execute(uri: uri, method: .put, headers: headers, body: ByteBuffer(bytes: [0xC3, 0x28])) { $0.status }
            #expect(invalid == .badRequest)

            #expect(try await Self.call(fixture, contract, .delete, template, uri, token: fixture.admin).status == .noContent)
            #expect(try await Self.call(fixture, contract, .get, template, uri, token: fixture.viewer).status == .notFound)
        }
    }

    @Test func anAdminMakesAndRevokesTokensOfItsTenant() async throws {
        try await Self.withAPI { fixture, contract in
            let made = try await Self.call(fixture, contract, .post, "/api/v1/tokens", "/api/v1/tokens", token: fixture.admin,
                                           body: #"{"name": "Касса", "role": "viewer"}"#)
            #expect(made.status == .created)
            let token = try #require(made.json?["token"]?.stringValue)
            let id = Int(try #require(made.json?["details"]?["id"]?.numberValue))
            #expect(try await Self.call(fixture, contract, .get, "/api/v1/stats", "/api/v1/stats", token: token).status == .ok)
            let listed = try await Self.call(fixture, contract, .get, "/api/v1/tokens", "/api/v1/tokens", token: fixture.admin)
            #expect(listed.json?["tokens"]?.arrayValue?.contains { $0["name"] == "Касса" && $0["token"] == nil } == true, "never the token itself")
            #expect(try await Self.call(fixture, contract, .get, "/api/v1/tokens", "/api/v1/tokens", token: fixture.otherTenantAdmin)
                .json?["tokens"]?.arrayValue?.contains { $0["name"] == "Касса" } == false)

            #expect(try await Self.call(fixture, contract, .delete, "/api/v1/tokens/{id}", "/api/v1/tokens/\(id)", token: fixture.otherTenantAdmin)
                .status == .notFound)
            #expect(try await Self.call(fixture, contract, .delete, "/api/v1/tokens/{id}", "/api/v1/tokens/\(id)", token: fixture.admin)
                .status == .noContent)
            #expect(try await Self.call(fixture, contract, .get, "/api/v1/stats", "/api/v1/stats", token: token).status == .unauthorized)
            for body in [#"{"name": "x", "role": "boss"}"#, #"{"name": "", "role": "viewer"}"#, #"{"role": "viewer"}"#] {
                #expect(try await Self.call(fixture, contract, .post, "/api/v1/tokens", "/api/v1/tokens", token: fixture.admin, body: body)
                    .status == .badRequest, "\(body)")
            }
            #expect(try await Self.call(fixture, contract, .delete, "/api/v1/tokens/{id}", "/api/v1/tokens/abc", token: fixture.admin)
                .status == .badRequest)
        }
    }

    @Test func badParametersGetAReasonNamingTheParameter() async throws {
        try await Self.withAPI { fixture, contract in
            let cases: [(String, String, String)] = [
                ("/api/v1/contacts", "/api/v1/contacts?colour=red", "«colour»"),
                ("/api/v1/contacts", "/api/v1/contacts?limit=0", "«limit»"),
                ("/api/v1/contacts", "/api/v1/contacts?limit=many", "«limit»"),
                ("/api/v1/contacts", "/api/v1/contacts?offset=-1", "«offset»"),
                ("/api/v1/contacts", "/api/v1/contacts?status=vip", "«status»"),
                ("/api/v1/contacts", "/api/v1/contacts?channel=fax", "«channel»"),
                ("/api/v1/contacts", "/api/v1/contacts?paused=maybe", "«paused»"),
                ("/api/v1/contacts/{contact}", "/api/v1/contacts/call-me", "neither a contact id nor a phone number"),
                ("/api/v1/contacts/{contact}/messages", "/api/v1/contacts/1/messages?limit=501", "«limit»"),
                ("/api/v1/scheduled-calls", "/api/v1/scheduled-calls?from=yesterday", "«from»"),
                ("/api/v1/scheduled-calls", "/api/v1/scheduled-calls?status=maybe", "«status»"),
                ("/api/v1/logs/messages", "/api/v1/logs/messages?direction=sideways", "«direction»"),
                ("/api/v1/stats", "/api/v1/stats?day=today", "«day»"),
            ]
            for (template, uri, reason) in cases {
                let refused = try await Self.call(fixture, contract, .get, template, uri, token: fixture.viewer)
                #expect(refused.status == .badRequest, "\(uri)")
                #expect(refused.json?["error"]?["reason"]?.stringValue?.contains(reason) == true, "\(uri) → \(String(describing: refused.json))")
            }
            #expect(try await Self.call(fixture, contract, .get, "/api/v1/contacts/{contact}", "/api/v1/contacts/999999", token: fixture.viewer)
                .status == .notFound)
            let badPause = try await Self.call(fixture, contract, .post, "/api/v1/contacts/{contact}/pause", "/api/v1/contacts/77015550000/pause",
                                               token: fixture.operatorToken, body: #"{"minutes": 0}"#)
            #expect(badPause.status == .badRequest)
            let notJSON = try await Self.call(fixture, contract, .post, "/api/v1/contacts/{contact}/messages", "/api/v1/contacts/1/messages",
                                              token: fixture.operatorToken, body: "{text")
            #expect(notJSON.status == .badRequest)
        }
    }
}
