import Foundation
import Logging
import SaudaCRM
import SaudaCore
import SaudaStore

/// Checks again the CRM connections that are `failing` (the CRM refused their credentials, or they did not make an
/// adapter), each at most once per ``CRMSyncOptions/probeInterval``: a check that passes makes the connection `active`
/// and its waiting records due, so a business whose CRM came back (a licence paid, a key put right in the CRM) needs no
/// one to press a button.
public struct CRMConnectionProbe: Sendable {
    let database: any Database
    let adapters: any CRMAdapterSource
    let options: CRMSyncOptions
    let logger: Logger

    /// Creates a probe.
    public init(database: any Database, adapters: any CRMAdapterSource, options: CRMSyncOptions, logger: Logger) {
        self.database = database
        self.adapters = adapters
        self.options = options
        self.logger = logger
    }

    /// Checks the connections due for a check at `now`.
    public func run(now: Date) async throws {
        let tenants = try await database.read { sql in
            try await CRMConnectionRepository(sql).failing(unchangedSince: now.addingTimeInterval(-options.probeInterval))
        }
        for tenantID in tenants {
            let problem: String?
            do {
                if let binding = try await adapters.binding(tenantID: tenantID) {
                    _ = try await binding.adapter.checkConnection()
                    problem = nil
                } else {
                    continue
                }
            } catch {
                problem = error.description
            }
            do {
                try await store(tenantID: tenantID, problem: problem, now: now)
            } catch {
                logger.error("CRM connection check could not be stored", metadata: ["tenant": "\(tenantID)", "error": "\(error)"])
                continue
            }
            logger.info("CRM connection checked", metadata: ["tenant": "\(tenantID)", "problem": "\(problem ?? "none")"])
        }
    }

    /// Stores what a check found, for a connection still failing.
    private func store(tenantID: String, problem: String?, now: Date) async throws {
        try await database.transaction { sql in
            let connections = CRMConnectionRepository(sql)
            // Only a connection still failing: an admin may have paused or changed it meanwhile.
            guard try await connections.find(tenantID: tenantID)?.state == .failing else { return }
            if let problem {
                try await connections.setState(tenantID: tenantID, .failing, lastError: problem, now: now)
            } else {
                try await connections.setState(tenantID: tenantID, .active, lastError: nil, now: now)
                try await CRMSyncRepository(sql).wake(tenantID: tenantID, now: now)
            }
        }
    }
}
