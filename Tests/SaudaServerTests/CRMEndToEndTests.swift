import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCRM
import SaudaCore
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import NIOCore
import NIOHTTP1
import Testing

/// A WhatsApp conversation (the Wappi simulator) that books a call, against each CRM's simulator over real sockets:
/// YCLIENTS books the slot the customer agreed to in the CRM, and every CRM gets the lead once, with its customer and
/// note where it keeps them. The offline engine answers; the CRM of `CRM_*` is the default business's connection.
///
/// One test at a time: each runs a whole system with the Wappi and a CRM simulator, and the suite beside the rest on two
/// cores would crowd the timing-sensitive tests.
@Suite(.serialized) struct CRMEndToEndTests {
    /// A CRM simulator served for a test, with the `CRM_*` that point at it and what it holds.
    struct CRMUnderTest: Sendable {
        let environment: @Sendable (Int) -> CRMEnvironment
        let router: @Sendable () -> Router<BasicRequestContext>
        /// What the CRM holds, in a line (`leads=1 contacts=1 notes=1`).
        let holds: @Sendable () -> String
    }

    static func crm(_ type: CRMType) -> CRMUnderTest {
        switch type {
        case .yclients:
            let simulator = YclientsSimulator()
            return CRMUnderTest(
                environment: { CRMEnvironment(type: .yclients, baseURL: "http://127.0.0.1:\($0)/api/v1", credentials: "sim-partner:sim-user",
                                              settings: ["company_id": "558795"]) },
                router: { simulator.router() },
                holds: { "records=\(simulator.records.count) clients=\(simulator.clients.count)" })
        case .bitrix24:
            let simulator = Bitrix24Simulator()
            return CRMUnderTest(
                environment: { CRMEnvironment(type: .bitrix24, baseURL: "http://127.0.0.1:\($0)/rest/1/", credentials: "sim-code") },
                router: { simulator.router() },
                holds: { "leads=\(simulator.leads.count) contacts=\(simulator.contacts.count) comments=\(simulator.comments.count)" })
        case .amocrm:
            let simulator = AmoSimulator()
            return CRMUnderTest(
                environment: { CRMEnvironment(type: .amocrm, baseURL: "http://127.0.0.1:\($0)", credentials: "sim-token") },
                router: { simulator.router() },
                holds: { "leads=\(simulator.leads.count) contacts=\(simulator.contacts.count) notes=\(simulator.notes.count)" })
        case .airtable:
            let simulator = AirtableSimulator()
            return CRMUnderTest(
                environment: { CRMEnvironment(type: .airtable, baseURL: "http://127.0.0.1:\($0)/v0", credentials: "sim-token",
                                              settings: ["base_id": "appSimulated", "table": "Leads"]) },
                router: { simulator.router() },
                holds: { "rows=\(simulator.records(base: "appSimulated", table: "Leads").count)" })
        case .onec:
            let simulator = OneCSimulator()
            return CRMUnderTest(
                environment: { CRMEnvironment(type: .onec, baseURL: "http://127.0.0.1:\($0)/sim/odata/standard.odata",
                                              credentials: "sim-user:sim-password") },
                router: { simulator.router() },
                holds: { "customers=\(simulator.records("Catalog_Контрагенты").count) orders=\(simulator.records("Document_ЗаказКлиента").count)" })
        }
    }

    /// What each CRM holds once the conversation's lead is written: the record once, never twice.
    static let expected: [CRMType: String] = [
        .yclients: "records=1 clients=1",
        .bitrix24: "leads=1 contacts=1 comments=1",
        .amocrm: "leads=1 contacts=1 notes=1",
        .airtable: "rows=1",
        .onec: "customers=1 orders=1",
    ]

    /// Runs `body` on WhatsApp with the CRM `crm` connected to the default business through `CRM_*`.
    static func withCRM(_ crm: CRMUnderTest,
                        _ body: @escaping @Sendable (WappiSimulator, SaudaSystem, any TestClientProtocol) async throws -> Void) async throws {
        try await withCRM(crm) { wappi, system, client, _ in try await body(wappi, system, client) }
    }

