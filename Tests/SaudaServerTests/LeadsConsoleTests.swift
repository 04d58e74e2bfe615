import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
@testable import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// The console's leads page over HTTP: the list with its filters and links, the stage select for operators only, forms
/// from other sites refused, another tenant's lead not found, and the CSV export of the same filters.
@Suite struct LeadsConsoleTests {
    typealias Fixture = AdminAPITests.Fixture

    /// Four leads of the default tenant (the newest first in the list) and one of the tenant `second`.
    static func seed(_ fixture: Fixture) async throws -> [Lead] {
        let now = Date()
        let people: [(Channel, String, String?, String, String?, LeadStage, String)] = [
            (.whatsapp, "Азамат", "+7 701 123 45 67", "EVA-коврики, Борты 5 см", "8 500 сом", .ordered, "default"),
            (.webchat, "Дана \"Д\"", nil, "Чехлы", nil, .qualified, "default"),
            (.telegram, "=HYPERLINK(\"http://evil.example\")", nil, "<script>alert(1)</script>", nil, .new, "default"),
            (.webchat, "Ольга", "+7 702 000 11 22", "коврики 5D", nil, .booked, "default"),
            (.webchat, "Чужой клиент", nil, "чужое", nil, .new, "second"),
        ]
        var leads: [Lead] = []
        for (index, person) in people.enumerated() {
            let key = ConversationKey(tenantID: person.6, channel: person.0, chatID: "lead-\(index)")
            let lead = try await fixture.system.database.transaction { sql in
                let contact = try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: nil, profile: ContactProfile(),
                                                                            initialStatus: .client, now: now)
                return try await LeadRepository(sql).upsert(key: key, contactID: contact.id,
                                                            capture: LeadCapture(stage: person.5, name: person.1, phone: person.2, need: person.3,
                                                                                 priceQuoted: person.4,
                                                                                 bookedCall: person.5 == .booked ? now.addingTimeInterval(86_400) : nil,
                                                                                 details: ["city": "Алматы"]),
                                                            now: now.addingTimeInterval(Double(index)))
            }
            leads.append(lead)
        }
        return leads
    }

    @Test func theListShowsTheLeadsWithFiltersLinksAndEscaping() async throws {
        try await DashboardTests.withConsole { fixture in
            let leads = try await Self.seed(fixture)
            let page = try await DashboardTests.call(fixture, .get, "/console/leads", token: fixture.viewer)
            #expect(page.status == .ok)
            #expect(page.body.contains("Лиды") && page.body.contains("Экспорт CSV") && page.body.contains("href=\"/console/leads.csv\""))
            #expect(page.body.contains("href=\"/console/conversations/\(leads[0].contactID)\""))
            #expect(page.body.contains("8 500 сом") && page.body.contains("Азамат"))
            #expect(page.body.contains("&lt;script&gt;") && !page.body.contains("<script>alert"))
            #expect(!page.body.contains("Чужой клиент"), "another tenant's lead is not listed")
            // A viewer sees the stage, not the select.
            #expect(!page.body.contains("lead-stage-form"))
            // The conversation shows its lead's stage, linking to the list.
            let conversation = try await DashboardTests.call(fixture, .get, "/console/conversations/\(leads[0].contactID)", token: fixture.viewer)
            #expect(conversation.body.contains("href=\"/console/leads?stage=ordered#lead-\(leads[0].id)\"") && conversation.body.contains("Заказ"))
            let nav = try await DashboardTests.call(fixture, .get, "/console", token: fixture.viewer)
            #expect(nav.body.contains("href=\"/console/leads\""))

            let ordered = try await DashboardTests.call(fixture, .get, "/console/leads?stage=ordered", token: fixture.viewer)
            #expect(ordered.body.contains("Азамат") && !ordered.body.contains("Ольга"))
            let searched = try await DashboardTests.call(fixture, .get, "/console/leads?q=%D0%9A%D0%9E%D0%92%D0%A0%D0%98%D0%9A%D0%98", token: fixture.viewer)
            #expect(searched.body.contains("Азамат") && searched.body.contains("Ольга") && !searched.body.contains("Чехлы"))
            let webchat = try await DashboardTests.call(fixture, .get, "/console/leads?channel=webchat&lang=en", token: fixture.viewer)
            #expect(webchat.body.contains("Ольга") && !webchat.body.contains("Азамат") && webchat.body.contains("Export CSV"))
            #expect(webchat.body.contains("href=\"/console/leads.csv?channel=webchat\""))
            let future = try await DashboardTests.call(fixture, .get, "/console/leads?from=2999-01-01", token: fixture.viewer)
            #expect(future.status == .ok && !future.body.contains("Азамат"))
            let today = Date().formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "Asia/Almaty") ?? .gmt).year().month().day())
            let window = try await DashboardTests.call(fixture, .get, "/console/leads?from=\(today)&to=\(today)", token: fixture.viewer)
            #expect(window.body.contains("Азамат"))

            let badDate = try await DashboardTests.call(fixture, .get, "/console/leads?from=01.12.2026", token: fixture.viewer)
            #expect(badDate.status == .badRequest && badDate.body.contains("ГГГГ-ММ-ДД"))
            let badStage = try await DashboardTests.call(fixture, .get, "/console/leads?stage=bogus", token: fixture.viewer)
            #expect(badStage.status == .badRequest)
        }
    }

    @Test func anOperatorSetsTheStageAndAViewerAnotherTenantOrAnotherSiteCannot() async throws {
        try await DashboardTests.withConsole { fixture in
            let leads = try await Self.seed(fixture)
            let lead = leads[1]
            let page = try await DashboardTests.call(fixture, .get, "/console/leads?stage=qualified", token: fixture.operatorToken)
            #expect(page.body.contains("action=\"/console/leads/\(lead.id)/stage\""))

            let path = "/console/leads/\(lead.id)/stage"
            let viewer = try await DashboardTests.call(fixture, .post, path, token: fixture.viewer, form: ["stage": "won"])
            #expect(viewer.status == .forbidden)
            let foreignSite = try await DashboardTests.call(fixture, .post, path, token: fixture.operatorToken, form: ["stage": "won"],
                                                            headers: [.init("Origin")!: "http://evil.example"])
            #expect(foreignSite.status == .forbidden)
            let otherTenant = try await DashboardTests.call(fixture, .post, path, token: fixture.otherTenantAdmin, form: ["stage": "won"])
            #expect(otherTenant.status == .notFound)
            let bogus = try await DashboardTests.call(fixture, .post, path, token: fixture.operatorToken, form: ["stage": "bogus"])
            #expect(bogus.status == .badRequest)
            let stored = try await fixture.system.database.read { sql in try await LeadRepository(sql).find(tenantID: "default", id: lead.id) }
            #expect(stored?.stage == .qualified)

            // Back to the same filters, with a notice; the redirect carries only the filters.
            let done = try await DashboardTests.call(fixture, .post, path, token: fixture.operatorToken,
                                                     form: ["stage": "won", "back": "?stage=qualified&q=%D0%B4&page=1&evil=1"])
            #expect(done.status == .seeOther)
            #expect(done.location == "/console/leads?stage=qualified&q=%D0%B4&page=1&done=stage#lead-\(lead.id)")
            let won = try await fixture.system.database.read { sql in try await LeadRepository(sql).find(tenantID: "default", id: lead.id) }
            #expect(won?.stage == .won)
            let after = try await DashboardTests.call(fixture, .get, "/console/leads?stage=won&done=stage", token: fixture.operatorToken)
            #expect(after.body.contains("Стадия лида изменена"))
        }
    }

    @Test func theCSVExportHasABOMQuotesAndNoFormulas() async throws {
        try await DashboardTests.withConsole { fixture in
            _ = try await Self.seed(fixture)
            let csv = try await DashboardTests.call(fixture, .get, "/console/leads.csv", token: fixture.viewer)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"leads-") == true)
            #expect(csv.body.hasPrefix("\u{FEFF}\"ID\",\"Создан\""))
            let lines = csv.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 5, "the header and the tenant's four leads")
            #expect(csv.body.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""))
            #expect(csv.body.contains("\"'+7 701 123 45 67\""))
            #expect(csv.body.contains("\"Дана \"\"Д\"\"\""))
            #expect(csv.body.contains("\"city: Алматы\""))
            #expect(!csv.body.contains("Чужой клиент"))

            let filtered = try await DashboardTests.call(fixture, .get, "/console/leads.csv?stage=booked&lang=en", token: fixture.viewer)
            let rows = filtered.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(rows.count == 2 && rows[0].hasPrefix("\u{FEFF}\"ID\",\"Captured\"") && rows[1].contains("Ольга"))
            let refused = try await DashboardTests.call(fixture, .get, "/console/leads.csv?to=tomorrow", token: fixture.viewer)
            #expect(refused.status == .badRequest)
        }
    }

    @Test func fieldsAreNeutralisedAndQuoted() {
        #expect(LeadsCSV.field("=1+2") == "\"'=1+2\"")
        #expect(LeadsCSV.field("@SUM(A1)") == "\"'@SUM(A1)\"")
        #expect(LeadsCSV.field("-5") == "\"'-5\"")
        #expect(LeadsCSV.field("a,b\r\nc") == "\"a,b\r\nc\"")
        #expect(LeadsCSV.field("Дана") == "\"Дана\"")
    }
}
