import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// The operator console over real HTTP: sign-in, roles, tenants, the takeover flow with the web chat, live
/// streams and the refusal of forms from other sites.
@Suite struct DashboardTests {
    typealias Fixture = AdminAPITests.Fixture

    struct Reply: Sendable {
        let status: HTTPResponse.Status
        let body: String
        let headers: HTTPFields
        var location: String? { headers[.location] }
        var cookies: [String] { headers[values: .setCookie] }
    }

    static func withConsole(_ body: @escaping @Sendable (Fixture) async throws -> Void) async throws {
        try await AdminAPITests.withAdminAPI(operatorName: "Айгерим", body)
    }

    static func encode(_ form: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    static func call(_ fixture: Fixture, _ method: HTTPRequest.Method, _ uri: String, token: String?, form: [String: String]? = nil,
                     headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if let token { headers[.cookie] = "sauda_console=\(token)" }
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        return try await fixture.client.execute(uri: uri, method: method, headers: headers,
                                                body: form.map { ByteBuffer(string: encode($0)) }) { response in
            Reply(status: response.status, body: String(buffer: response.body), headers: response.headers)
        }
    }

    /// A customer writes in the web chat.
    static func customer(_ fixture: Fixture, session: String, text: String, id: String) async throws {
        try await fixture.client.execute(uri: "/api/v1/webchat/default/messages", method: .post, headers: [.contentType: "application/json"],
                                         body: json(["session": session, "text": text, "id": id])) { response in
            #expect(response.status == .accepted, "\(String(buffer: response.body))")
        }
    }

    /// The contact of a web-chat session of the default tenant (the agent makes it from the first message).
    static func contact(_ fixture: Fixture, session: String) async throws -> Contact {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let found = try await fixture.system.database.read { sql in
                try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .webchat, chatID: session))
            }
            if let found { return found }
            guard ContinuousClock.now < deadline else { return try #require(found) }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Waits until `check` holds, at most 20 s.
    static func eventually(_ what: String, _ check: @Sendable () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if try await check() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting until \(what)")
    }

    @Test func signingInSetsAStrictHttpOnlyCookieAndAWrongTokenIsRefused() async throws {
        try await Self.withConsole { fixture in
            let form = try await Self.call(fixture, .get, "/console/login", token: nil)
            #expect(form.status == .ok)
            #expect(form.body.contains("name=\"token\""))

            let wrong = try await Self.call(fixture, .post, "/console/login", token: nil, form: ["token": "sda_" + String(repeating: "B", count: 43)])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("Токен не подошёл"))
            #expect(wrong.cookies.isEmpty)

            let good = try await Self.call(fixture, .post, "/console/login", token: nil,
                                           form: ["token": fixture.operatorToken, "next": "/console/conversations"])
            #expect(good.status == .seeOther)
            #expect(good.location == "/console/conversations")
            let cookie = try #require(good.cookies.first { $0.hasPrefix("sauda_console=") })
            #expect(cookie.contains(fixture.operatorToken))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/console"))

            // An outside address after signing in is not followed.
            let elsewhere = try await Self.call(fixture, .post, "/console/login", token: nil,
                                                form: ["token": fixture.operatorToken, "next": "https://evil.example/"])
            #expect(elsewhere.location == "/console")

            let today = try await Self.call(fixture, .get, "/console", token: fixture.operatorToken)
            #expect(today.status == .ok)
            #expect(today.body.contains("Сегодня"))
            #expect(today.body.contains("Айгерим"))
            let english = try await Self.call(fixture, .get, "/console?lang=en", token: fixture.operatorToken)
            #expect(english.body.contains("Today"))
            #expect(english.body.contains("<html lang=\"en\">"))
            #expect(english.cookies.contains { $0.hasPrefix("sauda_lang=en") })

            let out = try await Self.call(fixture, .post, "/console/logout", token: fixture.operatorToken)
            #expect(out.status == .seeOther)
            #expect(out.cookies.contains { $0.hasPrefix("sauda_console=;") || $0.hasPrefix("sauda_console=") && $0.contains("Max-Age=0") })
        }
    }

