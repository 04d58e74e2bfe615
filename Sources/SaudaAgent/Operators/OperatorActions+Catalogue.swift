import Foundation
import Logging
import SaudaCatalogue
import SaudaCore
import SaudaStore

/// The business's catalogue, as its people change it from the console or the command line: a whole file imported
/// (the good rows replace the catalogue, the bad ones are reported by line) or one product's price and availability
/// edited. Every change goes through ``CatalogueRepository/replace(tenantID:with:now:)`` in one transaction, so the
/// revision rises and a running server's ``CatalogueCache`` picks the change up within seconds.
extension OperatorActions {
    /// The most problems an import's refusal names in its reason (the rest are counted).
    static let problemsInReason = 20

    /// Reads a catalogue file without storing it.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - format: the file's format.
    ///   - defaultCurrency: the currency of prices the file gives none for.
    ///   - limits: the sizes accepted (``CatalogueLimits/standard`` by default).
    /// - Returns: the good rows as a catalogue, with the problems of the bad ones.
    /// - Throws: ``OperatorActionError`` `.invalid` when the file cannot be read at all (too large, not text, not the
    ///   format, no required columns, no currency).
    public static func readCatalogue(_ data: Data, format: CatalogueFormat, defaultCurrency: Currency? = nil,
                                     limits: CatalogueLimits = .standard) throws(OperatorActionError) -> CatalogueImportResult {
        do {
            return try CatalogueImporter(limits: limits, defaultCurrency: defaultCurrency).load(data, format: format)
        } catch {
            throw OperatorActionError(.invalid, error.description)
        }
    }

    /// Stores what an import read as the business's whole catalogue, in one transaction.
    /// - Returns: the new revision.
    /// - Throws: ``OperatorActionError`` `.invalid` when no row could be loaded (the reason names the first problems;
    ///   the stored catalogue is left as it was), `.notFound` for an unknown tenant.
    @discardableResult
    public func storeCatalogue(tenantID: String, _ result: CatalogueImportResult, logger: Logger? = nil) async throws -> CatalogueRevision {
        guard !result.catalogue.isEmpty else {
            throw OperatorActionError(.invalid, Self.nothingLoaded(result))
        }
        let revision = try await replaceCatalogue(tenantID: tenantID, with: result.catalogue)
        (logger ?? self.logger).info("catalogue imported", metadata: [
            "tenant": "\(tenantID)", "revision": "\(revision.number)", "products": "\(result.catalogue.products.count)",
            "skipped": "\(result.skippedCount)"])
        return revision
    }

    /// Reads a catalogue file and stores its good rows as the business's whole catalogue
    /// (``readCatalogue(_:format:defaultCurrency:limits:)`` then ``storeCatalogue(tenantID:_:logger:)``).
    /// - Returns: what was read (with the bad rows' problems) and the new revision.
    /// - Throws: ``OperatorActionError`` `.invalid` for a file that cannot be read or has no good row (nothing is
    ///   stored), `.notFound` for an unknown tenant.
    public func importCatalogue(tenantID: String, data: Data, format: CatalogueFormat, defaultCurrency: Currency? = nil,
                                limits: CatalogueLimits = .standard,
                                logger: Logger? = nil) async throws -> (result: CatalogueImportResult, revision: CatalogueRevision) {
        let result = try Self.readCatalogue(data, format: format, defaultCurrency: defaultCurrency, limits: limits)
        let revision = try await storeCatalogue(tenantID: tenantID, result, logger: logger)
        return (result, revision)
    }

