import Foundation

/// Collects the categories and products an importer reads, checks what every format shares (lengths, counts,
/// unique ids, known categories) and keeps the problems, so that a bad row is reported and the rest loads.
struct CatalogueBuilder {
    /// Where a row or element is in its file.
    struct Place: Sendable {
        var line: Int?
        var position: String?
    }

    let limits: CatalogueLimits
    var catalogue: Catalogue
    private(set) var problems: [CatalogueProblem] = []
    private(set) var unlistedProblemCount = 0
    private var productIDs: Set<String> = []
    private var categoryIndex: [String: Int] = [:]
    private var productLimitReported = false
    private var categoryLimitReported = false

    init(currency: Currency, name: String = "", limits: CatalogueLimits) {
        self.limits = limits
        self.catalogue = Catalogue(name: name, currency: currency)
    }

    /// Records a problem.
    mutating func report(_ problem: CatalogueProblem) {
        if problems.count < limits.maxProblemsListed { problems.append(problem) } else { unlistedProblemCount += 1 }
    }

    /// Records a field's problem at a place.
    mutating func report(_ error: CatalogueFieldError, at place: Place, skipped: Bool = true) {
        report(CatalogueProblem(error.kind, line: place.line, position: place.position, field: error.field,
                                message: error.message, skipped: skipped))
    }

    /// Whether another product may still be added; reports the limit once when not.
    mutating func hasRoomForProduct(at place: Place) -> Bool {
        guard catalogue.products.count >= limits.maxProducts else { return true }
        if !productLimitReported {
            productLimitReported = true
            report(CatalogueProblem(.limitReached, line: place.line, position: place.position,
                                    message: "the catalogue holds at most \(limits.maxProducts) products; this row and the rest were not loaded",
                                    skipped: false))
        }
        return false
    }

    /// Whether a category with this id is loaded.
    func hasCategory(_ id: String) -> Bool { categoryIndex[id] != nil }

    /// Adds a category; a duplicate id, a bad length or the limit is reported.
    /// - Returns: whether it was added.
    @discardableResult
    mutating func addCategory(_ category: CatalogueCategory, at place: Place) -> Bool {
        do throws(CatalogueFieldError) {
            try checkText(category.id, field: "id", required: true, limit: limits.maxFieldLength)
            try checkText(category.name, field: "name", required: true, limit: limits.maxFieldLength)
        } catch {
            report(error, at: place)
            return false
        }
        guard categoryIndex[category.id] == nil else {
            report(CatalogueProblem(.duplicateID, line: place.line, position: place.position, field: "id",
                                    message: "a category «\(category.id)» is already loaded"))
            return false
        }
        guard catalogue.categories.count < limits.maxCategories else {
            if !categoryLimitReported {
                categoryLimitReported = true
                report(CatalogueProblem(.limitReached, line: place.line, position: place.position,
                                        message: "the catalogue holds at most \(limits.maxCategories) categories; the rest were not loaded",
                                        skipped: false))
            }
            return false
        }
        categoryIndex[category.id] = catalogue.categories.count
        catalogue.categories.append(category)
        return true
    }

    /// The id of the category at a path of names (`["Коврики", "EVA коврики"]`), creating the missing ones; the id
    /// of a category made this way is its path joined with ` > `.
    mutating func categoryID(path names: [String], at place: Place) throws(CatalogueFieldError) -> String {
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else {
            throw CatalogueFieldError(.missingField, field: "category", "no category (write a name or a path such as «Коврики > EVA»)")
        }
        var parentID: String?
        for depth in names.indices {
            let id = names[...depth].joined(separator: " > ")
            if categoryIndex[id] == nil {
                try checkText(names[depth], field: "category", required: true, limit: limits.maxFieldLength)
                guard addCategory(CatalogueCategory(id: id, name: names[depth], parentID: parentID), at: place) else {
                    throw CatalogueFieldError(.limitReached, field: "category", "category «\(id)» could not be added")
                }
            }
            parentID = id
        }
        return parentID ?? ""
    }

