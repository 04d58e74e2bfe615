import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `GET /api/v1/leads` and `PATCH /api/v1/leads/{id}`: answers as documented, filters, bad input refused with its
/// reason, unknown and other tenants' leads not found.
@Suite struct LeadsAPITests {
    @Test func leadsAreListedWithFiltersAndAnOperatorSetsTheStage() async throws {
        try await AdminEndpointsTests.withAPI { fixture, contract in
            let leads = try await LeadsConsoleTests.seed(fixture)
            let all = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/leads", "/api/v1/leads", token: fixture.viewer)
            #expect(all.status == .ok && all.json?["total"]?.numberValue == 4)
            let names = all.json?["leads"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(names.first == "Ольга" && names.last == "Азамат")
            let ordered = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/leads",
                                                             "/api/v1/leads?stage=ordered&channel=whatsapp&limit=5", token: fixture.viewer)
            let first = ordered.json?["leads"]?[0]
            #expect(ordered.json?["total"]?.numberValue == 1 && first?["price_quoted"] == "8 500 сом" && first?["stage"] == "ordered")
            #expect(first?["contact_id"]?.numberValue == Double(leads[0].contactID) && first?["details"]?["city"] == "Алматы")
            #expect(first?["source"] == "whatsapp")
            let searched = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/leads", "/api/v1/leads?q=%D0%BA%D0%BE%D0%B2%D1%80%D0%B8%D0%BA%D0%B8",
                                                              token: fixture.viewer)
            #expect(searched.json?["total"]?.numberValue == 2)
            let empty = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/leads", "/api/v1/leads?from=2999-01-01", token: fixture.viewer)
            #expect(empty.json?["total"]?.numberValue == 0)
            let reversed = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/leads",
                                                              "/api/v1/leads?from=2026-12-02&to=2026-12-01", token: fixture.viewer)
            #expect(reversed.status == .ok && reversed.json?["leads"]?.arrayValue?.isEmpty == true)
            for bad in ["stage=bogus", "channel=fax", "from=yesterday", "limit=0", "colour=red"] {
                let refused = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/leads", "/api/v1/leads?\(bad)", token: fixture.viewer)
                #expect(refused.status == .badRequest, "\(bad)")
                #expect(refused.json?["error"]?["reason"]?.stringValue?.isEmpty == false)
            }
            let foreign = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/leads", "/api/v1/leads", token: fixture.otherTenantAdmin)
            #expect(foreign.json?["total"]?.numberValue == 1)

            // A contact's detail carries its lead.
            let detail = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/contacts/{contact}",
                                                            "/api/v1/contacts/\(leads[0].contactID)", token: fixture.viewer)
            #expect(detail.json?["lead"]?["stage"] == "ordered" && detail.json?["lead"]?["id"]?.numberValue == Double(leads[0].id))

            let lead = leads[1]
            let won = try await AdminEndpointsTests.call(fixture, contract, .patch, "/api/v1/leads/{id}", "/api/v1/leads/\(lead.id)",
                                                         token: fixture.operatorToken, body: #"{"stage": "won"}"#)
            #expect(won.status == .ok && won.json?["stage"] == "won" && won.json?["id"]?.numberValue == Double(lead.id))
            let bogus = try await AdminEndpointsTests.call(fixture, contract, .patch, "/api/v1/leads/{id}", "/api/v1/leads/\(lead.id)",
                                                           token: fixture.operatorToken, body: #"{"stage": "bogus"}"#)
            #expect(bogus.status == .badRequest && bogus.json?["error"]?["reason"]?.stringValue?.contains("won") == true)
            let missing = try await AdminEndpointsTests.call(fixture, contract, .patch, "/api/v1/leads/{id}", "/api/v1/leads/\(lead.id)",
                                                             token: fixture.operatorToken, body: #"{}"#)
            #expect(missing.status == .badRequest)
            let unknown = try await AdminEndpointsTests.call(fixture, contract, .patch, "/api/v1/leads/{id}", "/api/v1/leads/999999",
                                                             token: fixture.operatorToken, body: #"{"stage": "lost"}"#)
            #expect(unknown.status == .notFound)
            let notAnID = try await AdminEndpointsTests.call(fixture, contract, .patch, "/api/v1/leads/{id}", "/api/v1/leads/abc",
                                                             token: fixture.operatorToken, body: #"{"stage": "lost"}"#)
            #expect(notAnID.status == .badRequest)
            let otherTenant = try await AdminEndpointsTests.call(fixture, contract, .patch, "/api/v1/leads/{id}", "/api/v1/leads/\(leads[0].id)",
                                                                 token: fixture.otherTenantAdmin, body: #"{"stage": "lost"}"#)
            #expect(otherTenant.status == .notFound)
            let stored = try await fixture.system.database.read { sql in try await LeadRepository(sql).find(tenantID: "default", id: leads[0].id) }
            #expect(stored?.stage == .ordered)
        }
    }
}
