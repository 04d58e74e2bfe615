import ArgumentParser
import Foundation
import SaudaCore
import SaudaServer
import SaudaStore

/// `sauda account add|list|suspend|resume|remove`: the people who sign in to the console with an email and a password.
struct Accounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Manage the people who sign in to the console with an email and a password.",
        subcommands: [Add.self, List.self, Suspend.self, Resume.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a person to a business (a new account, or a business more for an existing one).",
            discussion: "The password is read from standard input with --password-stdin; without it a random one is made and printed once.")
        @Option(help: "The business.") var tenant = Tenant.defaultID
        @Option(help: "The email the person signs in with.") var email: String
        @Option(help: "The person's name, as the console shows who did what (default: the email).") var name: String?
        @Option(help: "viewer, operator or admin.") var role = "operator"
        @Flag(help: "Read the password from standard input (its first line).") var passwordStdin = false

        func validate() throws {
            if let problem = Account.emailProblem(email) { throw ValidationError("--email: \(problem)") }
            guard AccessRole(rawValue: role) != nil else { throw ValidationError("--role must be viewer, operator or admin") }
        }

        func run() async throws {
            let role = AccessRole(rawValue: role) ?? .operator
            var generated: String?
            let password: String
            if passwordStdin {
                password = readLine(strippingNewline: true) ?? ""
            } else {
                let made = Self.randomPassword()
                generated = made
                password = made
            }
            let hash: PasswordHash
            do { hash = try PasswordHash(hashing: password) } catch { throw ValidationError("the password: \(error.message)") }
            let (tenant, email, name) = (tenant, email, name ?? Account.normalized(email: email))
            let outcome = try await CommandEnvironment.withPreparedDatabase { database in
                try await database.transaction { sql -> Bool? in
                    guard try await TenantRepository(sql).find(id: tenant) != nil else { return nil }
                    let accounts = AccountRepository(sql)
                    let created = try await accounts.create(email: email, name: name, password: hash, now: Date())
                    var account = created
                    if account == nil { account = try await accounts.find(email: email)?.account }
                    guard let account else { return nil }
                    try await accounts.join(accountID: account.id, tenantID: tenant, role: role, now: Date())
                    return created != nil
                }
            }
            guard let created = outcome else { throw ConfigurationError(message: "unknown tenant «\(tenant)»") }
            let normalized = Account.normalized(email: email)
            if created {
                print("\(normalized) can sign in to the console as \(role.rawValue) of \(tenant)")
                if let generated { print("password (shown only now): \(generated)") }
            } else {
                print("\(normalized) exists already: it is now \(role.rawValue) of \(tenant) too; its password is unchanged")
            }
        }

        /// Eighteen letters and digits from the system's random source (about 107 bits).
        static func randomPassword() -> String {
            let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
            var generator = SystemRandomNumberGenerator()
            return String((0..<18).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts and their businesses.")

        func run() async throws {
            let rows = try await CommandEnvironment.withPreparedDatabase { database in
                try await database.read { sql -> [String] in
                    let accounts = AccountRepository(sql)
                    var lines: [String] = []
                    for account in try await accounts.all() {
                        let places = try await accounts.memberships(accountID: account.id).map { "\($0.tenantID):\($0.role.rawValue)" }
                        lines.append("\(account.email)\t\(account.name)\t\(places.joined(separator: ","))\t\(account.suspendedAt == nil ? "active" : "suspended")")
                    }
                    return lines
                }
            }
            if rows.isEmpty { print("no accounts (add one with «sauda account add --email … --role admin»)") }
            for row in rows { print(row) }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend an account: it cannot sign in, and its sessions end.")
        @Argument(help: "The account's email.") var email: String
        func run() async throws { try await Accounts.setSuspended(email, true) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift an account's suspension.")
        @Argument(help: "The account's email.") var email: String
        func run() async throws { try await Accounts.setSuspended(email, false) }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an account, its memberships and its sessions.")
        @Argument(help: "The account's email.") var email: String
        func run() async throws {
            let email = email
            let removed = try await CommandEnvironment.withPreparedDatabase { database in
                try await database.transaction { sql in try await AccountRepository(sql).remove(email: email) }
            }
            guard removed else { throw ConfigurationError(message: "no account «\(Account.normalized(email: email))»") }
            print("\(Account.normalized(email: email)) removed")
        }
    }

    static func setSuspended(_ email: String, _ suspended: Bool) async throws {
        let found = try await CommandEnvironment.withPreparedDatabase { database in
            try await database.transaction { sql in try await AccountRepository(sql).setSuspended(email: email, suspended, now: Date()) }
        }
        guard found else { throw ConfigurationError(message: "no account «\(Account.normalized(email: email))»") }
        print("\(Account.normalized(email: email)) \(suspended ? "suspended; its sessions ended" : "may sign in again")")
    }
}