    @Test func outlandishPageNumbersAreClampedAndAnHTTPSSignInGetsASecureCookie() async throws {
        try await Self.withConsole { fixture in
            for path in ["/console/follow-ups?page=9223372036854775807", "/console/conversations?page=9223372036854775807",
                         "/console/calls?week=9223372036854775807", "/console/follow-ups?page=-5"] {
                #expect(try await Self.call(fixture, .get, path, token: fixture.viewer).status == .ok, "\(path)")
            }
            let plain = try await Self.call(fixture, .post, "/console/login", token: nil, form: ["token": fixture.viewer])
            #expect(plain.cookies.contains { $0.hasPrefix("sauda_console=") && !$0.contains("Secure") }, "plain HTTP on loopback")
            let proxied = try await Self.call(fixture, .post, "/console/login", token: nil, form: ["token": fixture.viewer],
                                              headers: [HTTPFields.Element.Name("X-Forwarded-Proto")!: "https"])
            #expect(proxied.cookies.contains { $0.hasPrefix("sauda_console=") && $0.contains("Secure") }, "\(proxied.cookies)")
        }
    }

    @Test func everyPageWithoutAValidCookieRedirectsToTheLogin() async throws {
        try await Self.withConsole { fixture in
            for path in ["/console", "/console/conversations", "/console/conversations/1", "/console/follow-ups", "/console/calls",
                         "/console/whitelist", "/console/knowledge", "/console/events/contacts", "/console/events/conversations/1"] {
                let reply = try await Self.call(fixture, .get, path, token: nil)
                #expect(reply.status == .seeOther, "\(path)")
                #expect(reply.location?.hasPrefix("/console/login?next=") == true, "\(path)")
                let forged = try await Self.call(fixture, .get, path, token: "sda_" + String(repeating: "C", count: 43))
                #expect(forged.status == .seeOther, "\(path) with an unknown token")
            }
            let action = try await Self.call(fixture, .post, "/console/conversations/1/take-over", token: nil, form: [:])
            #expect(action.status == .seeOther)
            #expect(try await Self.call(fixture, .get, "/console/assets/console.css", token: nil).status == .ok)
        }
    }

