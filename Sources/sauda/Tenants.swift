import ArgumentParser
import Foundation
import SaudaCore
import SaudaServer
import SaudaStore

/// `sauda tenant add|list|show|set|export|delete|forget-contact`: the businesses this installation serves, their settings
/// and their data.
struct Tenants: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Manage the businesses this installation serves.",
        subcommands: [Add.self, List.self, Show.self, SetSettings.self, TenantData.Export.self, TenantData.Delete.self,
                      TenantData.ForgetContact.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a business.")
        @Argument(help: "Short id used in URLs: lowercase letters, digits and «-».") var id: String
        @Option(help: "The business's name, as the bot calls it.") var name: String
        @Option(help: "IANA time zone of its working hours.") var timeZone = "Asia/Almaty"

        func validate() throws {
            let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
            guard (1...40).contains(id.count), id.allSatisfy(allowed.contains), id.first != "-" else {
                throw ValidationError("the tenant id must be 1 to 40 lowercase letters, digits and «-», not starting with «-»")
            }
            guard TimeZone(identifier: timeZone) != nil else { throw ValidationError("--time-zone «\(timeZone)» is not an IANA time zone") }
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--name must not be empty") }
        }

        func run() async throws {
            let tenant = Tenant(id: id, name: name, timeZone: timeZone)
            let created = try await CommandEnvironment.withPreparedDatabase { database in
                try await database.transaction { sql in try await TenantRepository(sql).create(tenant, now: Date()) }
            }
            guard created else { throw ConfigurationError(message: "a tenant «\(tenant.id)» exists already") }
            print("tenant \(tenant.id) (\(tenant.name), \(tenant.timeZone)) added; give it a token with «sauda token create --tenant \(tenant.id) --role admin --name NAME»")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the businesses.")

        func run() async throws {
            let tenants = try await CommandEnvironment.withPreparedDatabase { database in
                try await database.read { sql in try await TenantRepository(sql).all() }
            }
            for tenant in tenants { print("\(tenant.id)\t\(tenant.name)\t\(tenant.timeZone)") }
        }
    }
}
