import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// "Needs a human" in the console: a customer who asks for a person makes an alert, the badge's count and the alerts
/// page show it, an operator resolves it; viewers and other tenants cannot.
@Suite struct ConsoleAlertsTests {
    typealias Console = DashboardTests

    @Test func aCustomerWhoAsksForAPersonShowsUpInTheBadgeAndTheListUntilAnOperatorResolvesIt() async throws {
        try await Console.withConsole { fixture in
            try await Console.customer(fixture, session: "needs-human", text: "Позовите оператора, пожалуйста", id: "a1")
            let answers = try await waitForAnswers(fixture.client, session: "needs-human", count: 1)
            #expect(answers.messages.last { $0.role == "bot" }?.text.contains("Менеджер ответит Вам") == true)
            // The pages with a live stream hear the count from it.
            let port = try #require(fixture.client.port)
            let streamed = try await Console.streamUntil(port: port, path: "/console/events/contacts", token: fixture.viewer,
                                                         needle: #"{"open":1}"#)
            #expect(streamed?.contains("event: alerts") == true)
            let count = try await Console.call(fixture, .get, "/console/alerts/count", token: fixture.viewer)
            #expect(count.status == .ok)
            #expect(count.body == #"{"open":1}"#)
            #expect(try await Console.call(fixture, .get, "/console/alerts/count", token: fixture.otherTenantAdmin).body == #"{"open":0}"#)

            // Every page's navigation carries the badge the script fills in.
            let today = try await Console.call(fixture, .get, "/console", token: fixture.viewer)
            #expect(today.body.contains(#"data-alerts-count="/console/alerts/count""#))
            #expect(today.body.contains("Нужен человек"))

            let list = try await Console.call(fixture, .get, "/console/alerts", token: fixture.operatorToken)
            #expect(list.status == .ok)
            #expect(list.body.contains("Просит человека"))
            #expect(list.body.contains("Позовите оператора, пожалуйста"))
            let alert = try #require(try await fixture.system.database.read { sql in
                try await AlertRepository(sql).list(tenantID: "default", openOnly: true, limit: 10, offset: 0)
            }.first)
            #expect(list.body.contains("/console/conversations/\(alert.contactID)"))
            #expect(list.body.contains("/console/alerts/\(alert.id)/resolve"))
            let english = try await Console.call(fixture, .get, "/console/alerts?lang=en", token: fixture.operatorToken)
            #expect(english.body.contains("Asked for a person"))
            #expect(english.body.contains("Resolve"))

            // A viewer sees the list without the button and may not resolve.
            let viewerList = try await Console.call(fixture, .get, "/console/alerts", token: fixture.viewer)
            #expect(!viewerList.body.contains("/resolve"))
            #expect(try await Console.call(fixture, .post, "/console/alerts/\(alert.id)/resolve", token: fixture.viewer, form: [:]).status
                    == .forbidden)
            // Another tenant's admin finds no such alert.
            #expect(try await Console.call(fixture, .post, "/console/alerts/\(alert.id)/resolve", token: fixture.otherTenantAdmin,
                                           form: [:]).status == .notFound)
            // A form from another site is refused.
            #expect(try await Console.call(fixture, .post, "/console/alerts/\(alert.id)/resolve", token: fixture.operatorToken, form: [:],
                                           headers: [.init("Origin")!: "http://evil.example"]).status == .forbidden)

            // The conversation's side panel shows it, with a «Закрыто» that comes back to the conversation.
            let conversation = try await Console.call(fixture, .get, "/console/conversations/\(alert.contactID)", token: fixture.operatorToken)
            #expect(conversation.body.contains(#"id="open-alerts""#))
            #expect(conversation.body.contains(#"name="conversation" value="\#(alert.contactID)""#))

            let resolved = try await Console.call(fixture, .post, "/console/alerts/\(alert.id)/resolve", token: fixture.operatorToken,
                                                  form: ["conversation": String(alert.contactID)], headers: [.init("Origin")!: "http://localhost"])
            #expect(resolved.status == .seeOther)
            #expect(resolved.location == "/console/conversations/\(alert.contactID)?done=resolved")
            let after = try await Console.call(fixture, .get, "/console/conversations/\(alert.contactID)?done=resolved", token: fixture.operatorToken)
            #expect(after.body.contains("Оповещение закрыто."))
            #expect(!after.body.contains(#"id="open-alerts""#))
            #expect(try await Console.call(fixture, .get, "/console/alerts/count", token: fixture.viewer).body == #"{"open":0}"#)
            let open = try await Console.call(fixture, .get, "/console/alerts", token: fixture.operatorToken)
            #expect(open.body.contains("Открытых оповещений нет."))
            let all = try await Console.call(fixture, .get, "/console/alerts?show=all", token: fixture.operatorToken)
            #expect(all.body.contains("закрыл(а) Айгерим"))
            // Resolving twice finds no open alert.
            #expect(try await Console.call(fixture, .post, "/console/alerts/\(alert.id)/resolve", token: fixture.operatorToken,
                                           form: [:], headers: [.init("Origin")!: "http://localhost"]).status == .notFound)
        }
    }
}