    /// Runs `body` on WhatsApp with the CRM `crm` connected, also given the CRM simulator's port.
    static func withCRM(_ crm: CRMUnderTest,
                        _ body: @escaping @Sendable (WappiSimulator, SaudaSystem, any TestClientProtocol, Int) async throws -> Void) async throws {
        try await SimulatorServer.withServer(crm.router()) { crmPort in
            let environment = crm.environment(crmPort)
            try await WhatsAppEndToEndTests.withWhatsApp(configure: { settings in
                settings.crm = environment
                settings.classifyMinMessages = 1
            }) { wappi, system, client, _ in
                // A test's start makes no key file (a server's first start does); with one, CRM_* becomes the connection.
                _ = try system.masterKeys.load(creatingFile: true)
                try #require(try await CRMConnectionSeed.seed(environment, database: system.database, sealer: system.secrets) != nil)
                try await body(wappi, system, client, crmPort)
            }
        }
    }

    /// Polls `condition` every 100 ms for up to `timeout`.
    static func eventually(_ timeout: Duration = .seconds(30), _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }

    /// The customer asks for a call and agrees to the time offered; returns the bot's replies.
    static func askForACallAndAgree(_ wappi: WappiSimulator, phone: String,
                                    beforeAgreeing: @Sendable (Date) async throws -> Void = { _ in }) async throws -> [String] {
        _ = await wappi.customerWrites(phone: phone, text: "Здравствуйте! Можно созвониться с менеджером? Хочу записаться", name: "Айгерим")
        let offer = try await WhatsAppEndToEndTests.waitForBotMessages(wappi, phone: phone, count: 1)
        let calendar = SaudaSettings().calendar
        // The offer names the working hours first («с 10:00 до 18:00»): the time offered is the one after the last dash.
        let text = offer.first?.body ?? ""
        let named = text.components(separatedBy: "—").last ?? text
        let offered = try #require(CallTimePhrase.parse(named, now: Date(), timeZone: calendar.timeZone)?.date, "the bot offers a time: \(text)")
        try await beforeAgreeing(offered)
        _ = await wappi.customerWrites(phone: phone, text: "Да, подходит", name: "Айгерим")
        return try await WhatsAppEndToEndTests.waitForBotMessages(wappi, phone: phone, count: 2).map(\.body)
    }

