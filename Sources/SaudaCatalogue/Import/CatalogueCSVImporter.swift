import Foundation

/// Reads Sauda's catalogue CSV: one product a row, a header naming the ``CatalogueCSVColumns``.
struct CatalogueCSVImporter {
    let limits: CatalogueLimits
    let defaultCurrency: Currency?

    /// The columns the header line names.
    struct Header {
        var line: Int
        var names: [String]
        /// Fixed columns by their lower-cased name.
        var columns: [String: Int] = [:]
        /// `attr:` columns, with the attribute's name.
        var attributes: [(name: String, index: Int)] = []
        /// Columns Sauda does not read.
        var unknown: [String] = []

        init(_ record: CSVRecord) {
            line = record.line
            names = record.cells.map { $0.trimmingCharacters(in: .whitespaces) }
            for (index, name) in names.enumerated() {
                let key = name.lowercased() == "sku" ? CatalogueCSVColumns.id : name.lowercased()
                if key.hasPrefix(CatalogueCSVColumns.attributePrefix) {
                    attributes.append((String(name.dropFirst(CatalogueCSVColumns.attributePrefix.count)).trimmingCharacters(in: .whitespaces), index))
                } else if CatalogueCSVColumns.fixed.contains(key), columns[key] == nil {
                    columns[key] = index
                } else if !name.isEmpty {
                    unknown.append(name)
                }
            }
        }

        /// The trimmed cell of a fixed column, empty when the row has none.
        func cell(_ record: CSVRecord, _ column: String) -> String {
            guard let index = columns[column], index < record.cells.count else { return "" }
            return record.cells[index].trimmingCharacters(in: .whitespaces)
        }
    }

    func load(_ text: String) throws(CatalogueImportError) -> CatalogueImportResult {
        let (records, unclosedQuoteLine) = CSVReader.records(text, separator: CSVReader.separator(of: text))
        guard let first = records.first else {
            throw .malformed(format: .csv, line: nil,
                             reason: "the file is empty; the first line must name the columns \(CatalogueCSVColumns.required.joined(separator: ", "))")
        }
        let header = Header(first)
        let missing = CatalogueCSVColumns.required.filter { header.columns[$0] == nil }
        guard missing.isEmpty else {
            throw .malformed(format: .csv, line: header.line,
                             reason: "the header has no column \(missing.joined(separator: ", ")) (it has: \(header.names.joined(separator: ", ")))")
        }
        let rows = records.dropFirst()
        let fileCurrency = rows.lazy.map { header.cell($0, CatalogueCSVColumns.currency) }.first { !$0.isEmpty }.flatMap(Currency.code)
        guard let currency = defaultCurrency ?? fileCurrency else {
            throw .noCurrency(hint: "add a «currency» column (KGS, KZT, RUB) or pass --currency")
        }
        var builder = CatalogueBuilder(currency: currency, limits: limits)
        for name in header.unknown {
            builder.report(CatalogueProblem(.unknownField, line: header.line, field: name,
                                            message: "unknown column «\(name)» is ignored (attribute columns start with «attr:»)", skipped: false))
        }
        for record in rows {
            let place = CatalogueBuilder.Place(line: record.line)
            guard builder.hasRoomForProduct(at: place) else { break }
            if record.cells.count > header.names.count,
               record.cells[header.names.count...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                builder.report(CatalogueProblem(.malformedRow, line: record.line,
                                                message: "\(record.cells.count) cells where the header has \(header.names.count) (a separator inside a cell needs quotes)"))
                continue
            }
            do throws(CatalogueFieldError) {
                let product = try product(record, header: header, currency: currency, builder: &builder)
                builder.addProduct(product, at: place)
            } catch {
                builder.report(error, at: place)
            }
        }
        if let unclosedQuoteLine {
            builder.report(CatalogueProblem(.malformedRow, line: unclosedQuoteLine,
                                            message: "a quote opened here never closes; this row and the rest were not loaded"))
        }
        return builder.finish()
    }

    /// The product of one row; its category path is added to `builder` when new.
    private func product(_ record: CSVRecord, header: Header, currency fileCurrency: Currency,
                         builder: inout CatalogueBuilder) throws(CatalogueFieldError) -> Product {
        typealias Column = CatalogueCSVColumns
        let currency = try CatalogueFieldReader.currency(header.cell(record, Column.currency), fallback: fileCurrency, field: Column.currency)
        let id = header.cell(record, Column.id)
        guard !id.isEmpty else { throw CatalogueFieldError(.missingField, field: Column.id, "no id") }
        let name = header.cell(record, Column.name)
        guard !name.isEmpty else { throw CatalogueFieldError(.missingField, field: Column.name, "no name") }
        let price = try CatalogueFieldReader.money(header.cell(record, Column.price), currency: currency, field: Column.price)
        let availabilityText = header.cell(record, Column.available)
        guard let availability = Availability(text: availabilityText) else {
            throw CatalogueFieldError(.invalidValue, field: Column.available,
                                      "«\(availabilityText)» is not in_stock, on_order or out_of_stock (or yes / no)")
        }
        var fits: [VehicleFit] = []
        for parts in CatalogueListText.entries(header.cell(record, Column.fits)) {
            fits.append(try CatalogueFieldReader.fit(parts, field: Column.fits))
        }
        var options: [ProductOption] = []
        for parts in CatalogueListText.entries(header.cell(record, Column.options)) {
            options.append(try CatalogueFieldReader.option(parts, currency: currency, field: Column.options))
        }
        let attributes = header.attributes.compactMap { column -> ProductAttribute? in
            guard column.index < record.cells.count else { return nil }
            let value = record.cells[column.index].trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : ProductAttribute(name: column.name, value: value)
        }
        let path = header.cell(record, Column.category).components(separatedBy: ">").map { $0.trimmingCharacters(in: .whitespaces) }
        let categoryID = try builder.categoryID(path: path, at: CatalogueBuilder.Place(line: record.line))
        return Product(id: id, categoryID: categoryID, name: name, description: header.cell(record, Column.description), price: price,
                       availability: availability, attributes: attributes, fits: fits, options: options)
    }
}
