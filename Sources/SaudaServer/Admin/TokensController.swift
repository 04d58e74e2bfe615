import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// `/api/v1/tokens`: an admin lists, makes and revokes the tokens of their own tenant. A new token is shown once.
struct TokensController: Sendable {
    let database: any Database
    let authenticator: AdminAuthenticator

    struct TokenJSON: Encodable {
        let id: Int64
        let name: String
        let role: String
        let prefix: String
        let createdAt: Date
        let revokedAt: Date?

        init(_ token: ApiToken) {
            id = token.id
            name = token.name
            role = token.role.rawValue
            prefix = token.prefix
            createdAt = token.createdAt
            revokedAt = token.revokedAt
        }
    }

    struct Listing: Encodable {
        let tokens: [TokenJSON]
    }

    struct Issue: Decodable {
        let name: String
        let role: String
    }

    struct Issued: Encodable {
        /// The token itself: shown now and never again.
        let token: String
        let details: TokenJSON
    }

    func addRoutes(to api: APIRoutes) {
        api.get("tokens", summary: "The tenant's API tokens", role: .admin, use: list)
        api.post("tokens", summary: "Make an API token", role: .admin, use: issue)
        api.delete("tokens/:id", summary: "Revoke an API token", role: .admin, use: revoke)
    }

    @Sendable func list(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let tenant = context.tenantID
        let tokens = try await database.read { sql in try await ApiTokenRepository(sql).list(tenantID: tenant) }
        return try JSONResponse.admin(Listing(tokens: tokens.map(TokenJSON.init)))
    }

    @Sendable func issue(request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await JSONRequestBody.decode(Issue.self, from: request, maxBytes: 4096)
        try APIInput.text(body.name, field: "name", maximum: 100)
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else { throw APIError(.badRequest, "field «name» must have 1 to 100 characters") }
        guard let role = AccessRole(rawValue: body.role) else {
            throw APIError(.badRequest, "field «role» must be one of \(AccessRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let tenant = context.tenantID
        let (token, record) = try await database.transaction { sql in
            try await AccessTokens.issue(tenantID: tenant, name: name, role: role, in: sql)
        }
        context.logger.info("API token made", metadata: ["token_id": "\(record.id)", "role": "\(role.rawValue)", "by": "\(context.caller.name)"])
        return try JSONResponse.admin(Issued(token: token, details: TokenJSON(record)), status: .created)
    }

    @Sendable func revoke(request: Request, context: AdminRequestContext) async throws -> Response {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw APIError(.badRequest, "«\(raw)» is not a token id") }
        let tenant = context.tenantID
        // Another tenant's token is "not found" here, like one that never existed.
        let revoked = try await database.transaction { sql in try await ApiTokenRepository(sql).revoke(id: id, tenantID: tenant, now: Date()) }
        guard revoked else { throw APIError(.notFound, "no live token \(id) in this tenant") }
        authenticator.forget()
        context.logger.info("API token revoked", metadata: ["token_id": "\(id)", "by": "\(context.caller.name)"])
        return Response(status: .noContent)
    }
}
