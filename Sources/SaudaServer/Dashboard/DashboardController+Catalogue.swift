import Foundation
import Hummingbird
import Logging
import NIOCore
import SaudaAgent
import SaudaCatalogue
import SaudaCore
import SaudaStore

/// The catalogue's page: viewing and downloading it (viewers), changing a product's price and availability
/// (operators), importing a file that replaces it (admins). The changes are ``OperatorActions``', as the command line's.
extension DashboardController {
    /// The largest catalogue file the console accepts (the importer's own limit).
    static var maxCatalogueBytes: Int { CatalogueLimits.standard.maxFileBytes }

    @Sendable func catalogue(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let query = Self.query(request)
        let stored = try await console.catalogue(tenantID: context.tenantID)
        var flash: HTML = ""
        // After a saved edit: the product as stored now (the address names only the product, never the text shown).
        if query["done"] == "updated", let id = query["product"], let stored, let product = stored.catalogue.product(id: id) {
            flash = ConsoleLayout.flash(page.t(.catalogueSavedProduct, product.id, product.price.displayText,
                                               CataloguePage.availabilityName(product.availability, page), String(stored.revision.number)))
        }
        let number = min(10_000, max(1, Int(query["page"] ?? "") ?? 1))
        return Self.page(CataloguePage.render(stored: stored, page: number, search: query["q"] ?? "", flash: flash, context: page))
    }

    @Sendable func exportCatalogue(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let format = Self.query(request)["format"].flatMap { CatalogueFormat(rawValue: $0.lowercased()) } ?? .csv
        guard format.canExport else { throw APIError(.badRequest, "only csv and json can be exported") }
        guard let catalogue = try await console.catalogue(tenantID: context.tenantID)?.catalogue else {
            throw APIError(.notFound, "no catalogue")
        }
        let (data, type) = format == .json ? (CatalogueJSONExporter.export(catalogue) + Data("\n".utf8), "application/json; charset=utf-8")
            : (Data(CatalogueCSVExporter.export(catalogue).utf8), "text/csv; charset=utf-8")
        let filename = "catalogue-\(context.tenantID).\(format.rawValue)".filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"\(filename)\""],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func updateCatalogueProduct(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let form = try await Self.form(request, limit: 4096)
        let pageNumber = min(10_000, max(1, Int(form["page"] ?? "") ?? 1))
        let search = form["q"] ?? ""
        let changed: (product: Product, revision: CatalogueRevision)
        do {
            changed = try await console.actions.updateCatalogueProduct(
                tenantID: context.tenantID, productID: form["id"] ?? "", price: form["price"], availability: form["availability"],
                by: page.principal.name)
        } catch let error as OperatorActionError where error.kind == .invalid {
            // The page again, with the reason: nothing was stored.
            return try await cataloguePage(request, context: context, flash: ConsoleLayout.flash(error.reason, kind: "error"),
                                           page: pageNumber, search: search, status: .badRequest)
        } catch let error as OperatorActionError {
            throw APIError(error)
        }
        let id = changed.product.id.addingPercentEncoding(withAllowedCharacters: Markup.queryAllowed) ?? ""
        return ConsoleSession.redirect(to: CataloguePage.link(page: pageNumber, search: search) + "&done=updated&product=\(id)#product-\(id)")
    }

    @Sendable func importCatalogue(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let megabytes = String(Self.maxCatalogueBytes / (1024 * 1024))
        // Room for the form's other fields and the multipart framing around the file.
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: Self.maxCatalogueBytes + 64 * 1024) } catch is NIOTooManyBytesError {
            return try await cataloguePage(request, context: context, flash: ConsoleLayout.flash(page.t(.catalogueTooLarge, megabytes), kind: "error"),
                                           status: .contentTooLarge)
        }
        let refuse = { (text: String) async throws -> Response in
            try await self.cataloguePage(request, context: context, flash: ConsoleLayout.flash(text, kind: "error"), status: .badRequest)
        }
        guard let boundary = MultipartForm.boundary(contentType: request.headers[.contentType] ?? ""),
              let form = try? MultipartForm(body: Data(buffer.readableBytesView), boundary: boundary),
              let file = form.files["file"], !file.data.isEmpty else {
            return try await refuse(page.t(.catalogueNoFile))
        }
        let filename = URL(fileURLWithPath: file.filename).lastPathComponent
        guard file.data.count <= Self.maxCatalogueBytes else { return try await refuse(page.t(.catalogueTooLarge, megabytes)) }
        let chosen = (form.fields["format"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard let format = chosen.isEmpty ? CatalogueFormat(fileExtension: URL(fileURLWithPath: filename).pathExtension)
                : CatalogueFormat(rawValue: chosen) else {
            return try await refuse(page.t(.catalogueUnknownFormat, filename))
        }
        let code = (form.fields["currency"] ?? "").trimmingCharacters(in: .whitespaces)
        let currency = code.isEmpty ? nil : Currency.code(code)
        if !code.isEmpty, currency == nil { return try await refuse(page.t(.catalogueBadCurrency, code)) }

        let result: CatalogueImportResult
        do { result = try OperatorActions.readCatalogue(file.data, format: format, defaultCurrency: currency) } catch {
            return try await refuse("\(filename): \(error.reason)")
        }
        guard !result.catalogue.isEmpty else {
            let report = CataloguePage.report(file: filename, result: result, revision: nil, context: page)
            return try await cataloguePage(request, context: context, flash: "", report: report, status: .badRequest)
        }
        let revision = try await APIError.answering {
            try await console.actions.storeCatalogue(tenantID: context.tenantID, result, logger: logger)
        }
        let report = CataloguePage.report(file: filename, result: result, revision: revision, context: page)
        return try await cataloguePage(request, context: context, flash: "", report: report)
    }

    /// The catalogue's page as it is stored now, with a notice or an import's report.
    func cataloguePage(_ request: Request, context: ConsoleRequestContext, flash: HTML, report: HTML = "", page pageNumber: Int? = nil,
                       search: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let query = Self.query(request)
        let number = pageNumber ?? min(10_000, max(1, Int(query["page"] ?? "") ?? 1))
        let stored = try await console.catalogue(tenantID: context.tenantID)
        return Self.page(CataloguePage.render(stored: stored, page: number, search: search ?? query["q"] ?? "", flash: flash, report: report,
                                              context: context.page),
                         status: status)
    }
}
