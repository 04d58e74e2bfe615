import Foundation
import Logging
import SaudaCatalogue
import SaudaCore
import SaudaKnowledge
import SaudaStore

/// Seed 000's two shops as demo businesses beside the default one: EVOPOLIKI (EVA mats, covers, organisers, capes)
/// and 5DELUXE (premium 5D mats), each with its catalogue (`CatalogueSample`), its knowledge base
/// (`KnowledgeBase.sampleDocuments(named:)`) and its own sales prompt (`Prompts/tenants/<id>/`). The web chat page
/// offers them (`/?tenant=evopoliki`). Made once, when the tenant does not exist (`DEMO_SHOPS=false` turns this off);
/// a tenant of the same id is never changed.
enum DemoShops {
    /// The shops: tenant id and catalogue.
    static let shops: [(id: String, sample: CatalogueSample)] = [("evopoliki", .evopoliki), ("5deluxe", .fiveDeluxe)]

    /// Creates the shops that do not exist yet.
    /// - Returns: the ids of the shops created now.
    @discardableResult
    static func ensure(_ database: any Database, timeZone: String, logger: Logger) async throws -> [String] {
        var created: [String] = []
        for shop in shops {
            let loaded = try shop.sample.load()
            let tenant = Tenant(id: shop.id, name: shop.sample.shopName, timeZone: timeZone)
            let documents = KnowledgeBase.sampleDocuments(named: shop.id)
            let now = Date()
            let isNew = try await database.transaction { sql in
                let tenants = TenantRepository(sql)
                guard try await tenants.create(tenant, now: now) else { return false }
                for document in documents {
                    try await tenants.upsertKnowledgeDocument(tenantID: tenant.id, name: document.name, content: document.content,
                                                              contentHash: KnowledgeIngest.contentHash(document.content), now: now)
                }
                _ = try await CatalogueRepository(sql).replace(tenantID: tenant.id, with: loaded.catalogue, now: now)
                return true
            }
            if isNew {
                created.append(shop.id)
                logger.info("created a demo shop", metadata: ["tenant": "\(shop.id)", "catalogue": "\(loaded.catalogue.counts)"])
            }
        }
        return created
    }
}