    /// Changes one product's price and availability: the catalogue is loaded, the product changed and the catalogue
    /// stored again, all in one transaction, so the revision rises.
    /// - Parameters:
    ///   - price: the new price as an operator types it (`8500`, `8 500`, `99,90`), in the product's currency;
    ///     `nil` keeps the price.
    ///   - availability: the new availability (`in_stock`, `on_order`, `out_of_stock` or the words
    ///     ``Availability/init(text:)`` reads); `nil` keeps it.
    /// - Returns: the product as stored and the new revision.
    /// - Throws: ``OperatorActionError`` `.invalid` for a price that is not an amount, is negative or too precise, or
    ///   an unknown availability (nothing is stored); `.notFound` when the business has no catalogue or no such product;
    ///   `.conflict` when another change of the catalogue committed meanwhile (nothing is stored).
    public func updateCatalogueProduct(tenantID: String, productID: String, price rawPrice: String?, availability rawAvailability: String?,
                                       by operatorName: String, logger: Logger? = nil) async throws -> (product: Product, revision: CatalogueRevision) {
        let availability: Availability?
        if let rawAvailability {
            guard let parsed = Availability(rawValue: rawAvailability) ?? Availability(text: rawAvailability) else {
                throw OperatorActionError(.invalid, "«\(rawAvailability)» is not an availability: in_stock, on_order or out_of_stock")
            }
            availability = parsed
        } else {
            availability = nil
        }
        let (product, revision) = try await database.transaction { sql -> (Product, CatalogueRevision) in
            let repository = CatalogueRepository(sql)
            guard let loaded = try await repository.load(tenantID: tenantID) else {
                throw OperatorActionError(.notFound, "the business has no catalogue: import one first")
            }
            var catalogue = loaded.catalogue
            guard let index = catalogue.products.firstIndex(where: { $0.id == productID }) else {
                throw OperatorActionError(.notFound, "no product «\(productID)» in the catalogue")
            }
            var product = catalogue.products[index]
            if let rawPrice { product.price = try Self.price(rawPrice, currency: product.price.currency) }
            if let availability { product.availability = availability }
            catalogue.products[index] = product
            let revision = try await repository.replace(tenantID: tenantID, with: catalogue, now: Date())
            // Another change committed between the load and the replacement (PostgreSQL's read committed lets it):
            // storing this one would undo it, so the transaction is rolled back instead.
            guard revision.number == loaded.revision.number + 1 else {
                throw OperatorActionError(.conflict, "the catalogue was changed by someone else meanwhile; nothing was stored, try again")
            }
            return (product, revision)
        }
        (logger ?? self.logger).info("catalogue product changed", metadata: [
            "tenant": "\(tenantID)", "product": "\(productID)", "price": "\(product.price.decimalText())",
            "availability": "\(product.availability.rawValue)", "revision": "\(revision.number)", "operator": "\(operatorName)"])
        return (product, revision)
    }

    /// A price an operator typed, in `currency`.
    /// - Throws: ``OperatorActionError`` `.invalid` for an empty, malformed, too precise, too large or negative amount.
    public static func price(_ raw: String, currency: Currency) throws(OperatorActionError) -> Money {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw OperatorActionError(.invalid, "the price is empty: write an amount such as 8500 or 8 500") }
        let money: Money
        do { money = try Money.parse(text, currency: currency) } catch { throw OperatorActionError(.invalid, "price: \(error.description)") }
        guard money.minorUnits >= 0 else { throw OperatorActionError(.invalid, "price: «\(text)» is negative; a price is 0 or more") }
        return money
    }

    private func replaceCatalogue(tenantID: String, with catalogue: Catalogue) async throws -> CatalogueRevision {
        do {
            return try await CatalogueRepository.replace(tenantID: tenantID, with: catalogue, in: database, now: Date())
        } catch let error as StoreError where error.code == .notFound {
            throw OperatorActionError(.notFound, "unknown tenant «\(tenantID)»")
        }
    }

    /// The reason an import with no good row stored nothing, naming its first problems.
    static func nothingLoaded(_ result: CatalogueImportResult) -> String {
        var reason = "nothing could be loaded (\(result.skippedCount) rows skipped); the stored catalogue is unchanged"
        let listed = result.problems.prefix(problemsInReason).map(\.description)
        if !listed.isEmpty { reason += ": " + listed.joined(separator: "; ") }
        let more = result.problems.count - listed.count + result.unlistedProblemCount
        if more > 0 { reason += "; \(more) more problems" }
        return reason
    }
}
