import ArgumentParser
import Foundation
import SaudaCore
import SaudaServer
import SaudaStore

/// `sauda token create|list|revoke`: API tokens of the admin API and the dashboard.
struct Tokens: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage the API tokens of the admin API and the dashboard.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it once (only its hash is stored).",
            discussion: """
                Roles: viewer (reads), operator (also takes chats over and writes as the business), admin (also changes settings). \
                With --owner EMAIL the token is the installation's owner's: it opens /api/v1/installation/… (every business) \
                and is an admin of --tenant; it stops when the account stops being an owner or is suspended.
                """)
        @Option(help: "Tenant whose data the token opens.") var tenant = Tenant.defaultID
        @Option(help: "Role: viewer, operator (the default) or admin.") var role: String?
        @Option(help: "Who holds the token.") var name: String
        @Option(help: "The email of an owner account (sauda owner create) whose token this is.") var owner: String?

        func validate() throws {
            if let role, AccessRole(rawValue: role) == nil { throw ValidationError("--role must be viewer, operator or admin") }
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 100 else {
                throw ValidationError("--name must be 1 to 100 characters")
            }
            if let owner, let problem = Account.emailProblem(Account.normalized(email: owner)) { throw ValidationError("--owner: \(problem)") }
            if owner != nil, role != nil { throw ValidationError("--role does not go with --owner: an owner's token is an admin of --tenant") }
        }

        func run() async throws {
            let (tenant, name, owner) = (self.tenant, self.name, self.owner.map { Account.normalized(email: $0) })
            let role = owner == nil ? AccessRole(rawValue: self.role ?? "operator") ?? .operator : .admin
            let issued = try await CommandEnvironment.withPreparedDatabase { database in
                do {
                    return try await database.transaction { sql in
                        var accountID: Int64?
                        if let owner {
                            guard let account = try await AccountRepository(sql).find(email: owner)?.account, account.isOwner else {
                                throw ConfigurationError(message: "--owner: «\(owner)» is not an owner account; make one with «sauda owner create»")
                            }
                            guard account.suspendedAt == nil else { throw ConfigurationError(message: "--owner: «\(owner)» is suspended") }
                            accountID = account.id
                        }
                        return try await AccessTokens.issue(tenantID: tenant, name: name, role: role, in: sql, accountID: accountID)
                    }
                } catch let error as AccessTokenError {
                    throw ConfigurationError(message: error.description)
                }
            }
            print(issued.token)
            let holder = owner.map { "the installation's owner \($0), admin of \(tenant)" } ?? "\(role.rawValue) of \(tenant)"
            print("token \(issued.record.id) for \(name) (\(holder)); it is shown only now", to: &standardError)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never the tokens themselves).")
        @Option(help: "Only this tenant's tokens.") var tenant: String?

        func run() async throws {
            let tenant = self.tenant
            let tokens = try await CommandEnvironment.withPreparedDatabase { database in
                try await database.read { sql in try await ApiTokenRepository(sql).list(tenantID: tenant) }
            }
            guard !tokens.isEmpty else {
                print("no tokens; create one with «sauda token create --name NAME --role admin»")
                return
            }
            for token in tokens {
                let state = token.revokedAt.map { "revoked \($0.formatted(.iso8601))" } ?? "live"
                print("\(token.id)\t\(token.tenantID)\t\(token.role.rawValue)\t\(token.prefix)…\t\(token.name)\t\(state)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id (see «sauda token list»).")
        @Argument(help: "The token's id.") var id: Int64

        func run() async throws {
            let id = self.id
            let revoked = try await CommandEnvironment.withPreparedDatabase { database in
                try await database.transaction { sql in try await ApiTokenRepository(sql).revoke(id: id, now: Date()) }
            }
            guard revoked else { throw ConfigurationError(message: "no live token with id \(id)") }
            print("token \(id) revoked (a running server stops accepting it within 5 s)")
        }
    }
}

/// Standard error as a text stream, for notes that must not mix with a command's output.
nonisolated(unsafe) var standardError = StandardErrorStream()

/// Writes to standard error.
struct StandardErrorStream: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
