import Foundation
import Hummingbird
import Logging
import SaudaAgent
import SaudaCatalogue
import SaudaCore
import SaudaStore

/// The catalogue as the console shows and changes it, for one tenant at a time. The changes are
/// ``OperatorActions``' (shared with the command line); their refusals are answered as ``APIError``s.
extension OperatorConsole {
    /// The tenant's catalogue with its revision; `nil` when none was ever stored.
    public func catalogue(tenantID: String) async throws -> (catalogue: Catalogue, revision: CatalogueRevision)? {
        try await database.read { sql in try await CatalogueRepository(sql).load(tenantID: tenantID) }
    }

    /// Imports a catalogue file (``OperatorActions/importCatalogue(tenantID:data:format:defaultCurrency:limits:logger:)``).
    /// - Returns: what was read (with the bad rows' problems) and the new revision.
    /// - Throws: ``APIError`` 400 for a file that cannot be read or has no good row (nothing is stored).
    public func importCatalogue(tenantID: String, data: Data, format: CatalogueFormat, defaultCurrency: Currency? = nil,
                                limits: CatalogueLimits = .standard) async throws -> (result: CatalogueImportResult, revision: CatalogueRevision) {
        try await APIError.answering {
            try await actions.importCatalogue(tenantID: tenantID, data: data, format: format, defaultCurrency: defaultCurrency, limits: limits)
        }
    }

    /// Changes one product's price and availability
    /// (``OperatorActions/updateCatalogueProduct(tenantID:productID:price:availability:by:logger:)``).
    /// - Returns: the product as stored and the new revision.
    /// - Throws: ``APIError`` 400 for a bad price or availability, 404 for no catalogue or no such product.
    public func updateCatalogueProduct(tenantID: String, productID: String, price: String?, availability: String?,
                                       by operatorName: String) async throws -> (product: Product, revision: CatalogueRevision) {
        try await APIError.answering {
            try await actions.updateCatalogueProduct(tenantID: tenantID, productID: productID, price: price, availability: availability,
                                                     by: operatorName)
        }
    }
}
