import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The leads as the admin API and the console list and steer them, for one tenant at a time.
extension OperatorConsole {
    /// A page of the tenant's leads matching `query`, and how many match in all.
    public func leads(tenantID: String, query: LeadQuery) async throws -> (page: [Lead], total: Int) {
        try await database.read { sql in try await LeadRepository(sql).list(tenantID: tenantID, query: query) }
    }

    /// How many of the tenant's leads are at each stage.
    public func leadCounts(tenantID: String) async throws -> [LeadStage: Int] {
        try await database.read { sql in try await LeadRepository(sql).countByStage(tenantID: tenantID) }
    }

    /// An operator sets the stage of the tenant's lead `id`.
    /// - Throws: ``APIError`` 404 when the tenant has no such lead, 409 when opening it again while its contact has
    ///   another open lead.
    @discardableResult
    public func setLeadStage(tenantID: String, id: Int64, stage: LeadStage, by operatorName: String) async throws -> Lead {
        let lead: Lead?
        do {
            lead = try await database.transaction { sql in
                try await LeadRepository(sql).setStage(tenantID: tenantID, id: id, stage: stage, now: Date())
            }
        } catch let error as StoreError where error.code == .conflict {
            throw APIError(.conflict, "the customer of lead \(id) has another open lead: close that one first")
        }
        guard let lead else { throw APIError(.notFound, "no lead \(id) in this tenant") }
        logger.info("lead stage set", metadata: ["tenant": "\(tenantID)", "lead": "\(id)", "stage": "\(stage.rawValue)",
                                                 "by": "\(operatorName)"])
        return lead
    }
}
