import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaAgent
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// A business with two WhatsApp numbers (each a Wappi connection on a simulator of its own) beside another business:
/// what Sauda sends to a customer on its own (a follow-up touch, an operator's message) leaves from the number the
/// customer wrote to, and from the business's first number once that one is removed; the owner's alerts leave from the
/// business's first number, never from another business's.
@Suite struct ContactConnectionEndToEndTests {
    typealias Business = ChannelConnectionsEndToEndTests.Business

    static let owner = "77770001122"

    /// Almaty with its first and second numbers, and Moscow with one, on a running system.
    static func withTwoNumbers(_ body: @escaping @Sendable (SaudaSystem, Business, Business, Business) async throws -> Void) async throws {
        let first = WappiSimulator(profileID: "almaty-profile", token: "almaty-token", ownPhone: "77270000001")
        let second = WappiSimulator(profileID: "almaty-second-profile", token: "almaty-second-token", ownPhone: "77270000002")
        let moscow = WappiSimulator(profileID: "moscow-profile", token: "moscow-token", ownPhone: "74950000001")
        try await SimulatorServer.withServer(first.router()) { firstPort in
            try await SimulatorServer.withServer(second.router()) { secondPort in
                try await SimulatorServer.withServer(moscow.router()) { moscowPort in
                    try await withTemporaryDirectory { directory in
                        var settings = SaudaSettings()
                        settings.database = .sqlite(path: directory.appendingPathComponent("numbers.sqlite").path)
                        settings.classifyMinMessages = 1
                        settings.ownerAlertChat = owner
                        let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
                        _ = try system.masterKeys.load(creatingFile: true)
                        try await system.prepare()
                        let almaty = try await ChannelConnectionsEndToEndTests.add(
                            Tenant(id: "almaty", name: "Коврики Алматы", timeZone: "Asia/Almaty"), simulator: first, port: firstPort,
                            token: "almaty-token", to: system)
                        // Made after the first, so the first stays the business's default number.
                        let almatySecond = try await ChannelConnectionsEndToEndTests.addNumber(
                            to: almaty.tenant, name: "WhatsApp 2", simulator: second, port: secondPort, token: "almaty-second-token",
                            createdAt: Date().addingTimeInterval(1), in: system)
                        let moscowBusiness = try await ChannelConnectionsEndToEndTests.add(
                            Tenant(id: "moscow", name: "Коврики Москва", timeZone: "Europe/Moscow"), simulator: moscow, port: moscowPort,
                            token: "moscow-token", to: system)
                        let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
                        try await app.test(.ahc(.http)) { client in
                            let port = try #require(client.port)
                            try await system.channelSupervisor.reconcile()
                            for business in [almaty, almatySecond, moscowBusiness] {
                                let wappi = WappiClient(profile: WappiProfile(baseURL: "http://127.0.0.1:\(business.port)",
                                                                              token: business.simulator.token, profileID: business.simulator.profileID),
                                                        http: .shared, logger: testLogger)
                                try await wappi.setWebhook(
                                    url: "http://127.0.0.1:\(port)/webhooks/wappi/\(business.connection.publicID)/\(business.webhookSecret)")
                                try await wappi.setWebhookTypes(WappiClient.webhookTypes)
                            }
                            try await body(system, almaty, almatySecond, moscowBusiness)
                        }
                    }
                }
            }
        }
    }

    static func contact(_ system: SaudaSystem, tenantID: String, phone: String) async throws -> Contact {
        let key = ConversationKey(tenantID: tenantID, channel: .whatsapp, chatID: "\(phone)@c.us")
        return try #require(try await system.database.read { sql in try await ContactRepository(sql).find(key: key) })
    }

