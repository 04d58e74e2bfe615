import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// `/api/v1/leads`: the tenant's leads, filtered and paged, and an operator's change of a lead's stage.
struct LeadsController: Sendable {
    let console: OperatorConsole

    /// The body of `PATCH /api/v1/leads/{id}`.
    struct StageChange: Decodable {
        let stage: String
    }

    func addRoutes(to api: APIRoutes) {
        api.get("leads", summary: "The tenant's leads", role: .viewer, use: list)
        api.patch("leads/:id", summary: "Set the stage of a lead", role: .operator, use: update)
    }

    @Sendable func list(request: Request, context: AdminRequestContext) async throws -> Response {
        let query = try AdminQuery(request, allowed: ["stage", "channel", "q", "from", "to", "limit", "offset"])
        let (limit, offset) = (try query.limit(), try query.offset())
        let stage = try query.choice("stage", of: LeadStage.allCases.map(\.rawValue)).flatMap(LeadStage.init(rawValue:))
        let channel = try query.choice("channel", of: Channel.allCases.map(\.rawValue)).flatMap(Channel.init(rawValue:))
        let (from, to) = (try query.moment("from"), try query.moment("to"))
        let search = try query.text("q")
        // A window that ends before it starts holds no lead.
        if let from, let to, from >= to {
            return try JSONResponse.admin(LeadPageJSON(leads: [], total: 0, limit: limit, offset: offset))
        }
        let (page, total) = try await console.leads(tenantID: context.tenantID,
                                                    query: LeadQuery(stage: stage, channel: channel, search: search, from: from, to: to,
                                                                     limit: limit, offset: offset))
        return try JSONResponse.admin(LeadPageJSON(leads: page.map(LeadJSON.init), total: total, limit: limit, offset: offset))
    }

    @Sendable func update(request: Request, context: AdminRequestContext) async throws -> Response {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw APIError(.badRequest, "«\(raw)» is not a lead id") }
        let body = try await JSONRequestBody.decode(StageChange.self, from: request, maxBytes: 4096)
        guard let stage = LeadStage(rawValue: body.stage) else {
            throw APIError(.badRequest, "field «stage» must be one of \(LeadStage.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let lead = try await console.setLeadStage(tenantID: context.tenantID, id: id, stage: stage, by: context.caller.name)
        return try JSONResponse.admin(LeadJSON(lead))
    }
}
