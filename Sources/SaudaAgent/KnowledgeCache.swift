import Foundation
import SaudaKnowledge
import SaudaStore

/// Each tenant's knowledge base, built once from its documents and rebuilt when they change.
///
/// Documents are loaded by `sauda kb ingest` from another process, so a cached base is checked against the
/// documents' version (their number and latest change) when it is older than `recheckAfter`.
public actor KnowledgeCache {
    private let database: any Database
    private let recheckAfter: Duration
    private var bases: [String: (base: KnowledgeBase, version: String, checkedAt: ContinuousClock.Instant)] = [:]

    /// A cache over `database`.
    public init(database: any Database, recheckAfter: Duration = .seconds(10)) {
        self.database = database
        self.recheckAfter = recheckAfter
    }

    /// The base of a tenant.
    public func base(for tenantID: String) async throws -> KnowledgeBase {
        let now = ContinuousClock.now
        if let cached = bases[tenantID], now - cached.checkedAt < recheckAfter { return cached.base }
        let version = try await database.read { sql in try await TenantRepository(sql).knowledgeVersion(tenantID: tenantID) }
        if let cached = bases[tenantID], cached.version == version {
            bases[tenantID] = (cached.base, version, now)
            return cached.base
        }
        let documents = try await database.read { sql in try await TenantRepository(sql).knowledgeDocuments(tenantID: tenantID) }
        let base = KnowledgeBase(documents: documents)
        bases[tenantID] = (base, version, now)
        return base
    }

    /// Forgets a tenant's base (it is built again on the next use).
    public func invalidate(_ tenantID: String) { bases[tenantID] = nil }
}
