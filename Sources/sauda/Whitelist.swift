import ArgumentParser
import Foundation
import SaudaCore
import SaudaServer
import SaudaStore

/// `sauda whitelist add|remove|list`: numbers the bot never processes (the business owner's own phones).
struct Whitelist: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the numbers Sauda never answers (the business's own phones).",
        subcommands: [Add.self, Remove.self, List.self])

    struct Options: ParsableArguments {
        @Option(help: "Tenant id.") var tenant = Tenant.defaultID
    }

    static func normalized(_ raw: String) throws -> String {
        guard let phone = PhoneNumber.normalize(raw) else {
            throw ValidationError("«\(raw)» is not a phone number: write it as +7 701 234 56 78, 87012345678 or 77012345678")
        }
        return phone
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a number (or change its note).")
        @Argument(help: "The phone number, in any usual form.") var phone: String
        @Option(help: "Who it is.") var note: String?
        @OptionGroup var options: Options

        func validate() throws { _ = try Whitelist.normalized(phone) }

        func run() async throws {
            let phone = try Whitelist.normalized(self.phone)
            let (tenant, note) = (options.tenant, self.note)
            try await CommandEnvironment.withPreparedSystem { system in
                try await system.database.transaction { sql in
                    guard try await TenantRepository(sql).find(id: tenant) != nil else {
                        throw ConfigurationError(message: "unknown tenant «\(tenant)»")
                    }
                    try await TenantRepository(sql).addToWhitelist(tenantID: tenant, phoneNumber: phone, note: note, now: Date())
                }
            }
            print("+\(phone) is on the whitelist of \(tenant)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a number.")
        @Argument(help: "The phone number, in any usual form.") var phone: String
        @OptionGroup var options: Options

        func validate() throws { _ = try Whitelist.normalized(phone) }

        func run() async throws {
            let phone = try Whitelist.normalized(self.phone)
            let tenant = options.tenant
            let removed = try await CommandEnvironment.withPreparedSystem { system in
                try await system.database.transaction { sql in
                    try await TenantRepository(sql).removeFromWhitelist(tenantID: tenant, phoneNumber: phone)
                }
            }
            guard removed else { throw ConfigurationError(message: "+\(phone) is not on the whitelist of \(tenant)") }
            print("+\(phone) removed from the whitelist of \(tenant)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the numbers.")
        @OptionGroup var options: Options

        func run() async throws {
            let tenant = options.tenant
            let entries = try await CommandEnvironment.withPreparedSystem { system in
                try await system.database.read { sql in
                    try await TenantRepository(sql).whitelist(tenantID: tenant).map { "+\($0.phone)\($0.note.map { "  \($0)" } ?? "")" }
                }
            }
            print(entries.isEmpty ? "the whitelist of \(tenant) is empty" : entries.joined(separator: "\n"))
        }
    }
}
