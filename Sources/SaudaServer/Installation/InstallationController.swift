import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// `/api/v1/installation/…`: the installation's owner creates, lists, suspends, resumes and deletes businesses and
/// invites their first admins (anyone else gets 403); `/api/v1/invites`: a business's admin invites people to their
/// own business. All of it goes through ``BusinessAdministration``.
struct InstallationController: Sendable {
    let administration: BusinessAdministration
    /// Forgets remembered tokens once a business is suspended, so its tokens stop at once in this process.
    let authenticator: AdminAuthenticator

    struct BusinessJSON: Encodable {
        let id: String
        let name: String
        let timeZone: String
        let createdAt: Date?
        let suspended: Bool
        let suspendedAt: Date?
        let members: Int?

        init(_ summary: BusinessSummary) {
            id = summary.tenant.id
            name = summary.tenant.name
            timeZone = summary.tenant.timeZone
            createdAt = summary.createdAt
            suspended = summary.suspendedAt != nil
            suspendedAt = summary.suspendedAt
            members = summary.members
        }

        init(_ tenant: Tenant) {
            id = tenant.id
            name = tenant.name
            timeZone = tenant.timeZone
            createdAt = nil
            suspended = false
            suspendedAt = nil
            members = 0
        }
    }

    struct Listing: Encodable {
        let businesses: [BusinessJSON]
    }

    struct NewBusiness: Decodable {
        let id: String
        let name: String
        let timeZone: String

        enum CodingKeys: String, CodingKey {
            case id, name
            case timeZone = "time_zone"
        }
    }

    struct NewInvite: Decodable {
        let email: String
        let role: String?
    }

    struct InviteJSON: Encodable {
        /// The link's path (`/console/invite/…`): shown now and never again.
        let link: String
        let tenantId: String
        let email: String
        let role: String
        let expiresAt: Date
    }

    struct Removed: Encodable {
        let id: String
        let removed: [String: Int]
    }

    func addRoutes(to api: APIRoutes) {
        api.owner(.get, "installation/businesses", summary: "Every business (the installation's owner)", use: list)
        api.owner(.post, "installation/businesses", summary: "Create a business (the installation's owner)", use: create)
        api.owner(.post, "installation/businesses/:business/suspend", summary: "Suspend a business (the installation's owner)") {
            try await self.setSuspended(true, context: $1)
        }
        api.owner(.post, "installation/businesses/:business/resume", summary: "Resume a suspended business (the installation's owner)") {
            try await self.setSuspended(false, context: $1)
        }
        api.owner(.delete, "installation/businesses/:business", summary: "Delete a business and all its data (the installation's owner)", use: delete)
        api.owner(.post, "installation/businesses/:business/invites", summary: "Invite a person to a business (the installation's owner)",
                  use: inviteToBusiness)
        api.post("invites", summary: "Invite a person to the caller's business", role: .admin, use: invite)
    }

    /// Runs `body`, turning a refused administration into its HTTP answer.
    private static func answering<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as AdministrationError { throw APIError(error) }
    }

    private static func business(_ context: AdminRequestContext) throws -> String {
        let id = try context.parameters.require("business")
        if let problem = BusinessAdministration.idProblem(id) { throw APIError(.badRequest, problem) }
        return id
    }

    @Sendable func list(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        return try JSONResponse.admin(Listing(businesses: try await administration.businesses().map(BusinessJSON.init)))
    }

    @Sendable func create(request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await JSONRequestBody.decode(NewBusiness.self, from: request, maxBytes: 4096)
        let tenant = try await Self.answering { try await administration.createBusiness(id: body.id, name: body.name, timeZone: body.timeZone) }
        context.logger.info("business created", metadata: ["business": "\(tenant.id)", "by": "\(context.caller.name)"])
        return try JSONResponse.admin(BusinessJSON(tenant), status: .created)
    }

    /// Suspends or resumes the path's business and answers its summary; remembered tokens are forgotten, so that a
    /// suspended business's tokens stop at once in this process.
    func setSuspended(_ suspended: Bool, context: AdminRequestContext) async throws -> Response {
        let id = try Self.business(context)
        try await Self.answering { try await suspended ? administration.suspend(id) : administration.resume(id) }
        authenticator.forget()
        context.logger.notice(suspended ? "business suspended" : "business resumed", metadata: ["business": "\(id)", "by": "\(context.caller.name)"])
        return try await summary(id)
    }

    @Sendable func delete(request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try Self.business(context)
        let query = try AdminQuery(request, allowed: ["confirm"])
        let confirmation = try query.text("confirm", maximumLength: 100) ?? ""
        let removed = try await Self.answering { try await administration.delete(id, confirmation: confirmation) }
        authenticator.forget()
        context.logger.notice("business deleted", metadata: ["business": "\(id)", "by": "\(context.caller.name)"])
        return try JSONResponse.admin(Removed(id: id, removed: removed))
    }

    @Sendable func inviteToBusiness(request: Request, context: AdminRequestContext) async throws -> Response {
        return try await makeInvite(request: request, context: context, tenantID: try Self.business(context), defaultRole: .admin)
    }

    @Sendable func invite(request: Request, context: AdminRequestContext) async throws -> Response {
        try await makeInvite(request: request, context: context, tenantID: context.tenantID, defaultRole: .operator)
    }

    private func makeInvite(request: Request, context: AdminRequestContext, tenantID: String, defaultRole: AccessRole) async throws -> Response {
        let body = try await JSONRequestBody.decode(NewInvite.self, from: request, maxBytes: 4096)
        var role = defaultRole
        if let raw = body.role {
            guard let chosen = AccessRole(rawValue: raw) else {
                throw APIError(.badRequest, "field «role» must be one of \(AccessRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            role = chosen
        }
        let (token, invite) = try await Self.answering { try await administration.invite(tenantID: tenantID, email: body.email, role: role) }
        context.logger.info("invitation made", metadata: ["business": "\(tenantID)", "invite": "\(invite.id)", "role": "\(role.rawValue)",
                                                          "by": "\(context.caller.name)"])
        return try JSONResponse.admin(InviteJSON(link: BusinessAdministration.link(token), tenantId: tenantID, email: invite.email,
                                                 role: role.rawValue, expiresAt: invite.expiresAt), status: .created)
    }

    private func summary(_ id: String) async throws -> Response {
        guard let found = try await administration.businesses().first(where: { $0.tenant.id == id }) else {
            throw APIError(AdministrationError.unknownBusiness(id))
        }
        return try JSONResponse.admin(BusinessJSON(found))
    }
}