    /// Adds a product after the checks every format shares.
    mutating func addProduct(_ product: Product, at place: Place) {
        guard hasRoomForProduct(at: place) else { return }
        do throws(CatalogueFieldError) {
            try check(product)
        } catch {
            report(error, at: place)
            return
        }
        productIDs.insert(product.id)
        catalogue.products.append(product)
    }

    /// Checks the parents of the categories (an unknown parent is reported and the category put at the top; a
    /// cycle is broken the same way) and returns what was loaded.
    mutating func finish() -> CatalogueImportResult {
        for index in catalogue.categories.indices {
            guard let parentID = catalogue.categories[index].parentID else { continue }
            if categoryIndex[parentID] == nil {
                report(CatalogueProblem(.unknownCategory, field: "parent",
                                        message: "category «\(catalogue.categories[index].id)» names the parent «\(parentID)», which is not loaded; it is put at the top",
                                        skipped: false))
                catalogue.categories[index].parentID = nil
            }
        }
        for index in catalogue.categories.indices where createsCycle(from: index) {
            report(CatalogueProblem(.invalidValue, field: "parent",
                                    message: "category «\(catalogue.categories[index].id)» is inside itself; it is put at the top",
                                    skipped: false))
            catalogue.categories[index].parentID = nil
        }
        return CatalogueImportResult(catalogue: catalogue, problems: problems, unlistedProblemCount: unlistedProblemCount)
    }

    private func createsCycle(from index: Int) -> Bool {
        var seen: Set<String> = [catalogue.categories[index].id]
        var current = catalogue.categories[index].parentID
        while let id = current, let parent = categoryIndex[id] {
            guard seen.insert(id).inserted else { return true }
            current = catalogue.categories[parent].parentID
        }
        return false
    }

    private func check(_ product: Product) throws(CatalogueFieldError) {
        try checkText(product.id, field: "id", required: true, limit: limits.maxFieldLength)
        try checkText(product.name, field: "name", required: true, limit: limits.maxFieldLength)
        try checkText(product.description, field: "description", required: false, limit: limits.maxDescriptionLength)
        guard !productIDs.contains(product.id) else {
            throw CatalogueFieldError(.duplicateID, field: "id", "a product «\(product.id)» is already loaded")
        }
        guard categoryIndex[product.categoryID] != nil else {
            throw CatalogueFieldError(.unknownCategory, field: "category", "no category «\(product.categoryID)»")
        }
        guard product.price.minorUnits >= 0 else {
            throw CatalogueFieldError(.invalidValue, field: "price", "the price «\(product.price.decimalText())» is negative")
        }
        try checkCount(product.attributes.count, field: "attributes", limit: limits.maxAttributesPerProduct)
        try checkCount(product.fits.count, field: "fits", limit: limits.maxFitsPerProduct)
        try checkCount(product.options.count, field: "options", limit: limits.maxOptionsPerProduct)
        for attribute in product.attributes {
            try checkText(attribute.name, field: "attributes", required: true, limit: limits.maxFieldLength)
            try checkText(attribute.value, field: attribute.name, required: false, limit: limits.maxFieldLength)
        }
        for fit in product.fits {
            try checkText(fit.brand, field: "fits", required: true, limit: limits.maxFieldLength)
            try checkText(fit.model, field: "fits", required: true, limit: limits.maxFieldLength)
        }
        for option in product.options {
            try checkText(option.name, field: "options", required: true, limit: limits.maxFieldLength)
            guard option.priceChange.currency.code == product.price.currency.code else {
                throw CatalogueFieldError(.invalidValue, field: "options",
                                          "option «\(option.name)» is in \(option.priceChange.currency.code), the price in \(product.price.currency.code)")
            }
        }
    }

    private func checkText(_ text: String, field: String, required: Bool, limit: Int) throws(CatalogueFieldError) {
        if required, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CatalogueFieldError(.missingField, field: field, "\(field) is empty")
        }
        guard text.count <= limit else {
            throw CatalogueFieldError(.tooLong, field: field, "\(field) has \(text.count) characters; the limit is \(limit)")
        }
    }

    private func checkCount(_ count: Int, field: String, limit: Int) throws(CatalogueFieldError) {
        guard count <= limit else {
            throw CatalogueFieldError(.tooLong, field: field, "\(count) \(field); the limit is \(limit) for one product")
        }
    }
}
