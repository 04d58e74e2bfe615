import Foundation
import Logging
import SaudaCore
import SaudaKnowledge
import SaudaStore

/// What every start and every maintenance command does to the database first.
public enum DatabasePreparation {
    /// Migrates the schema, creates the default tenant and loads the demo knowledge base into it; with `demoShops`
    /// (a server's start with `DEMO_SHOPS`, not a maintenance command), creates seed 000's demo shops (``DemoShops``).
    public static func prepare(_ database: any Database, settings: SaudaSettings, demoShops: Bool = false, logger: Logger) async throws {
        let migrator = Migrator(database: database, logger: logger)
        try await migrator.migrate()
        if try await migrator.ensureDefaultTenant(name: settings.businessName, timeZone: settings.timeZone.identifier) {
            logger.info("created the default tenant", metadata: ["tenant": "\(Tenant.defaultID)"])
        }
        let documents = KnowledgeBase.sampleDocuments()
        try await database.transaction { sql in
            let tenants = TenantRepository(sql)
            guard try await tenants.knowledgeDocuments(tenantID: Tenant.defaultID).isEmpty else { return }
            for document in documents {
                let hash = KnowledgeIngest.contentHash(document.content)
                try await tenants.upsertKnowledgeDocument(tenantID: Tenant.defaultID, name: document.name, content: document.content,
                                                          contentHash: hash, now: Date())
            }
        }
        if demoShops { try await DemoShops.ensure(database, timeZone: settings.timeZone.identifier, logger: logger) }
    }

    /// Makes the default tenant's first admin token when the installation has never had one.
    /// - Returns: the token, to be shown once; `nil` when tokens exist (or existed: a revoked one is not replaced).
    public static func issueFirstAdminToken(_ database: any Database) async throws -> String? {
        try await issueFirstAdminToken(database, file: nil)
    }

    /// As ``issueFirstAdminToken(_:)``, writing the token to `file` (mode 0600) in the same transaction: when the
    /// file cannot be written the token is not made either, and the next start tries again.
    /// - Throws: ``PrivateFile/Failure`` when the file cannot be written, or what the database throws.
    public static func issueFirstAdminToken(_ database: any Database, file: FirstAdminTokenFile?) async throws -> String? {
        try await database.transaction { sql in
            guard try await ApiTokenRepository(sql).list(tenantID: nil).isEmpty else { return nil }
            let token = try await AccessTokens.issue(tenantID: Tenant.defaultID, name: "first admin", role: .admin, in: sql).token
            try file?.write(token)
            return token
        }
    }
}
