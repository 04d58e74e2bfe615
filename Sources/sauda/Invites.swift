import ArgumentParser
import Foundation
import SaudaCore
import SaudaServer
import SaudaStore

/// `sauda invite create`: a one-time link that lets a person join a business with a role.
struct Invites: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Invite people to a business by a one-time link.",
        subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an invitation and print its link (valid 7 days, used once).",
            discussion: "The invitee opens the link, sets a name and a password (or gives the password of their existing account) and joins.")
        @Option(help: "The business.") var tenant: String
        @Option(help: "The invitee's email.") var email: String
        @Option(help: "viewer, operator or admin.") var role = "admin"
        @Option(help: "The console's address, put before the link's path.") var baseURL = "http://127.0.0.1:8080"

        func validate() throws {
            if let problem = BusinessAdministration.idProblem(tenant) { throw ValidationError("--tenant: \(problem)") }
            if let problem = Account.emailProblem(Account.normalized(email: email)) { throw ValidationError("--email: \(problem)") }
            guard AccessRole(rawValue: role) != nil else { throw ValidationError("--role must be viewer, operator or admin (got «\(role)»)") }
            guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
                throw ValidationError("--base-url must start with http:// or https:// (got «\(baseURL)»)")
            }
        }

        func run() async throws {
            let (tenant, email, role) = (tenant, email, AccessRole(rawValue: role) ?? .admin)
            let (token, invite) = try await CommandEnvironment.withPreparedDatabase { database in
                try await Owners.answering { try await BusinessAdministration(database: database).invite(tenantID: tenant, email: email, role: role) }
            }
            let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            print("\(invite.email) is invited to \(tenant) as \(role.rawValue); the link works once, until \(ISO8601DateFormatter().string(from: invite.expiresAt)):")
            print(base + BusinessAdministration.link(token))
        }
    }
}