    @Test func aViewerSeesButCannotTakeOverAndOnlyAnAdminChangesSettings() async throws {
        try await Self.withConsole { fixture in
            try await Self.customer(fixture, session: "viewer", text: "Здравствуйте! Сколько стоят EVA коврики?", id: "v1")
            _ = try await waitForAnswers(fixture.client, session: "viewer", count: 1)
            let contact = try await Self.contact(fixture, session: "viewer")

            let page = try await Self.call(fixture, .get, "/console/conversations/\(contact.id)", token: fixture.viewer)
            #expect(page.status == .ok)
            #expect(page.body.contains("Сколько стоят EVA коврики?"))
            #expect(!page.body.contains("id=\"take-over\""), "a viewer gets no takeover button")

            let refused = try await Self.call(fixture, .post, "/console/conversations/\(contact.id)/take-over", token: fixture.viewer, form: ["hours": "1"])
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("наблюдатель"))
            #expect(refused.body.contains("оператор"))
            #expect(try await Self.contact(fixture, session: "viewer").botPausedUntil == nil)

            for token in [fixture.viewer, fixture.operatorToken] {
                let add = try await Self.call(fixture, .post, "/console/whitelist", token: token, form: ["phone": "+77015550000"])
                #expect(add.status == .forbidden)
            }
            let added = try await Self.call(fixture, .post, "/console/whitelist", token: fixture.admin,
                                            form: ["phone": "8 701 555 00 00", "note": "<b>бухгалтер</b>"])
            #expect(added.status == .seeOther)
            let list = try await Self.call(fixture, .get, "/console/whitelist", token: fixture.viewer)
            #expect(list.body.contains("+77015550000"))
            #expect(list.body.contains("&lt;b&gt;бухгалтер&lt;/b&gt;"), "notes are escaped")
            #expect(!list.body.contains("<b>бухгалтер"))
            let removed = try await Self.call(fixture, .post, "/console/whitelist/remove", token: fixture.admin, form: ["phone": "77015550000"])
            #expect(removed.status == .seeOther)

            // The knowledge base: a document uploaded as a file, shown, then deleted.
            let boundary = "----sauda-test"
            let multipart = "--\(boundary)\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\n\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hours.md\"\r\nContent-Type: text/markdown\r\n\r\n"
                + "# Часы работы\n\nМы работаем с 9 до 21 без выходных.\r\n--\(boundary)--\r\n"
            let upload = try await fixture.client.execute(
                uri: "/console/knowledge", method: .post,
                headers: [.cookie: "sauda_console=\(fixture.admin)", .contentType: "multipart/form-data; boundary=\(boundary)"],
                body: ByteBuffer(string: multipart)) { $0.status }
            #expect(upload == .seeOther)
            let stored = try await fixture.system.console.knowledgeDocument(tenantID: "default", name: "hours.md")
            #expect(stored?.contains("с 9 до 21") == true)
            let document = try await Self.call(fixture, .get, "/console/knowledge/document?name=hours.md", token: fixture.viewer)
            #expect(document.body.contains("без выходных"))
            #expect(try await Self.call(fixture, .post, "/console/knowledge/remove", token: fixture.operatorToken, form: ["name": "hours.md"]).status
                == .forbidden)
            #expect(try await Self.call(fixture, .post, "/console/knowledge/remove", token: fixture.admin, form: ["name": "hours.md"]).status
                == .seeOther)
            #expect(try await fixture.system.console.knowledgeDocument(tenantID: "default", name: "hours.md") == nil)
        }
    }

    @Test func anotherTenantsTokenNeverReachesThisTenantsConversation() async throws {
        try await Self.withConsole { fixture in
            try await Self.customer(fixture, session: "secret-session", text: "Мой адрес: Абая 150, кв 7", id: "s1")
            _ = try await waitForAnswers(fixture.client, session: "secret-session", count: 1)
            let contact = try await Self.contact(fixture, session: "secret-session")
            let foreign = fixture.otherTenantAdmin
            for path in ["/console/conversations/\(contact.id)", "/console/events/conversations/\(contact.id)"] {
                let reply = try await Self.call(fixture, .get, path, token: foreign)
                #expect(reply.status == .notFound, "\(path)")
                #expect(!reply.body.contains("Абая"), "\(path) leaks nothing")
                #expect(!reply.body.contains("secret-session"))
            }
            for action in ["take-over", "hand-back", "send"] {
                let reply = try await Self.call(fixture, .post, "/console/conversations/\(contact.id)/\(action)", token: foreign,
                                                form: ["text": "чужое сообщение", "hours": "1"])
                #expect(reply.status == .notFound, "\(action)")
            }
            let list = try await Self.call(fixture, .get, "/console/conversations", token: foreign)
            #expect(list.status == .ok)
            #expect(!list.body.contains("secret-session"))
            #expect(try await Self.contact(fixture, session: "secret-session").botPausedUntil == nil)
            let messages = try await conversation(fixture.client, session: "secret-session").messages
            #expect(!messages.contains { $0.text == "чужое сообщение" })
            // This tenant's own token sees it.
            let own = try await Self.call(fixture, .get, "/console/conversations/\(contact.id)", token: fixture.viewer)
            #expect(own.body.contains("Абая 150"))
        }
    }

    @Test func anOperatorTakesOverWritesAsTheBusinessAndHandsBack() async throws {
        try await Self.withConsole { fixture in
            try await Self.customer(fixture, session: "flow", text: "Сколько стоят EVA коврики?", id: "q1")
            _ = try await waitForAnswers(fixture.client, session: "flow", count: 1)
            let contact = try await Self.contact(fixture, session: "flow")
            let path = "/console/conversations/\(contact.id)"
            let sameOrigin: HTTPFields = [.init("Origin")!: "http://localhost"]

            // Writing before taking over is refused: the bot and the operator would both answer.
            let early = try await Self.call(fixture, .post, path + "/send", token: fixture.operatorToken, form: ["text": "Рано"], headers: sameOrigin)
            #expect(early.status == .conflict)

            let taken = try await Self.call(fixture, .post, path + "/take-over", token: fixture.operatorToken, form: ["hours": "4"], headers: sameOrigin)
            #expect(taken.status == .seeOther)
            #expect(taken.location == path + "?done=taken")
            let paused = try await Self.contact(fixture, session: "flow")
            #expect((paused.botPausedUntil ?? .distantPast) > Date().addingTimeInterval(3 * 3600))
            let page = try await Self.call(fixture, .get, path, token: fixture.operatorToken)
            #expect(page.body.contains("id=\"composer-text\""))
            #expect(page.body.contains("id=\"hand-back\""))
            #expect(page.body.contains("Айгерим"))

            // The customer writes while the operator has the chat: the bot stays silent.
            try await Self.customer(fixture, session: "flow", text: "А доставка в Караганду есть?", id: "q2")
            try await Self.eventually("the second message was handled") {
                let detail = try await fixture.system.console.conversation(tenantID: "default", .id(contact.id))
                return detail.messages.first { $0.messageID == "wc:flow:q2" }?.handledAt != nil
            }
            try await Task.sleep(for: .milliseconds(300))
            let silent = try await conversation(fixture.client, session: "flow").messages
            #expect(silent.filter { $0.role == "bot" }.count == 1, "no bot reply while taken over")

            let sent = try await Self.call(fixture, .post, path + "/send", token: fixture.operatorToken,
                                           form: ["text": "Да, доставим за 3 дня. <Айгерим>"], headers: sameOrigin)
            #expect(sent.status == .seeOther)
            try await Self.eventually("the operator's message reached the web chat") {
                try await conversation(fixture.client, session: "flow").messages
                    .contains { $0.role == "human" && $0.text == "Да, доставим за 3 дня. <Айгерим>" }
            }
            let shown = try await Self.call(fixture, .get, path, token: fixture.viewer)
            #expect(shown.body.contains("Да, доставим за 3 дня. &lt;Айгерим&gt;"))
            #expect(shown.body.contains("msg-operator"))

            let handed = try await Self.call(fixture, .post, path + "/hand-back", token: fixture.operatorToken, form: [:], headers: sameOrigin)
            #expect(handed.status == .seeOther)
            #expect(try await Self.contact(fixture, session: "flow").botPausedUntil == nil)
            try await Self.customer(fixture, session: "flow", text: "Какая гарантия?", id: "q3")
            try await Self.eventually("the bot answered after the hand back") {
                try await conversation(fixture.client, session: "flow").messages
                    .contains { $0.role == "bot" && ($0.answers ?? []).contains("wc:flow:q3") }
            }
        }
    }

    @Test func whatCustomersWriteIsEscapedOnEveryPage() async throws {
        try await Self.withConsole { fixture in
            let attack = "<script>alert('x')</script><img src=x onerror=alert(1)>"
            try await Self.customer(fixture, session: "xss", text: attack, id: "x1")
            let contact = try await Self.contact(fixture, session: "xss")
            try await Self.eventually("the message was stored") {
                try await fixture.system.console.conversation(tenantID: "default", .id(contact.id)).messages.contains { $0.text == attack }
            }
            for path in ["/console/conversations/\(contact.id)", "/console/conversations", "/console/conversations?q=%3Cscript%3E"] {
                let page = try await Self.call(fixture, .get, path, token: fixture.viewer)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.body.contains("<script>alert"), "\(path)")
                #expect(!page.body.contains("<img src=x"), "\(path)")
            }
            let detail = try await Self.call(fixture, .get, "/console/conversations/\(contact.id)", token: fixture.viewer)
            #expect(detail.body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            #expect(detail.headers[.init("Content-Security-Policy")!]?.contains("default-src 'self'") == true)
        }
    }

    @Test func aLongMessageShowsItsStartWithALinkToTheWholeText() async throws {
        try await Self.withConsole { fixture in
            let text = String(repeating: "я", count: 2000) + "ХВОСТ" + String(repeating: "ю", count: 1000)
            try await Self.customer(fixture, session: "long", text: text, id: "l1")
            try await Self.customer(fixture, session: "long", text: "Короткий вопрос", id: "l2")
            let contact = try await Self.contact(fixture, session: "long")
            try await Self.eventually("the messages were stored") {
                try await fixture.system.console.conversation(tenantID: "default", .id(contact.id)).messages.count { $0.author == .customer } == 2
            }
            let stored = try await fixture.system.console.conversation(tenantID: "default", .id(contact.id)).messages
            let long = try #require(stored.first { $0.text == text })
            let page = try await Self.call(fixture, .get, "/console/conversations/\(contact.id)", token: fixture.viewer)
            #expect(page.status == .ok)
            #expect(page.body.contains(String(repeating: "я", count: 2000) + "…"))
            #expect(!page.body.contains("ХВОСТ"), "the bubble shows only the start")
            #expect(page.body.contains("Короткий вопрос"), "a short text is shown whole")
            let link = "/console/conversations/\(contact.id)/messages/\(long.id)"
            #expect(page.body.contains("href=\"\(link)\""))
            let whole = try await Self.call(fixture, .get, link, token: fixture.viewer)
            #expect(whole.status == .ok)
            #expect(whole.body.contains(text))
            // Only a message of that conversation, of the caller's tenant, and never without a session.
            #expect(try await Self.call(fixture, .get, "/console/conversations/\(contact.id + 1000)/messages/\(long.id)", token: fixture.viewer).status == .notFound)
            #expect(try await Self.call(fixture, .get, "/console/conversations/\(contact.id)/messages/999999", token: fixture.viewer).status == .notFound)
            #expect(try await Self.call(fixture, .get, link, token: nil).status == .seeOther)
        }
    }

    @Test func formsFromAnotherSiteAreRefused() async throws {
        try await Self.withConsole { fixture in
            try await Self.customer(fixture, session: "csrf", text: "Здравствуйте", id: "c1")
            let contact = try await Self.contact(fixture, session: "csrf")
            let path = "/console/conversations/\(contact.id)/take-over"
            for headers: HTTPFields in [[.init("Origin")!: "http://evil.example"], [.init("Origin")!: "null"],
                                        [.init("Sec-Fetch-Site")!: "cross-site"], [.init("Origin")!: "http://localhost:9999"]] {
                let reply = try await Self.call(fixture, .post, path, token: fixture.admin, form: ["hours": "1"], headers: headers)
                #expect(reply.status == .forbidden, "\(headers)")
            }
            #expect(try await Self.contact(fixture, session: "csrf").botPausedUntil == nil)
            let login = try await Self.call(fixture, .post, "/console/login", token: nil, form: ["token": fixture.admin],
                                            headers: [.init("Origin")!: "http://evil.example"])
            #expect(login.status == .forbidden)
            #expect(login.cookies.isEmpty)
            let whitelist = try await Self.call(fixture, .post, "/console/whitelist", token: fixture.admin, form: ["phone": "+77019998877"],
                                                headers: [.init("Origin")!: "http://evil.example"])
            #expect(whitelist.status == .forbidden)
        }
    }

    /// Reads a live stream of the console until an event carries `needle`, at most 30 s.
    static func streamUntil(port: Int, path: String, token: String, needle: String) async throws -> String? {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.headers.add(name: "Cookie", value: "sauda_console=\(token)")
        let prepared = request
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                let response = try await HTTPClient.shared.execute(prepared, timeout: .seconds(35))
                #expect(response.headers.first(name: "Content-Type") == "text/event-stream")
                var bytes: [UInt8] = []
                for try await chunk in response.body {
                    bytes += chunk.readableBytesView
                    let seen = String(decoding: bytes, as: UTF8.self)
                    if seen.contains(needle) { return seen }
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    @Test func liveStreamsDeliverChangedContactsAndNewMessages() async throws {
        try await Self.withConsole { fixture in
            let port = try #require(fixture.client.port)
            try await Self.customer(fixture, session: "live", text: "Есть доставка по Казахстану?", id: "l1")
            _ = try await waitForAnswers(fixture.client, session: "live", count: 1)
            let contact = try await Self.contact(fixture, session: "live")
            let since = Int64(Date().timeIntervalSince1970 * 1000)
            async let contacts = Self.streamUntil(port: port, path: "/console/events/contacts?since=\(since)", token: fixture.viewer,
                                                  needle: "contact-\(contact.id)")
            let page = try await Self.call(fixture, .get, "/console/conversations/\(contact.id)", token: fixture.viewer)
            let after = try #require(page.body.firstMatch(of: /after=(\d+)/).map { String($0.1) })
            async let messages = Self.streamUntil(port: port, path: "/console/events/conversations/\(contact.id)?after=\(after)",
                                                  token: fixture.viewer, needle: "Какие цвета есть?")
            try await Task.sleep(for: .milliseconds(500))
            try await Self.customer(fixture, session: "live", text: "Какие цвета есть?", id: "l2")
            let contactEvents = try await contacts
            #expect(contactEvents?.contains("event: contact") == true)
            let messageEvents = try await messages
            #expect(messageEvents?.contains("event: message") == true)
            #expect(messageEvents?.contains("msg-customer") == true)
        }
    }
}