    @Test(.timeLimit(.minutes(2)))
    func aFollowUpAndAnOperatorsMessageLeaveFromTheNumberTheCustomerWroteToAndFromTheFirstOnceItIsRemoved() async throws {
        try await Self.withTwoNumbers { system, first, second, _ in
            let phone = "77011220001"
            await second.simulator.customerWrites(phone: phone, text: ChannelConnectionsEndToEndTests.question, name: "Ерлан")
            #expect(try await WhatsAppEndToEndTests.waitForBotMessages(second.simulator, phone: phone, count: 1).count == 1)
            var contact = try await Self.contact(system, tenantID: "almaty", phone: phone)
            #expect(contact.connectionID == second.connection.id)

            // The customer goes silent; at the touch's due time (the scheduler's clock is the argument) touch 1 goes out
            // from the second number.
            let scheduler = try #require(system.followUpScheduler)
            let chain = try #require(try await system.database.read { sql in try await FollowUpRepository(sql).active(contactID: contact.id) })
            let due = try #require(chain.nextTouchAt)
            #expect(try await scheduler.runOnce(now: due).sent == 1)
            #expect(try await WhatsAppEndToEndTests.waitForBotMessages(second.simulator, phone: phone, count: 2).count == 2)

            // An operator writes from the console: the second number too.
            _ = try await system.console.send(tenantID: "almaty", .id(contact.id), text: "Ерлан, коврики готовы к отправке", by: "Айгуль")
            let fromSecond = try await WhatsAppEndToEndTests.waitForBotMessages(second.simulator, phone: phone, count: 3)
            #expect(fromSecond.last?.body == "Ерлан, коврики готовы к отправке")
            #expect(first.simulator.botMessages(phone: phone).isEmpty, "nothing left from the number the customer never wrote to")

            // The second number is removed: the next operator's message leaves from the business's first number.
            try await system.database.transaction { sql in
                try await ChannelConnectionRepository(sql).remove(tenantID: "almaty", id: second.connection.id)
            }
            try await system.channelSupervisor.reconcile()
            contact = try await Self.contact(system, tenantID: "almaty", phone: phone)
            _ = try await system.console.send(tenantID: "almaty", .id(contact.id), text: "Пишем с основного номера", by: "Айгуль")
            let fromFirst = try await WhatsAppEndToEndTests.waitForBotMessages(first.simulator, phone: phone, count: 1)
            #expect(fromFirst.map(\.body) == ["Пишем с основного номера"])
            #expect(second.simulator.botMessages(phone: phone).count == 3)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func theOwnersAlertLeavesFromItsBusinesssFirstNumberNeverFromAnotherBusinesss() async throws {
        try await Self.withTwoNumbers { system, first, second, moscow in
            // Almaty's customer writes to its second number and asks for a person: the owner hears from Almaty's first
            // number.
            let almatyCustomer = "77011220002"
            await second.simulator.customerWrites(phone: almatyCustomer, text: "Позовите менеджера, пожалуйста", name: "Азамат")
            let told = try await WhatsAppEndToEndTests.waitForBotMessages(first.simulator, phone: Self.owner, count: 1)
            #expect(told.count == 1)
            #expect(told.first?.body.contains("+77011220002") == true, "\(told.first?.body ?? "")")
            #expect(first.simulator.botMessages(phone: almatyCustomer).isEmpty)

            // Moscow's customer asks too: the owner hears from Moscow's number.
            let moscowCustomer = "79161220003"
            await moscow.simulator.customerWrites(phone: moscowCustomer, text: "Позовите менеджера, пожалуйста", name: "Иван")
            let toldMoscow = try await WhatsAppEndToEndTests.waitForBotMessages(moscow.simulator, phone: Self.owner, count: 1)
            #expect(toldMoscow.first?.body.contains("+79161220003") == true, "\(toldMoscow.first?.body ?? "")")

            // Neither alert left from another number than its business's first.
            #expect(first.simulator.botMessages(phone: Self.owner).count == 1)
            #expect(second.simulator.botMessages(phone: Self.owner).isEmpty)
            #expect(moscow.simulator.botMessages(phone: Self.owner).count == 1)
            #expect(!first.simulator.botMessages(phone: Self.owner).contains { $0.body.contains("+79161220003") })
        }
    }
}
