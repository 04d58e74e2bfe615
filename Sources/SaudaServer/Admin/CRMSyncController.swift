import Foundation
import Hummingbird
import Logging
import SaudaCRM
import SaudaCRMSync
import SaudaCore
import SaudaStore

/// `/api/v1/crm/syncs` and `/api/v1/crm/check`: the business's CRM outbox (what waits, what was given up and why), an
/// admin's retry of a dead-lettered record, and a check of the connection that sets its state.
struct CRMSyncController: Sendable {
    let database: any Database
    let adapters: any CRMAdapterSource

    /// The answer of a check.
    struct Checked: Encodable {
        let ok: Bool
        let account: String?
        let capabilities: [String]
        let state: String
        let error: String?
    }

    func addRoutes(to api: APIRoutes) {
        api.get("crm/syncs", summary: "The business's CRM outbox: records waiting, given up or written", role: .viewer, use: list)
        api.post("crm/syncs/:id/retry", summary: "Send a dead-lettered record to the CRM again", role: .admin, use: retry)
        api.post("crm/check", summary: "Check the CRM connection's credentials with the CRM", role: .admin, use: check)
    }

    @Sendable func list(request: Request, context: AdminRequestContext) async throws -> Response {
        let query = try AdminQuery(request, allowed: ["state", "limit"])
        let state = try query.choice("state", of: ["pending", "dead", "synced"])
        let limit = try query.limit(fallback: 100, maximum: 500)
        let tenantID = context.tenantID
        let (rows, counts) = try await database.read { sql in
            let syncs = CRMSyncRepository(sql)
            return (try await syncs.list(tenantID: tenantID, state: state, limit: limit), try await syncs.counts(tenantID: tenantID))
        }
        return try JSONResponse.admin(CRMSyncListJSON(syncs: rows.map(CRMSyncJSON.init), pending: counts.pending, dead: counts.dead))
    }

    @Sendable func retry(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw APIError(.badRequest, "«\(raw)» is not a CRM sync id") }
        let tenantID = context.tenantID
        guard let row = try await database.transaction({ sql in try await CRMSyncRepository(sql).retry(tenantID: tenantID, id: id, now: Date()) }) else {
            throw APIError(.notFound, "the business has no dead-lettered CRM sync \(id)")
        }
        context.logger.info("CRM sync retried", metadata: ["sync": "\(id)", "token": "\(context.caller.name)"])
        return try JSONResponse.admin(CRMSyncJSON(row))
    }

    @Sendable func check(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let checked = try await CRMConnectionCheck(database: database, adapters: adapters).run(tenantID: context.tenantID)
        return try JSONResponse.admin(Checked(ok: checked.problem == nil, account: checked.account?.name,
                                              capabilities: checked.account?.capabilities.map(\.rawValue).sorted() ?? [],
                                              state: checked.state.rawValue, error: checked.problem))
    }
}
