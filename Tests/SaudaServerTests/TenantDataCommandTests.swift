import Foundation
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `sauda tenant export|delete|forget-contact` as processes on a scratch database.
@Suite struct TenantDataCommandTests {
    static func run(_ arguments: [String], database: String) async throws -> (status: Int32, output: String) {
        try await WhitelistCommandTests.run(arguments, database: database)
    }

    @Test func aBusinessIsExportedItsContactForgottenAndTheBusinessDeleted() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("data.sqlite").path
            #expect(try await Self.run(["tenant", "add", "kovrik", "--name", "Коврик"], database: database).status == 0)
            let file = try SQLiteDatabase(path: database)
            let rows = try await BusinessRows.fill(file, tenantID: "kovrik", seed: 1)
            _ = try await BusinessRows.fill(file, tenantID: "other", seed: 2)
            await file.close()

            let output = directory.appendingPathComponent("kovrik.json")
            let exported = try await Self.run(["tenant", "export", "kovrik", "--output", output.path], database: database)
            #expect(exported.status == 0, "\(exported.output)")
            #expect(exported.output.contains("tenant kovrik exported to \(output.path)"))
            let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
            let tables = try #require(document["tables"] as? [String: [[String: Any]]])
            #expect(tables["contacts"]?.count == 2)
            #expect(tables["tenants"]?.first?["id"] as? String == "kovrik")
            let toStandardOutput = try await Self.run(["tenant", "export", "other"], database: database)
            #expect(toStandardOutput.status == 0)
            #expect(toStandardOutput.output.contains(#"{"format":"sauda.business-export","version":1,"tenant_id":"other""#))
            let unknown = try await Self.run(["tenant", "export", "nobody", "--output", directory.appendingPathComponent("x.json").path], database: database)
            #expect(unknown.status != 0)
            #expect(unknown.output.contains("unknown tenant «nobody»"))
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.json").path), "no file of a failed export")

            let badContact = try await Self.run(["tenant", "forget-contact", "kovrik", "--contact", "call me"], database: database)
            #expect(badContact.status != 0)
            #expect(badContact.output.contains("--contact «call me» is neither a contact id nor a phone number"))
            let unknownTenant = try await Self.run(["tenant", "forget-contact", "nobody", "--contact", "5"], database: database)
            #expect(unknownTenant.status != 0)
            #expect(unknownTenant.output.contains("unknown tenant «nobody»"))
            let otherContact = try await Self.run(["tenant", "forget-contact", "other", "--contact", "\(rows.whatsapp)"], database: database)
            #expect(otherContact.status != 0)
            #expect(otherContact.output.contains("tenant «other» has no contact \(rows.whatsapp)"))
            let forgotten = try await Self.run(["tenant", "forget-contact", "kovrik", "--contact", "+7 701 555 00 01"], database: database)
            #expect(forgotten.status == 0, "\(forgotten.output)")
            #expect(forgotten.output.contains("contact +77015550001 of tenant kovrik deleted"))
            #expect(forgotten.output.contains("  messages: 1"))
            let again = try await Self.run(["tenant", "forget-contact", "kovrik", "--contact", "77015550001"], database: database)
            #expect(again.status != 0)
            #expect(again.output.contains("tenant «kovrik» has no contact +77015550001"))
            let byID = try await Self.run(["tenant", "forget-contact", "kovrik", "--contact", "\(rows.webchat)"], database: database)
            #expect(byID.status == 0, "\(byID.output)")

            let unconfirmed = try await Self.run(["tenant", "delete", "kovrik"], database: database)
            #expect(unconfirmed.status != 0)
            #expect(unconfirmed.output.contains("add --yes to confirm"))
            let defaultTenant = try await Self.run(["tenant", "delete", "default", "--yes"], database: database)
            #expect(defaultTenant.status != 0)
            #expect(defaultTenant.output.contains("the default tenant «default» cannot be deleted"))
            let deleted = try await Self.run(["tenant", "delete", "kovrik", "--yes"], database: database)
            #expect(deleted.status == 0, "\(deleted.output)")
            #expect(deleted.output.contains("tenant kovrik deleted"))
            #expect(deleted.output.contains("  tenants: 1"))
            let listed = try await Self.run(["tenant", "list"], database: database)
            #expect(!listed.output.contains("kovrik"))
            #expect(listed.output.contains("other"))
            let twice = try await Self.run(["tenant", "delete", "kovrik", "--yes"], database: database)
            #expect(twice.status != 0)
            #expect(twice.output.contains("unknown tenant «kovrik»"))
        }
    }
}
