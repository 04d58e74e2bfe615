import SaudaKnowledge
import SaudaStore

/// Each tenant's knowledge index, built once from its stored documents.
public actor KnowledgeCache {
    private let database: any Database
    private var bases: [String: KnowledgeBase] = [:]

    /// Creates a cache.
    public init(database: any Database) { self.database = database }

    /// The index of a tenant.
    public func base(for tenantID: String) async throws -> KnowledgeBase {
        if let base = bases[tenantID] { return base }
        let documents = try await database.read { sql in try await TenantRepository(sql).knowledgeDocuments(tenantID: tenantID) }
        let base = KnowledgeBase(documents: documents)
        bases[tenantID] = base
        return base
    }

    /// Forgets a tenant's index after its documents changed.
    public func invalidate(_ tenantID: String) { bases[tenantID] = nil }
}
