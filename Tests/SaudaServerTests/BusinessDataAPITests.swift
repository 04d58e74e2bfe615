import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `GET /api/v1/export` and `DELETE /api/v1/contacts/{contact}`: an admin's download of its business and deletion of a
/// contact's data; lower roles refused, another business's contact not found. Answers checked against the OpenAPI document.
@Suite struct BusinessDataAPITests {
    typealias Fixture = AdminAPITests.Fixture

    @Test func anAdminDownloadsItsBusinessAndNoOther() async throws {
        try await AdminEndpointsTests.withAPI { fixture, contract in
            let mine = try await BusinessRows.fill(fixture.system.database, tenantID: Tenant.defaultID, seed: 1)
            let theirs = try await BusinessRows.fill(fixture.system.database, tenantID: "second", seed: 2)
            let response = try await AdminAPITests.call(fixture, .get, "/api/v1/export", token: fixture.admin)
            #expect(response.status == .ok)
            #expect(response.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"sauda-default-") == true)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let checked = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/export", "/api/v1/export", token: fixture.admin)
            let document = try #require(checked.json)
            #expect(document["tenant_id"] == "default")
            let contacts = try #require(document["tables"]?["contacts"]?.arrayValue)
            #expect(contacts.count == 2)
            #expect(contacts.contains { $0["phone_number"]?.stringValue == mine.phone })
            #expect(!contacts.contains { $0["phone_number"]?.stringValue == theirs.phone })
            #expect(document["tables"]?["api_tokens"]?.arrayValue?.count == 5, "the fixture's three tokens, the filled one and the filled session")

            let other = try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/export", "/api/v1/export", token: fixture.otherTenantAdmin)
            #expect(other.json?["tenant_id"] == "second")
            for token in [fixture.viewer, fixture.operatorToken] {
                #expect(try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/export", "/api/v1/export", token: token).status == .forbidden)
            }
            #expect(try await AdminEndpointsTests.call(fixture, contract, .get, "/api/v1/export", "/api/v1/export?tables=contacts",
                                                       token: fixture.admin).status == .badRequest)
        }
    }

    @Test func theConsoleGivesAnAdminTheSameDownload() async throws {
        try await DashboardTests.withConsole { fixture in
            let mine = try await BusinessRows.fill(fixture.system.database, tenantID: Tenant.defaultID, seed: 1)
            let theirs = try await BusinessRows.fill(fixture.system.database, tenantID: "second", seed: 2)
            let download = try await DashboardTests.call(fixture, .get, "/console/export", token: fixture.admin)
            #expect(download.status == .ok)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"sauda-default-") == true)
            #expect(download.body.contains(mine.phone))
            #expect(!download.body.contains(theirs.phone))
            let document = try #require(try JSONSerialization.jsonObject(with: Data(download.body.utf8)) as? [String: Any])
            #expect(document["tenant_id"] as? String == "default")
            for token in [fixture.viewer, fixture.operatorToken] {
                #expect(try await DashboardTests.call(fixture, .get, "/console/export", token: token).status == .forbidden)
            }
            let theirDownload = try await DashboardTests.call(fixture, .get, "/console/export", token: fixture.otherTenantAdmin)
            #expect(theirDownload.body.contains(theirs.phone))
            #expect(!theirDownload.body.contains(mine.phone))
        }
    }

    @Test func anAdminDeletesAContactOfItsBusinessOnly() async throws {
        try await AdminEndpointsTests.withAPI { fixture, contract in
            let mine = try await BusinessRows.fill(fixture.system.database, tenantID: Tenant.defaultID, seed: 1)
            let theirs = try await BusinessRows.fill(fixture.system.database, tenantID: "second", seed: 2)
            let template = "/api/v1/contacts/{contact}"
            let data = BusinessData(database: fixture.system.database)
            // The running server relays and consumes the filled queue rows (their payloads are empty), so those
            // tables are left out of the comparison.
            let moving: Set<String> = ["outbox", "queue_messages", "queue_dead_letters"]
            let theirsBefore = try await data.rowCounts(tenantID: "second").filter { !moving.contains($0.key) }

            for token in [fixture.viewer, fixture.operatorToken] {
                let refused = try await AdminEndpointsTests.call(fixture, contract, .delete, template, "/api/v1/contacts/\(mine.whatsapp)", token: token)
                #expect(refused.status == .forbidden)
            }
            let foreign = try await AdminEndpointsTests.call(fixture, contract, .delete, template, "/api/v1/contacts/\(theirs.whatsapp)", token: fixture.admin)
            #expect(foreign.status == .notFound)
            let foreignPhone = try await AdminEndpointsTests.call(fixture, contract, .delete, template, "/api/v1/contacts/%2B\(theirs.phone)",
                                                                  token: fixture.admin)
            #expect(foreignPhone.status == .notFound)
            #expect(try await data.rowCounts(tenantID: "second").filter { !moving.contains($0.key) } == theirsBefore)
            let bad = try await AdminEndpointsTests.call(fixture, contract, .delete, template, "/api/v1/contacts/abc", token: fixture.admin)
            #expect(bad.status == .badRequest)

            let deleted = try await AdminEndpointsTests.call(fixture, contract, .delete, template, "/api/v1/contacts/\(mine.whatsapp)", token: fixture.admin)
            #expect(deleted.status == .ok)
            #expect(deleted.json?["contact_id"]?.numberValue == Double(mine.whatsapp))
            #expect(deleted.json?["removed"]?["contacts"]?.numberValue == 1)
            #expect(deleted.json?["removed"]?["messages"]?.numberValue == 1)
            #expect(deleted.json?["removed"]?["message_logs"]?.numberValue == 1)
            #expect(deleted.json?["removed"]?["whitelist"] == nil)
            let gone = try await AdminEndpointsTests.call(fixture, contract, .get, template, "/api/v1/contacts/\(mine.whatsapp)", token: fixture.viewer)
            #expect(gone.status == .notFound)
            let again = try await AdminEndpointsTests.call(fixture, contract, .delete, template, "/api/v1/contacts/\(mine.whatsapp)", token: fixture.admin)
            #expect(again.status == .notFound)

            // By phone number, in the other business, by its admin.
            let byPhone = try await AdminEndpointsTests.call(fixture, contract, .delete, template, "/api/v1/contacts/\(theirs.phone)",
                                                             token: fixture.otherTenantAdmin)
            #expect(byPhone.status == .ok)
            #expect(byPhone.json?["contact_id"]?.numberValue == Double(theirs.whatsapp))
            #expect(try await data.rowCounts(tenantID: Tenant.defaultID)["contacts"] == 1)
            #expect(try await data.rowCounts(tenantID: "second")["contacts"] == 1)
        }
    }
}