    @Test(arguments: CRMType.allCases)
    func aConversationThatBooksACallGetsItsLeadIntoTheCRMOnce(type: CRMType) async throws {
        let crm = Self.crm(type)
        try await Self.withCRM(crm) { wappi, system, _ in
            let phone = "77015550\(String(format: "%03d", CRMType.allCases.firstIndex(of: type) ?? 0))"
            let replies = try await Self.askForACallAndAgree(wappi, phone: phone)
            #expect(replies.last?.hasPrefix("Отлично, записал Вас на звонок") == true, "\(type): \(replies)")
            let expected = try #require(Self.expected[type])
            let arrived = try await Self.eventually { crm.holds() == expected }
            #expect(arrived, "\(type) holds \(crm.holds()), expected \(expected)")
            // Written once: a while later (the sync runs every 2 s) nothing more arrives.
            try await Task.sleep(for: .seconds(3))
            #expect(crm.holds() == expected, "\(type) holds \(crm.holds())")
            let (syncs, links) = try await system.database.read { sql in
                let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "\(phone)@c.us"))
                return (try await CRMSyncRepository(sql).forContact(tenantID: "default", contactID: contact?.id ?? 0),
                        try await CRMLinkRepository(sql).forContact(tenantID: "default", contactID: contact?.id ?? 0))
            }
            #expect(syncs.map(\.state) == ["synced"], "\(type): \(syncs)")
            #expect(!links.isEmpty)
            if type == .yclients {
                #expect(links.contains { $0.subject == .booking }, "the YCLIENTS record is linked to the call")
            }
        }
    }

    @Test func aYCLIENTSSlotTakenBeforeTheCustomerAgreesIsRefusedAndTheNextFreeOnesAreOffered() async throws {
        let simulator = YclientsSimulator()
        let crm = CRMUnderTest(
            environment: { CRMEnvironment(type: .yclients, baseURL: "http://127.0.0.1:\($0)/api/v1", credentials: "sim-partner:sim-user",
                                          settings: ["company_id": "558795"]) },
            router: { simulator.router() }, holds: { "records=\(simulator.records.count)" })
        try await Self.withCRM(crm) { wappi, system, _ in
            let phone = "77015550999"
            let replies = try await Self.askForACallAndAgree(wappi, phone: phone) { offered in
                // Someone books every master at that time through the salon's own site.
                for staff in simulator.staff.map(\.id) { _ = simulator.takeSlot(staffID: staff, start: offered) }
            }
            let taken = Set(simulator.records.map(\.id))
            #expect(replies.last?.hasPrefix("К сожалению, это время недоступно. Могу предложить") == true, "\(replies)")
            let tool = try await system.database.read { sql in
                let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "\(phone)@c.us"))
                return try await ModelUsageRepository(sql).toolCalls(contactID: contact?.id ?? 0).last
            }
            let result = try JSONValue.parse(tool?.result ?? "{}")
            #expect(result["booked"]?.boolValue == false && result["reason"]?.stringValue == "slot_taken", "\(tool?.result ?? "")")
            let free = result["free"]?.arrayValue?.compactMap { $0["say"]?.stringValue } ?? []
            #expect(!free.isEmpty && free.allSatisfy { replies.last?.contains($0) == true || free.firstIndex(of: $0) ?? 0 >= 2 })
            #expect(Set(simulator.records.map(\.id)) == taken, "nothing was booked for the customer")
        }
    }

    /// The business's CRM webhook address on the server under test.
    static func webhookURL(_ system: SaudaSystem, port: Int) async throws -> String {
        let secret = try await system.database.read { sql in
            try await CRMWebhookSecret.reveal(sql, tenantID: "default", sealer: system.secrets)
        }
        return "http://127.0.0.1:\(port)\(CRMWebhookSecret.path(tenantID: "default", secret: try #require(secret)))"
    }

    /// Posts `body` (JSON) to a simulator's control endpoint.
    static func control(port: Int, _ path: String, _ body: JSONValue) async throws -> JSONValue {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body.jsonText))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        return try JSONValue.parse(Data(try await response.body.collect(upTo: 1 << 20).readableBytesView))
    }

    /// The contact of `phone` and its open alerts and booked calls.
    static func contactState(_ system: SaudaSystem, phone: String) async throws -> (alerts: [StoredAlert], calls: [ScheduledCall], lead: Lead?) {
        try await system.database.read { sql in
            let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "\(phone)@c.us"))
            let id = contact?.id ?? 0
            let calls = try await ScheduledCallRepository(sql).list(tenantID: "default", status: nil, from: nil, to: nil, limit: 10, offset: 0)
            return (try await AlertRepository(sql).open(contactID: id), calls.filter { $0.contactID == id },
                    try await LeadRepository(sql).latest(contactID: id))
        }
    }

    @Test func aBookingDeletedInYCLIENTSCancelsTheCallAndTellsTheOperators() async throws {
        let simulator = YclientsSimulator()
        let crm = CRMUnderTest(
            environment: { CRMEnvironment(type: .yclients, baseURL: "http://127.0.0.1:\($0)/api/v1", credentials: "sim-partner:sim-user",
                                          settings: ["company_id": "558795"]) },
            router: { simulator.router() }, holds: { "records=\(simulator.records.count)" })
        try await Self.withCRM(crm) { wappi, system, client, crmPort in
            let phone = "77015550777"
            _ = try await Self.askForACallAndAgree(wappi, phone: phone)
            #expect(simulator.records.count == 1)
            let port = try #require(client.port)
            let url = try await Self.webhookURL(system, port: port)
            // A wrong secret or a body that is not YCLIENTS's changes nothing.
            let wrong = try await Self.control(port: crmPort, "/_simulator/webhook",
                                               ["url": .string(url.replacingOccurrences(of: "/default/", with: "/default/x")), "record_id": 0])
            #expect(wrong["error"] != nil || wrong["sent"]?.numberValue == 404, "\(wrong)")
            try await client.execute(uri: String(url.dropFirst("http://127.0.0.1:\(port)".count)), method: .post,
                                     headers: [.contentType: "application/json"], body: ByteBuffer(string: "{not json")) { response in
                #expect(response.status == .badRequest)
            }
            #expect(try await Self.contactState(system, phone: phone).calls.map(\.status) == ["scheduled"])
            // The salon deletes the record in YCLIENTS: the webhook cancels the call and an operator sees it.
            let sent = try await Self.control(port: crmPort, "/_simulator/webhook", ["url": .string(url)])
            #expect(sent["sent"]?.numberValue == 200, "\(sent)")
            let state = try await Self.contactState(system, phone: phone)
            #expect(state.calls.map(\.status) == ["cancelled"])
            #expect(state.alerts.contains { $0.reason == .crmChanged && $0.summary.contains("отменена") }, "\(state.alerts)")
        }
    }

    @Test func aDealWonInAmoCRMClosesTheLeadAsWon() async throws {
        let simulator = AmoSimulator()
        let crm = CRMUnderTest(
            // The simulator's address names no account: the webhook's account is checked against the setting.
            environment: { CRMEnvironment(type: .amocrm, baseURL: "http://127.0.0.1:\($0)", credentials: "sim-token", settings: ["subdomain": "sim"]) },
            router: { simulator.router() }, holds: { "leads=\(simulator.leads.count)" })
        try await Self.withCRM(crm) { wappi, system, client, crmPort in
            let phone = "77015550888"
            _ = try await Self.askForACallAndAgree(wappi, phone: phone)
            #expect(try await Self.eventually { simulator.leads.count == 1 })
            // Sauda has the lead's amoCRM id once its sync is done.
            #expect(try await Self.eventually {
                try await system.database.read { sql in try await CRMSyncRepository(sql).list(tenantID: "default", state: "synced", limit: 10) }.count == 1
            })
            let leadID = try #require(simulator.leads.keys.first)
            let url = try await Self.webhookURL(system, port: try #require(client.port))
            let moved = try await Self.control(port: crmPort, "/_simulator/webhooks/status",
                                               ["destination": .string(url), "lead_id": .number(Double(leadID)), "status_id": 142])
            #expect(moved["delivered"]?.numberValue == 200, "\(moved)")
            let state = try await Self.contactState(system, phone: phone)
            #expect(state.lead?.stage == .won)
            #expect(state.alerts.contains { $0.reason == .crmChanged && $0.summary.contains("выиграна") }, "\(state.alerts)")
        }
    }

    @Test func aReturningCustomerIsRecognisedInTheCRMAndGreetedByName() async throws {
        let simulator = AmoSimulator()
        let phone = "77015550555"
        let seeded = simulator.seedContact(name: "Айгерим Садыкова", phones: ["+77015550555"])
        let crm = CRMUnderTest(
            environment: { CRMEnvironment(type: .amocrm, baseURL: "http://127.0.0.1:\($0)", credentials: "sim-token", settings: ["subdomain": "sim"]) },
            router: { simulator.router() }, holds: { "contacts=\(simulator.contacts.count)" })
        try await Self.withCRM(crm) { wappi, system, _ in
            _ = await wappi.customerWrites(phone: phone, text: "Здравствуйте! Сколько стоят EVA коврики на Camry?", name: "Aika")
            let replies = try await WhatsAppEndToEndTests.waitForBotMessages(wappi, phone: phone, count: 1).map(\.body)
            #expect(replies.first?.hasPrefix("Здравствуйте, Айгерим Садыкова! 😊 Рады снова Вас видеть.") == true, "\(replies)")
            let links = try await system.database.read { sql in
                let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "\(phone)@c.us"))
                return try await CRMLinkRepository(sql).forContact(tenantID: "default", contactID: contact?.id ?? 0)
            }
            #expect(links.map(\.crmID) == [String(seeded)] && links.first?.subject == .contact, "\(links)")
        }
    }

    @Test func anExpiredAmoCRMTokenIsRenewedAndSealedBackAndARevokedOneTurnsTheConnectionFailingWhileCustomersAreAnswered() async throws {
        let simulator = AmoSimulator()
        let tokens = simulator.issueTokens()
        let credentials: JSONValue = ["access_token": .string(tokens.accessToken), "refresh_token": .string(tokens.refreshToken),
                                      "client_id": "sim-client", "client_secret": "sim-secret", "redirect_uri": "https://sauda.example/amocrm"]
        let crm = CRMUnderTest(
            environment: { CRMEnvironment(type: .amocrm, baseURL: "http://127.0.0.1:\($0)", credentials: credentials.jsonText, settings: ["subdomain": "sim"]) },
            router: { simulator.router() }, holds: { "leads=\(simulator.leads.count)" })
        try await Self.withCRM(crm) { wappi, system, _ in
            let sealed = { @Sendable () async throws -> String in
                try await system.database.read { sql in
                    try await SecretRepository(sql).reveal(tenantID: "default", name: CRMConnection.credentialsSecretName, sealer: system.secrets) ?? ""
                }
            }
            // The access token expires: the sync renews it once and seals the new pair before using it.
            simulator.expireAccessTokens()
            _ = try await Self.askForACallAndAgree(wappi, phone: "77015550601")
            #expect(try await Self.eventually { simulator.leads.count == 1 }, "\(crm.holds())")
            let renewed = try JSONValue.parse(try await sealed())
            let newRefresh = try #require(renewed["refresh_token"]?.stringValue)
            #expect(newRefresh != tokens.refreshToken && simulator.refreshTokenWorks(newRefresh) && !simulator.refreshTokenWorks(tokens.refreshToken))
            #expect(simulator.refreshCount == 1)
            // The business revokes the integration; a manager closes the lead in Sauda: its sync finds the connection failing.
            simulator.expireAccessTokens()
            simulator.revokeRefreshTokens()
            _ = try await system.database.transaction { sql in
                try await LeadRepository(sql).setStage(tenantID: "default", id: 1, stage: .won, now: Date())
            }
            let failing = try await Self.eventually {
                try await system.database.read { sql in try await CRMConnectionRepository(sql).find(tenantID: "default") }?.state == .failing
            }
            let rows = try await system.database.read { sql in try await CRMSyncRepository(sql).list(tenantID: "default", state: nil, limit: 10) }
            #expect(failing, "\(rows)")
            let connection = try await system.database.read { sql in try await CRMConnectionRepository(sql).find(tenantID: "default") }
            #expect(connection?.lastError?.isEmpty == false, "\(String(describing: connection))")
            // Customers are answered as before.
            let phone = "77015550603"
            _ = await wappi.customerWrites(phone: phone, text: "Здравствуйте! Сколько стоят EVA коврики на Camry?", name: "Дана")
            #expect(try await WhatsAppEndToEndTests.waitForBotMessages(wappi, phone: phone, count: 1).count == 1)
            let waiting = try await system.database.read { sql in try await CRMSyncRepository(sql).list(tenantID: "default", state: "pending", limit: 10) }
            #expect(waiting.count == 1 && waiting.first?.deadAt == nil, "the change waits in Sauda, neither lost nor given up: \(waiting)")
        }
    }

    @Test func aBitrix24PortalWithOnlineBookingBooksTheSlotTheCustomerAgreedTo() async throws {
        let simulator = Bitrix24Simulator()
        let crm = CRMUnderTest(
            environment: { CRMEnvironment(type: .bitrix24, baseURL: "http://127.0.0.1:\($0)/rest/1/", credentials: "sim-code",
                                          settings: ["booking": "true"]) },
            router: { simulator.router() },
            holds: { "bookings=\(simulator.bookings.count) leads=\(simulator.leads.count) contacts=\(simulator.contacts.count) comments=\(simulator.comments.count)" })
        try await Self.withCRM(crm) { wappi, system, _ in
            let replies = try await Self.askForACallAndAgree(wappi, phone: "77015550444")
            #expect(replies.last?.hasPrefix("Отлично, записал Вас на звонок") == true, "\(replies)")
            let expected = "bookings=1 leads=1 contacts=1 comments=1"
            #expect(try await Self.eventually { crm.holds() == expected }, "\(crm.holds())")
            let booking = try #require(simulator.bookings.values.first)
            let calls = try await Self.contactState(system, phone: "77015550444").calls
            #expect(calls.map(\.scheduledAt) == [Date(timeIntervalSince1970: Double(booking.from))])
            #expect(booking.contactIDs == Array(simulator.contacts.keys), "the booking's client is the lead's contact")
        }
    }
}
