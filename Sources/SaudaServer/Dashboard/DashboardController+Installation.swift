import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The installation's owner's pages (`/console/installation`) and the business admins' team page (`/console/team`):
/// both act through ``BusinessAdministration``; a refusal comes back as the page with its reason.
extension DashboardController {
    private static func requireOwner(_ context: ConsoleRequestContext) throws {
        guard context.principal.isOwner else { throw APIError(.forbidden, APIError.ownerOnly.reason) }
    }

    private static func business(_ context: ConsoleRequestContext) throws -> String {
        let id = try context.parameters.require("business")
        guard BusinessAdministration.idProblem(id) == nil else { throw APIError(.notFound, "no business «\(id)»") }
        return id
    }

    @Sendable func installation(request: Request, context: ConsoleRequestContext) async throws -> Response {
        try Self.requireOwner(context)
        return try await installationPage(context, flash: "")
    }

    private func installationPage(_ context: ConsoleRequestContext, flash: HTML, status: HTTPResponse.Status = .ok) async throws -> Response {
        Self.page(InstallationPage.render(businesses: try await administration.businesses(), flash: flash, context: context.page), status: status)
    }

    /// Runs an owner's action and shows the businesses with its outcome: `done` on success, the reason when refused.
    private func ownerAction(_ context: ConsoleRequestContext, done: (String) -> String,
                             _ action: () async throws -> String) async throws -> Response {
        try Self.requireOwner(context)
        do {
            let id = try await action()
            authenticator.forget()
            return try await installationPage(context, flash: ConsoleLayout.flash(done(id)))
        } catch let error as AdministrationError {
            return try await installationPage(context, flash: ConsoleLayout.flash(error.description, kind: "error"), status: APIError(error).status)
        }
    }

    @Sendable func createBusiness(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let form = try await Self.form(request, limit: 4096)
        let language = context.page.language
        return try await ownerAction(context, done: { InstallationText.businessCreated.text(language, $0) }) {
            let tenant = try await administration.createBusiness(id: form["id"] ?? "", name: form["name"] ?? "", timeZone: form["time_zone"] ?? "")
            logger.info("business created", metadata: ["business": "\(tenant.id)", "by": "\(context.principal.name)"])
            return tenant.id
        }
    }

    @Sendable func suspendBusiness(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let id = try Self.business(context)
        return try await ownerAction(context, done: { InstallationText.businessSuspendedNow.text(context.page.language, $0) }) {
            try await administration.suspend(id)
            logger.notice("business suspended", metadata: ["business": "\(id)", "by": "\(context.principal.name)"])
            return id
        }
    }

    @Sendable func resumeBusiness(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let id = try Self.business(context)
        return try await ownerAction(context, done: { InstallationText.businessResumed.text(context.page.language, $0) }) {
            try await administration.resume(id)
            logger.notice("business resumed", metadata: ["business": "\(id)", "by": "\(context.principal.name)"])
            return id
        }
    }

    @Sendable func deleteBusiness(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let id = try Self.business(context)
        let form = try await Self.form(request, limit: 4096)
        return try await ownerAction(context, done: { InstallationText.businessDeleted.text(context.page.language, $0) }) {
            _ = try await administration.delete(id, confirmation: form["confirm"] ?? "")
            logger.notice("business deleted", metadata: ["business": "\(id)", "by": "\(context.principal.name)"])
            return id
        }
    }

    @Sendable func inviteToBusiness(request: Request, context: ConsoleRequestContext) async throws -> Response {
        try Self.requireOwner(context)
        let id = try Self.business(context)
        let form = try await Self.form(request, limit: 4096)
        do {
            let link = try await invite(form, tenantID: id, by: context)
            return try await installationPage(context, flash: InstallationPage.linkFlash(link, context: context.page), status: .created)
        } catch let error as AdministrationError {
            return try await installationPage(context, flash: ConsoleLayout.flash(error.description, kind: "error"), status: APIError(error).status)
        }
    }

    /// The owner opens a business: a new session of it (as its admin) replaces the current one.
    @Sendable func openBusiness(request: Request, context: ConsoleRequestContext) async throws -> Response {
        try Self.requireOwner(context)
        let id = try Self.business(context)
        guard let accountID = context.principal.accountID else { throw APIError.ownerOnly }
        let current = context.principal.tokenID
        let token = try await console.database.transaction { sql -> String in
            guard try await TenantRepository(sql).find(id: id) != nil else { throw APIError(.notFound, "no business «\(id)»") }
            guard let account = try await AccountRepository(sql).find(id: accountID) else { throw APIError.ownerOnly }
            let token = try await AccountSignIn.openSession(account: account, membership: Membership(tenantID: id, role: .admin), in: sql)
            _ = try await ApiTokenRepository(sql).revoke(id: current, now: Date())
            return token
        }
        authenticator.forget()
        logger.info("the owner opened a business", metadata: ["business": "\(id)", "account": "\(accountID)"])
        var response = ConsoleSession.redirect(to: "/console")
        response.setCookie(ConsoleSession.cookie(token: token, secure: ConsoleSession.isHTTPS(request)))
        return response
    }

    // MARK: Team

    @Sendable func team(request: Request, context: ConsoleRequestContext) async throws -> Response {
        try await teamPage(context, flash: "")
    }

    private func teamPage(_ context: ConsoleRequestContext, flash: HTML, status: HTTPResponse.Status = .ok) async throws -> Response {
        let tenant = context.tenantID
        let (members, invites) = try await console.database.read { sql in
            (try await AccountRepository(sql).members(tenantID: tenant), try await InviteRepository(sql).list(tenantID: tenant))
        }
        return Self.page(TeamPage.render(members: members, invites: invites, flash: flash, context: context.page), status: status)
    }

    @Sendable func inviteToTeam(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let form = try await Self.form(request, limit: 4096)
        do {
            let link = try await invite(form, tenantID: context.tenantID, by: context)
            return try await teamPage(context, flash: InstallationPage.linkFlash(link, context: context.page), status: .created)
        } catch let error as AdministrationError {
            return try await teamPage(context, flash: ConsoleLayout.flash(error.description, kind: "error"), status: APIError(error).status)
        }
    }

    /// Makes an invitation from a form's `email` and `role`.
    /// - Returns: the link's path.
    private func invite(_ form: FormFields, tenantID: String, by context: ConsoleRequestContext) async throws -> String {
        guard let role = AccessRole(rawValue: form["role"] ?? "") else {
            throw AdministrationError.invalid(field: "role", reason: "must be one of viewer, operator, admin")
        }
        let (token, invite) = try await administration.invite(tenantID: tenantID, email: form["email"] ?? "", role: role)
        logger.info("invitation made", metadata: ["business": "\(tenantID)", "invite": "\(invite.id)", "role": "\(role.rawValue)",
                                                  "by": "\(context.principal.name)"])
        return BusinessAdministration.link(token)
    }
}
