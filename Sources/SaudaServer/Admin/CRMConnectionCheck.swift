import Foundation
import Hummingbird
import SaudaCRM
import SaudaCRMSync
import SaudaCore
import SaudaStore

/// Checks a business's CRM connection with the CRM (its cheap authenticated call) and stores what it found: a check
/// that passes makes a failing connection active again and its waiting records due; one the CRM refuses makes it
/// failing with the reason. A paused connection stays paused.
struct CRMConnectionCheck: Sendable {
    let database: any Database
    let adapters: any CRMAdapterSource

    /// What a check found.
    struct Outcome: Sendable {
        var account: CRMAccountInfo?
        var problem: String?
        var state: ConnectionState
    }

    /// - Throws: ``APIError`` 404 when the business has no CRM connection.
    func run(tenantID: String) async throws -> Outcome {
        guard let connection = try await database.read({ sql in try await CRMConnectionRepository(sql).find(tenantID: tenantID) }) else {
            throw APIError(.notFound, "the business has no CRM connection")
        }
        var outcome = Outcome(state: connection.state)
        do {
            guard let binding = try await adapters.binding(tenantID: tenantID) else {
                outcome.problem = "the CRM connection is paused"
                return outcome
            }
            outcome.account = try await binding.adapter.checkConnection()
        } catch {
            outcome.problem = error.description
            // Only refused credentials turn the connection failing; a CRM that is down for a while does not.
            guard case .notConfigured = error else { return outcome }
        }
        guard connection.state != .paused else { return outcome }
        let state: ConnectionState = outcome.problem == nil ? .active : .failing
        let problem = outcome.problem
        try await database.transaction { sql in
            try await CRMConnectionRepository(sql).setState(tenantID: tenantID, state, lastError: problem, now: Date())
            if state == .active { try await CRMSyncRepository(sql).wake(tenantID: tenantID, now: Date()) }
        }
        outcome.state = state
        return outcome
    }
}
