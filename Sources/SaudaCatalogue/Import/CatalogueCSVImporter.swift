import Foundation

/// Reads Sauda's catalogue CSV: one product a row, a header naming the ``CatalogueCSVColumns``.
struct CatalogueCSVImporter {
    let limits: CatalogueLimits
    let defaultCurrency: Currency?

    func load(_ text: String) throws(CatalogueImportError) -> CatalogueImportResult {
        let separator = CSVReader.separator(of: text)
        let (records, unclosedQuoteLine) = CSVReader.records(text, separator: separator)
        guard let header = records.first else {
            throw .malformed(format: .csv, line: nil, reason: "the file is empty; the first line must name the columns \(CatalogueCSVColumns.required.joined(separator: ", "))")
        }
        let names = header.cells.map { $0.trimmingCharacters(in: .whitespaces) }
        var columns: [String: Int] = [:]
        var attributeColumns: [(name: String, index: Int)] = []
        var unknown: [String] = []
        for (index, name) in names.enumerated() {
            let key = name.lowercased() == "sku" ? CatalogueCSVColumns.id : name.lowercased()
            if key.hasPrefix(CatalogueCSVColumns.attributePrefix) {
                attributeColumns.append((String(name.dropFirst(CatalogueCSVColumns.attributePrefix.count)).trimmingCharacters(in: .whitespaces), index))
            } else if CatalogueCSVColumns.fixed.contains(key), columns[key] == nil {
                columns[key] = index
            } else if !name.isEmpty {
                unknown.append(name)
            }
        }
        let missing = CatalogueCSVColumns.required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw .malformed(format: .csv, line: header.line,
                             reason: "the header has no column \(missing.joined(separator: ", ")) (it has: \(names.joined(separator: ", ")))")
        }
        let rows = records.dropFirst()
        func cell(_ record: CSVRecord, _ column: String) -> String {
            guard let index = columns[column], index < record.cells.count else { return "" }
            return record.cells[index].trimmingCharacters(in: .whitespaces)
        }
        let fileCurrency = rows.lazy.map { cell($0, CatalogueCSVColumns.currency) }.first { !$0.isEmpty }.flatMap(Currency.code)
        guard let currency = defaultCurrency ?? fileCurrency else {
            throw .noCurrency(hint: "add a «currency» column (KGS, KZT, RUB) or pass --currency")
        }
        var builder = CatalogueBuilder(currency: currency, limits: limits)
        for name in unknown {
            builder.report(CatalogueProblem(.unknownField, line: header.line, field: name,
                                            message: "unknown column «\(name)» is ignored (attribute columns start with «attr:»)", skipped: false))
        }
        for record in rows {
            let place = CatalogueBuilder.Place(line: record.line)
            guard builder.hasRoomForProduct(at: place) else { break }
            if record.cells.count > names.count, record.cells[names.count...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                builder.report(CatalogueProblem(.malformedRow, line: record.line,
                                                message: "\(record.cells.count) cells where the header has \(names.count) (a separator inside a cell needs quotes)"))
                continue
            }
            do throws(CatalogueFieldError) {
                let rowCurrency = try CatalogueFieldReader.currency(cell(record, CatalogueCSVColumns.currency), fallback: currency,
                                                                    field: CatalogueCSVColumns.currency)
                let id = cell(record, CatalogueCSVColumns.id)
                guard !id.isEmpty else { throw CatalogueFieldError(.missingField, field: CatalogueCSVColumns.id, "no id") }
                let name = cell(record, CatalogueCSVColumns.name)
                guard !name.isEmpty else { throw CatalogueFieldError(.missingField, field: CatalogueCSVColumns.name, "no name") }
                let price = try CatalogueFieldReader.money(cell(record, CatalogueCSVColumns.price), currency: rowCurrency,
                                                           field: CatalogueCSVColumns.price)
                let availabilityText = cell(record, CatalogueCSVColumns.available)
                guard let availability = Availability(text: availabilityText) else {
                    throw CatalogueFieldError(.invalidValue, field: CatalogueCSVColumns.available,
                                              "«\(availabilityText)» is not in_stock, on_order or out_of_stock (or yes / no)")
                }
                var fits: [VehicleFit] = []
                for parts in CatalogueListText.entries(cell(record, CatalogueCSVColumns.fits)) {
                    fits.append(try CatalogueFieldReader.fit(parts, field: CatalogueCSVColumns.fits))
                }
                var options: [ProductOption] = []
                for parts in CatalogueListText.entries(cell(record, CatalogueCSVColumns.options)) {
                    options.append(try CatalogueFieldReader.option(parts, currency: rowCurrency, field: CatalogueCSVColumns.options))
                }
                let attributes = attributeColumns.compactMap { column -> ProductAttribute? in
                    guard column.index < record.cells.count else { return nil }
                    let value = record.cells[column.index].trimmingCharacters(in: .whitespaces)
                    return value.isEmpty ? nil : ProductAttribute(name: column.name, value: value)
                }
                let path = cell(record, CatalogueCSVColumns.category).components(separatedBy: ">")
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                let categoryID = try builder.categoryID(path: path, at: place)
                builder.addProduct(Product(id: id, categoryID: categoryID, name: name,
                                           description: cell(record, CatalogueCSVColumns.description), price: price,
                                           availability: availability, attributes: attributes, fits: fits, options: options),
                                   at: place)
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
}
