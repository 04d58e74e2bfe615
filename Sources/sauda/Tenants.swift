import ArgumentParser
import Foundation
import SaudaCore
import SaudaServer
import SaudaStore

/// `sauda tenant add|list|suspend|resume|show|set|export|delete|forget-contact`: the businesses this installation serves, their settings
/// and their data.
struct Tenants: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Manage the businesses this installation serves.",
        subcommands: [Add.self, List.self, Suspend.self, Resume.self, Show.self, SetSettings.self, TenantData.Export.self, TenantData.Delete.self,
                      TenantData.ForgetContact.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a business.")
        @Argument(help: "Short id used in URLs: lowercase letters, digits and «-».") var id: String
        @Option(help: "The business's name, as the bot calls it.") var name: String
        @Option(help: "IANA time zone of its working hours.") var timeZone = "Asia/Almaty"

        func validate() throws {
            if let problem = BusinessAdministration.idProblem(id) { throw ValidationError("the tenant id: \(problem)") }
        }

        func run() async throws {
            let (id, name, timeZone) = (id, name, timeZone)
            let tenant = try await CommandEnvironment.withPreparedDatabase { database in
                try await Owners.answering { try await BusinessAdministration(database: database).createBusiness(id: id, name: name, timeZone: timeZone) }
            }
            print("tenant \(tenant.id) (\(tenant.name), \(tenant.timeZone)) added; invite its admin with «sauda invite create --tenant \(tenant.id) --email EMAIL»")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the businesses.")

        func run() async throws {
            let businesses = try await CommandEnvironment.withPreparedDatabase { database in
                try await BusinessAdministration(database: database).businesses()
            }
            for business in businesses {
                let state = business.suspendedAt == nil ? "active" : "suspended"
                print("\(business.tenant.id)\t\(business.tenant.name)\t\(business.tenant.timeZone)\t\(state)\t\(business.members) members")
            }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suspend a business: its people cannot sign in, its sessions end, its tokens are refused, its channels stop.")
        @Argument(help: "The business's id.") var id: String
        func run() async throws {
            let id = id
            try await CommandEnvironment.withPreparedDatabase { database in
                try await Owners.answering { try await BusinessAdministration(database: database).suspend(id) }
            }
            print("tenant \(id) suspended; «sauda tenant resume \(id)» lifts it")
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift a business's suspension.")
        @Argument(help: "The business's id.") var id: String
        func run() async throws {
            let id = id
            try await CommandEnvironment.withPreparedDatabase { database in
                try await Owners.answering { try await BusinessAdministration(database: database).resume(id) }
            }
            print("tenant \(id) is active again")
        }
    }
}
