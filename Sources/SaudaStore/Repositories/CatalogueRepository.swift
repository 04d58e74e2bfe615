import Foundation
import SaudaCatalogue
import SaudaCore

/// A business's catalogue in the `catalogues` and `catalogue_*` tables: replaced whole, loaded whole, with a
/// revision a running server polls to pick up changes.
public struct CatalogueRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// Rows written by one `INSERT`.
    static let rowsPerStatement = 100

    /// Replaces a business's catalogue in one transaction of `database`: the old one stays whole until the new one
    /// has committed, and readers never see a mix.
    /// - Throws: ``StoreError/Code/notFound`` for an unknown business.
    /// - Returns: the new revision.
    @discardableResult
    public static func replace(tenantID: String, with catalogue: Catalogue, in database: any Database,
                               now: Date) async throws -> CatalogueRevision {
        try await database.transaction { sql in try await CatalogueRepository(sql).replace(tenantID: tenantID, with: catalogue, now: now) }
    }

    /// Replaces a business's catalogue; run it inside a transaction (``replace(tenantID:with:in:now:)`` does).
    /// - Throws: ``StoreError/Code/notFound`` for an unknown business.
    /// - Returns: the new revision.
    public func replace(tenantID: String, with catalogue: Catalogue, now: Date) async throws(StoreError) -> CatalogueRevision {
        guard try await TenantRepository(sql).find(id: tenantID) != nil else {
            throw StoreError(.notFound, "unknown tenant «\(tenantID)»")
        }
        for table in ["catalogue_options", "catalogue_fits", "catalogue_products", "catalogue_categories"] {
            try await sql.query("DELETE FROM \(table) WHERE tenant_id = ?", [.text(tenantID)])
        }
        let tenant = SQLValue.text(tenantID)
        try await insert(into: "catalogue_categories", columns: ["tenant_id", "id", "position", "name", "parent_id"],
                         rows: catalogue.categories.enumerated().map { index, category in
                             [tenant, .text(category.id), .int(index), .text(category.name), .text(category.parentID)]
                         })
        try await insert(into: "catalogue_products",
                         columns: ["tenant_id", "id", "position", "category_id", "name", "description", "price_minor", "currency",
                                   "currency_unit", "currency_digits", "availability", "attributes"],
                         rows: catalogue.products.enumerated().map { index, product in
                             [tenant, .text(product.id), .int(index), .text(product.categoryID), .text(product.name),
                              .text(product.description), .int(product.price.minorUnits), .text(product.price.currency.code),
                              .text(product.price.currency.displayUnit), .int(product.price.currency.minorDigits),
                              .text(product.availability.rawValue), .text(Self.attributesText(product.attributes))]
                         })
        try await insert(into: "catalogue_fits",
                         columns: ["tenant_id", "product_id", "position", "brand", "model", "year_from", "year_to", "pattern_available"],
                         rows: catalogue.products.flatMap { product in
                             product.fits.enumerated().map { index, fit in
                                 [tenant, .text(product.id), .int(index), .text(fit.brand), .text(fit.model),
                                  .int(fit.years.from.map(Int64.init)), .int(fit.years.to.map(Int64.init)), .bool(fit.patternAvailable)]
                             }
                         })
        try await insert(into: "catalogue_options", columns: ["tenant_id", "product_id", "position", "name", "price_change_minor"],
                         rows: catalogue.products.flatMap { product in
                             product.options.enumerated().map { index, option in
                                 [tenant, .text(product.id), .int(index), .text(option.name), .int(option.priceChange.minorUnits)]
                             }
                         })
        let rows = try await sql.query("""
            INSERT INTO catalogues (tenant_id, name, currency, currency_unit, currency_digits, revision, product_count, updated_at)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?)
            ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name, currency = excluded.currency,
                currency_unit = excluded.currency_unit, currency_digits = excluded.currency_digits,
                revision = catalogues.revision + 1, product_count = excluded.product_count, updated_at = excluded.updated_at
            RETURNING revision, product_count, updated_at
            """, [tenant, .text(catalogue.name), .text(catalogue.currency.code), .text(catalogue.currency.displayUnit),
                  .int(catalogue.currency.minorDigits), .int(catalogue.products.count), .date(now)])
        guard let row = rows.first else { throw StoreError(.statement, "the catalogue's revision was not returned") }
        return try Self.revision(row)
    }

    /// The stored revision of a business's catalogue; `nil` when none was ever stored.
    public func revision(tenantID: String) async throws(StoreError) -> CatalogueRevision? {
        try await sql.query("SELECT revision, product_count, updated_at FROM catalogues WHERE tenant_id = ?", [.text(tenantID)])
            .first.map { row throws(StoreError) in try Self.revision(row) }
    }

    /// A business's catalogue with its revision; `nil` when none was ever stored. Run it inside one read
    /// (`database.read`) so that the catalogue and the revision are of one snapshot.
    public func load(tenantID: String) async throws(StoreError) -> (catalogue: Catalogue, revision: CatalogueRevision)? {
        let tenant = SQLValue.text(tenantID)
        guard let head = try await sql.query("""
            SELECT name, currency, currency_unit, currency_digits, revision, product_count, updated_at FROM catalogues WHERE tenant_id = ?
            """, [tenant]).first else { return nil }
        let currency = Currency(code: try head.string("currency"), displayUnit: try head.string("currency_unit"),
                                minorDigits: Int(try head.int("currency_digits")))
        var catalogue = Catalogue(name: try head.string("name"), currency: currency)
        for row in try await sql.query("SELECT id, name, parent_id FROM catalogue_categories WHERE tenant_id = ? ORDER BY position", [tenant]) {
            catalogue.categories.append(CatalogueCategory(id: try row.string("id"), name: try row.string("name"),
                                                          parentID: row.optionalString("parent_id")))
        }
        var fits: [String: [VehicleFit]] = [:]
        for row in try await sql.query("""
            SELECT product_id, brand, model, year_from, year_to, pattern_available FROM catalogue_fits WHERE tenant_id = ?
            ORDER BY product_id, position
            """, [tenant]) {
            let years = YearRange(from: row.optionalInt("year_from").map(Int.init), to: row.optionalInt("year_to").map(Int.init))
            fits[try row.string("product_id"), default: []].append(
                VehicleFit(brand: try row.string("brand"), model: try row.string("model"), years: years,
                           patternAvailable: row.bool("pattern_available")))
        }
        var options: [String: [(name: String, minor: Int64)]] = [:]
        for row in try await sql.query("""
            SELECT product_id, name, price_change_minor FROM catalogue_options WHERE tenant_id = ? ORDER BY product_id, position
            """, [tenant]) {
            options[try row.string("product_id"), default: []].append((try row.string("name"), try row.int("price_change_minor")))
        }
        for row in try await sql.query("""
            SELECT id, category_id, name, description, price_minor, currency, currency_unit, currency_digits, availability, attributes
            FROM catalogue_products WHERE tenant_id = ? ORDER BY position
            """, [tenant]) {
            let id = try row.string("id")
            let code = try row.string("currency")
            let productCurrency = code == currency.code ? currency
                : Currency(code: code, displayUnit: try row.string("currency_unit"), minorDigits: Int(try row.int("currency_digits")))
            guard let availability = Availability(rawValue: try row.string("availability")) else {
                throw StoreError(.decoding, "product «\(id)»: unknown availability «\(try row.string("availability"))»")
            }
            catalogue.products.append(Product(
                id: id, categoryID: try row.string("category_id"), name: try row.string("name"),
                description: try row.string("description"), price: Money(minorUnits: try row.int("price_minor"), currency: productCurrency),
                availability: availability, attributes: try Self.attributes(try row.string("attributes"), productID: id),
                fits: fits[id] ?? [],
                options: (options[id] ?? []).map { ProductOption(name: $0.name, priceChange: Money(minorUnits: $0.minor, currency: productCurrency)) }))
        }
        return (catalogue, try Self.revision(head))
    }

    private func insert(into table: String, columns: [String], rows: [[SQLValue]]) async throws(StoreError) {
        var start = 0
        while start < rows.count {
            let batch = rows[start..<min(rows.count, start + Self.rowsPerStatement)]
            let tuple = "(\(SQLPlaceholders.list(columns.count)))"
            try await sql.query("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                                + Array(repeating: tuple, count: batch.count).joined(separator: ", "),
                                batch.flatMap { $0 })
            start += batch.count
        }
    }

    private static func revision(_ row: SQLRow) throws(StoreError) -> CatalogueRevision {
        CatalogueRevision(number: try row.int("revision"), updatedAt: try row.date("updated_at"), productCount: Int(try row.int("product_count")))
    }

    static func attributesText(_ attributes: [ProductAttribute]) -> String {
        JSONValue.array(attributes.map { .object(["name": .string($0.name), "value": .string($0.value)]) }).jsonText
    }

    static func attributes(_ text: String, productID: String) throws(StoreError) -> [ProductAttribute] {
        guard let entries = (try? JSONValue.parse(text))?.arrayValue else {
            throw StoreError(.decoding, "product «\(productID)»: attributes are not a JSON array")
        }
        return entries.compactMap { entry in
            guard let name = entry["name"]?.stringValue, let value = entry["value"]?.stringValue else { return nil }
            return ProductAttribute(name: name, value: value)
        }
    }
}
