import Foundation

/// Writes a catalogue as Sauda's catalogue CSV, which ``CatalogueImporter`` reads back to the same catalogue
/// (category ids become their paths of names, and an attribute with an empty value is left out).
public enum CatalogueCSVExporter {
    /// The CSV text: the header, then one row per product, lines ending in `\n`.
    public static func export(_ catalogue: Catalogue) -> String {
        var attributeNames: [String] = []
        for name in catalogue.products.flatMap({ $0.attributes.map(\.name) }) where !attributeNames.contains(name) {
            attributeNames.append(name)
        }
        let header = CatalogueCSVColumns.fixed + attributeNames.map { CatalogueCSVColumns.attributePrefix + $0 }
        let paths = catalogue.categoryPaths(separator: CatalogueCSVColumns.pathSeparator)
        var lines = [header.map { CSVReader.escape($0) }.joined(separator: ",")]
        for product in catalogue.products {
            let fits = CatalogueListText.text(product.fits.map { fit in
                [fit.brand, fit.model, fit.years.description, fit.patternAvailable ? "yes" : "no"]
            })
            let options = CatalogueListText.text(product.options.map { [$0.name, $0.priceChange.decimalText(signed: true)] })
            var cells = [product.id, paths[product.categoryID] ?? product.categoryID,
                         product.name, product.description, product.price.decimalText(), product.price.currency.code,
                         product.availability.rawValue, fits, options]
            cells += attributeNames.map { name in product.attributes.first { $0.name == name }?.value ?? "" }
            lines.append(cells.map { CSVReader.escape($0) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
