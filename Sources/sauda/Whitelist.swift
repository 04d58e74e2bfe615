import ArgumentParser
import Foundation
import SaudaAgent
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

    /// Checks a number before the command runs (``OperatorActions/whitelistNumber(_:)``).
    static func validate(_ raw: String) throws {
        do { _ = try OperatorActions.whitelistNumber(raw) } catch { throw ValidationError(error.reason) }
    }

    /// Runs an operator action, answering its refusal as a command error.
    static func run<T: Sendable>(_ action: @escaping @Sendable (OperatorActions) async throws -> T) async throws -> T {
        do {
            return try await CommandEnvironment.withOperatorActions { actions in try await action(actions) }
        } catch let error as OperatorActionError {
            throw ConfigurationError(message: error.reason)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a number (or change its note).")
        @Argument(help: "The phone number, in any usual form.") var phone: String
        @Option(help: "Who it is.") var note: String?
        @OptionGroup var options: Options

        func validate() throws { try Whitelist.validate(phone) }

        func run() async throws {
            let (phone, tenant, note) = (self.phone, options.tenant, self.note)
            let added = try await Whitelist.run { actions in try await actions.addToWhitelist(tenantID: tenant, phone: phone, note: note) }
            print("+\(added.phone) is on the whitelist of \(tenant)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a number.")
        @Argument(help: "The phone number, in any usual form.") var phone: String
        @OptionGroup var options: Options

        func validate() throws { try Whitelist.validate(phone) }

        func run() async throws {
            let (phone, tenant) = (self.phone, options.tenant)
            let result = try await Whitelist.run { actions in try await actions.removeFromWhitelist(tenantID: tenant, phone: phone) }
            guard result.removed else { throw ConfigurationError(message: "+\(result.phone) is not on the whitelist of \(tenant)") }
            print("+\(result.phone) removed from the whitelist of \(tenant)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the numbers.")
        @OptionGroup var options: Options

        func run() async throws {
            let tenant = options.tenant
            let entries = try await CommandEnvironment.withPreparedDatabase { database in
                try await database.read { sql in
                    try await TenantRepository(sql).whitelist(tenantID: tenant).map { "+\($0.phone)\($0.note.map { "  \($0)" } ?? "")" }
                }
            }
            print(entries.isEmpty ? "the whitelist of \(tenant) is empty" : entries.joined(separator: "\n"))
        }
    }
}
