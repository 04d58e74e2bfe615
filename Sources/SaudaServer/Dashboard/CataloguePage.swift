import Foundation
import Hummingbird
import Logging
import SaudaCatalogue
import SaudaCore
import SaudaStore

/// The catalogue: its name, currency, revision and counts, the products a page at a time (with a search), each with
/// a form to change its price and availability (operators), the CSV / JSON downloads, and the form to import a file
/// that replaces the catalogue (admins).
enum CataloguePage {
    static let pageSize = 50
    /// The most problems of an import listed on the page; the rest are counted.
    static let problemsShown = 200

    /// The page.
    /// - Parameters:
    ///   - stored: the catalogue and its revision, `nil` when the business has none.
    ///   - page: the page of products (1-based).
    ///   - search: a filter on the products' ids and names (empty: all).
    ///   - flash: a notice above the content.
    ///   - report: the result of an import just made, shown above the products.
    static func render(stored: (catalogue: Catalogue, revision: CatalogueRevision)?, page: Int, search: String, flash: HTML,
                       report: HTML = "", context: ConsoleContext) -> HTML {
        var sections: [HTML] = [html(#"<p class="lead muted">\#(context.t(.catalogueHint))</p>"#), report]
        if let stored {
            sections.append(summary(stored.catalogue, revision: stored.revision, context: context))
            sections.append(products(stored.catalogue, page: page, search: search, context: context))
        } else {
            sections.append(html(#"<section class="card">\#(ConsoleWidgets.empty(context.t(.catalogueEmpty)))</section>"#))
        }
        sections.append(context.may(.admin) ? importForm(context: context)
                        : html(#"<p class="muted">\#(context.t(.catalogueAdminsImport))</p>"#))
        let actions: HTML = stored == nil ? "" : html("""
            <a class="button" href="/console/catalogue/export?format=csv" download>\(context.t(.catalogueExportCSV))</a>
            <a class="button" href="/console/catalogue/export?format=json" download>\(context.t(.catalogueExportJSON))</a>
            """)
        return ConsoleLayout.page(title: context.t(.navCatalogue), section: .catalogue, context: context, actions: actions, flash: flash,
                                  content: HTML.join(sections, separator: "\n"))
    }

    /// The catalogue's name, currency, revision and counts.
    static func summary(_ catalogue: Catalogue, revision: CatalogueRevision, context: ConsoleContext) -> HTML {
        let counts = catalogue.counts
        let items: [(CatalogueText, String)] = [
            (.catalogueName, catalogue.name.isEmpty ? "—" : catalogue.name),
            (.catalogueCurrency, "\(catalogue.currency.code) (\(catalogue.currency.displayUnit))"),
            (.catalogueRevision, String(revision.number)),
            (.catalogueUpdated, context.dateTime(revision.updatedAt)),
            (.catalogueCategories, context.number(counts.categories)),
            (.catalogueProducts, context.number(counts.products)),
            (.catalogueFits, context.number(counts.fits)),
            (.catalogueOptions, context.number(counts.options)),
        ]
        let cells = items.map { key, value in
            html(#"<div><dt class="muted small">\#(context.t(key))</dt><dd style="margin:2px 0 0;font-weight:600">\#(value)</dd></div>"#)
        }
        return html(#"<section class="card"><dl id="catalogue-summary" style="display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:12px;margin:0">\#(cells)</dl></section>"#)
    }

    /// The products of the page matching `search`, with the pager.
    static func products(_ catalogue: Catalogue, page: Int, search: String, context: ConsoleContext) -> HTML {
        let needle = search.trimmingCharacters(in: .whitespaces)
        let matching = needle.isEmpty ? catalogue.products : catalogue.products.filter {
            $0.id.localizedCaseInsensitiveContains(needle) || $0.name.localizedCaseInsensitiveContains(needle)
        }
        let shown = matching.dropFirst((page - 1) * pageSize).prefix(pageSize)
        let paths = catalogue.categoryPaths()
        let operatorMay = context.may(.operator)
        let rows = shown.map { product -> HTML in
            let price: HTML = operatorMay ? editForm(product, page: page, search: needle, context: context)
                : html(#"<td class="num">\#(product.price.displayText)</td><td>\#(availabilityName(product.availability, context))</td>"#)
            return html("""
                <tr id="product-\(product.id)"><td class="muted small">\(paths[product.categoryID] ?? product.categoryID)</td>
                <td class="mono">\(product.id)</td><td>\(product.name)</td>\(price)
                <td class="num">\(product.options.count)</td><td class="num">\(product.fits.count)</td></tr>
                """)
        }
        let table: HTML = rows.isEmpty ? ConsoleWidgets.empty(context.t(.catalogueNoMatch)) : html("""
            <div class="table-wrap"><table class="table"><thead><tr><th>\(context.t(.catalogueCategory))</th><th>\(context.t(.catalogueID))</th>
            <th>\(context.t(.catalogueProductName))</th><th class="num">\(context.t(.cataloguePrice))</th><th>\(context.t(.catalogueAvailability))</th>
            <th class="num">\(context.t(.catalogueOptions))</th><th class="num">\(context.t(.catalogueFits))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """)
        let filter = html("""
            <form class="filters" method="get" action="/console/catalogue">
              <input type="search" name="q" value="\(needle)" placeholder="\(context.t(.catalogueSearch))" maxlength="200">
              <button class="button" type="submit">\(context.t(.search))</button>
            </form>
            """)
        let pager = Pager.render(page: page, hasMore: matching.count > page * pageSize, total: matching.count,
                                 link: { link(page: $0, search: needle) }, context: context)
        let note: HTML = operatorMay ? "" : html(#"<p class="muted">\#(context.t(.catalogueOperatorsEdit))</p>"#)
        return html("""
            \(filter)<section class="card flush">\(table)</section>\(pager)\(note)
            """)
    }

    /// The price and availability cells of a product, as a form an operator saves.
    static func editForm(_ product: Product, page: Int, search: String, context: ConsoleContext) -> HTML {
        let formID = "edit-\(product.id)"
        let options = Availability.allCases.map { availability in
            html(#"<option value="\#(availability.rawValue)"\#(availability == product.availability ? HTML(raw: " selected") : "")>\#(availabilityName(availability, context))</option>"#)
        }
        return html("""
            <td class="num"><form id="\(formID)" method="post" action="/console/catalogue/product" class="inline">
            <input type="hidden" name="id" value="\(product.id)"><input type="hidden" name="page" value="\(page)"><input type="hidden" name="q" value="\(search)">
            <input name="price" value="\(product.price.decimalText())" inputmode="decimal" size="9" maxlength="40" aria-label="\(context.t(.cataloguePrice))">
            <span class="muted small">\(product.price.currency.displayUnit)</span></form></td>
            <td><select name="availability" form="\(formID)" aria-label="\(context.t(.catalogueAvailability))">\(options)</select>
            <button class="button small" type="submit" form="\(formID)">\(context.t(.catalogueSave))</button></td>
            """)
    }

    /// The form to import a file (admins).
    static func importForm(context: ConsoleContext) -> HTML {
        let megabytes = String(CatalogueLimits.standard.maxFileBytes / (1024 * 1024))
        return html("""
            <section class="card"><h2>\(context.t(.catalogueImport))</h2>
            <p class="muted">\(context.t(.catalogueImportHint, megabytes))</p>
            <form class="stack" method="post" action="/console/catalogue/import" enctype="multipart/form-data">
              <label class="field"><span>\(context.t(.catalogueFile))</span><input type="file" name="file" required accept=".csv,.tsv,.json,.yml,.xml"></label>
              <label class="field"><span>\(context.t(.catalogueFormat))</span><select name="format">
                <option value="">\(context.t(.catalogueFormatAuto))</option><option value="csv">CSV</option><option value="json">JSON</option><option value="yml">YML / XML</option>
              </select></label>
              <label class="field"><span>\(context.t(.catalogueDefaultCurrency))</span><input name="currency" maxlength="3" size="4" placeholder="KGS"></label>
              <div><button class="button primary" type="submit" data-confirm="\(context.t(.catalogueConfirmImport))">\(context.t(.catalogueImportButton))</button></div>
            </form></section>
            """)
    }

    /// What an import did: the counts loaded (or that nothing was), and the bad rows by line.
    static func report(file: String, result: CatalogueImportResult, revision: CatalogueRevision?, context: ConsoleContext) -> HTML {
        let skipped = String(result.skippedCount)
        let headline: HTML = if let revision {
            html("""
                <p>\(context.t(.catalogueImported, file, counts(result.catalogue.counts, context), String(revision.number)))
                \(result.skippedCount > 0 ? context.t(.catalogueSkipped, skipped) : "")</p>
                """)
        } else {
            html("<p>\(context.t(.catalogueNothingLoaded, file, skipped))</p>")
        }
        let listed = result.problems.prefix(problemsShown).map { html("<li>\($0.description)</li>") }
        let more = result.problems.count - listed.count + result.unlistedProblemCount
        let problems: HTML = listed.isEmpty ? "" : html("""
            <h2>\(context.t(.catalogueProblems))</h2><ul class="catalogue-problems">\(listed)</ul>
            \(more > 0 ? html("<p class=\"muted\">\(context.t(.catalogueMoreProblems, String(more)))</p>") : "")
            """)
        return html(#"<section class="card" id="import-report">\#(headline)\#(problems)</section>"#)
    }

    /// The counts of a catalogue in words.
    static func counts(_ counts: CatalogueCounts, _ context: ConsoleContext) -> String {
        context.t(.catalogueCounts, context.number(counts.products), context.number(counts.categories), context.number(counts.fits),
                  context.number(counts.options))
    }

    /// An availability in words.
    static func availabilityName(_ availability: Availability, _ context: ConsoleContext) -> String {
        switch availability {
        case .inStock: context.t(.availabilityInStock)
        case .onOrder: context.t(.availabilityOnOrder)
        case .outOfStock: context.t(.availabilityOutOfStock)
        }
    }

    /// The page's address with its page number and search.
    static func link(page: Int, search: String) -> String {
        var link = "/console/catalogue?page=\(page)"
        if !search.isEmpty { link += "&q=" + (search.addingPercentEncoding(withAllowedCharacters: Markup.queryAllowed) ?? "") }
        return link
    }
}
