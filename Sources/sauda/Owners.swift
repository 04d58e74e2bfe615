import ArgumentParser
import Foundation
import SaudaCore
import SaudaServer
import SaudaStore

/// `sauda owner create`: the installation's owners, who manage every business from the console and the admin API.
struct Owners: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "owner",
        abstract: "Manage the installation's owners (they create, suspend and delete businesses and invite their admins).",
        subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an owner: a new account, or an existing one (its password is then kept).",
            discussion: """
                The password is read from --password-file, or from standard input with --password-stdin; without either \
                a random one is made and printed once.
                """)
        @Option(help: "The email the owner signs in with.") var email: String
        @Option(help: "The owner's name, as the console shows who did what.") var name: String
        @Option(help: "A file whose first line is the password.") var passwordFile: String?
        @Flag(help: "Read the password from standard input (its first line).") var passwordStdin = false

        func validate() throws {
            if let problem = Account.emailProblem(Account.normalized(email: email)) { throw ValidationError("--email: \(problem)") }
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--name must not be empty") }
            guard passwordFile == nil || !passwordStdin else { throw ValidationError("give --password-file or --password-stdin, not both") }
        }

        func run() async throws {
            var generated: String?
            let password: String
            if let passwordFile {
                guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                    throw ValidationError("--password-file: cannot read «\(passwordFile)»")
                }
                password = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
            } else if passwordStdin {
                password = readLine(strippingNewline: true) ?? ""
            } else {
                let made = BusinessAdministration.randomPassword()
                generated = made
                password = made
            }
            let (email, name) = (email, name)
            let (account, created) = try await CommandEnvironment.withPreparedDatabase { database in
                try await Owners.answering { try await BusinessAdministration(database: database).createOwner(email: email, name: name, password: password) }
            }
            if created {
                print("\(account.email) owns the installation: it signs in to the console and manages every business")
                if let generated { print("password (shown only now): \(generated)") }
            } else {
                print("\(account.email) exists already: it now owns the installation; its password is unchanged")
            }
        }
    }

    /// Runs `body`, turning a refused administration into an error naming the command line's option.
    static func answering<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as AdministrationError {
            if case .invalid(let field, let reason) = error { throw ValidationError("--\(field.replacingOccurrences(of: "_", with: "-")): \(reason)") }
            throw ConfigurationError(message: error.description)
        }
    }
}
