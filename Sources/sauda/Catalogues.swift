import ArgumentParser
import Foundation
import SaudaAgent
import SaudaCatalogue
import SaudaCore
import SaudaServer
import SaudaStore

/// `sauda catalogue import|list|export`: a business's products or services, prices and options.
struct Catalogues: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue", abstract: "Manage a business's catalogue (docs/catalogue.md).",
        subcommands: [Import.self, List.self, Export.self])

    struct Options: ParsableArguments {
        @Option(help: "Tenant id (see `sauda tenant list`).") var tenant = Tenant.defaultID
    }

    /// The format a `--format` value names.
    static func format(_ text: String?, flag: String = "--format") throws -> CatalogueFormat? {
        guard let text else { return nil }
        guard let format = CatalogueFormat(rawValue: text.lowercased()) else {
            throw ValidationError("\(flag) «\(text)» is not csv, json or yml")
        }
        return format
    }

    /// An unknown business, named by its flag.
    static func unknownTenant(_ tenant: String) -> ConfigurationError {
        ConfigurationError(message: "--tenant «\(tenant)» is not a business of this installation: see `sauda tenant list`")
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the catalogue with the products of a CSV, JSON or Yandex Market (YML) file.",
            discussion: """
                Rows that cannot be read are listed by line (JSON: by position) with the reason and left out; the rest \
                replaces the catalogue in one transaction, and a running server picks it up within seconds. The command \
                fails only when the file cannot be read or no row could be loaded (the stored catalogue is then kept).
                """)
        @Argument(help: "The file (format from its extension: .csv, .json, .yml or .xml).") var file: String
        @Option(help: "csv, json or yml; by default the file's extension says.") var format: String?
        @Option(help: "Currency code of prices the file does not give one for (KGS, KZT, RUB).") var currency: String?
        @Flag(help: "Check the file and report, without storing anything.") var dryRun = false
        @OptionGroup var options: Options

        func validate() throws {
            _ = try Catalogues.format(format)
            if let currency, Currency.code(currency) == nil {
                throw ValidationError("--currency «\(currency)» is not a three-letter currency code such as KGS, KZT or RUB")
            }
        }

        func run() async throws {
            let importer = CatalogueImporter(defaultCurrency: currency.flatMap(Currency.code))
            let result: CatalogueImportResult
            let chosen = try Catalogues.format(format)
            do { result = try importer.load(contentsOf: URL(fileURLWithPath: file), format: chosen) } catch {
                throw ConfigurationError(message: "\(file): \(error.description)")
            }
            for problem in result.problems { print("\(file): \(problem)") }
            if result.unlistedProblemCount > 0 { print("\(file): \(result.unlistedProblemCount) more problems not listed") }
            let counts = result.catalogue.counts
            let skipped = result.skippedCount
            guard !result.catalogue.isEmpty else {
                throw ConfigurationError(message: "\(file): nothing could be loaded (\(skipped) rows skipped); the stored catalogue is unchanged")
            }
            let tenant = options.tenant
            guard !dryRun else {
                print("checked \(file): \(counts) would be loaded; \(skipped) rows skipped; nothing stored (--dry-run)")
                return
            }
            let revision: CatalogueRevision
            do {
                // The console's import stores through the same action.
                revision = try await CommandEnvironment.withOperatorActions { actions in try await actions.storeCatalogue(tenantID: tenant, result) }
            } catch let error as OperatorActionError where error.kind == .notFound {
                throw Catalogues.unknownTenant(tenant)
            }
            print("catalogue of \(tenant): \(counts) loaded (revision \(revision.number)); \(skipped) rows skipped")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the catalogue's products.")
        @Option(help: "Only this category (its id or name) and the categories inside it.") var category: String?
        @Flag(help: "Also list each product's vehicle fits, options and attributes.") var details = false
        @OptionGroup var options: Options

        func run() async throws {
            let tenant = options.tenant
            let stored = try await CommandEnvironment.withPreparedDatabase { database in
                try await database.read { sql in
                    guard try await TenantRepository(sql).find(id: tenant) != nil else { throw Catalogues.unknownTenant(tenant) }
                    return try await CatalogueRepository(sql).load(tenantID: tenant)
                }
            }
            guard let stored, !stored.catalogue.isEmpty else {
                print("the catalogue of \(tenant) is empty: load one with `sauda catalogue import FILE --tenant \(tenant)`")
                return
            }
            let (catalogue, revision) = (stored.catalogue, stored.revision)
            var products = catalogue.products
            if let category {
                guard let match = catalogue.categories.first(where: { $0.id == category })
                        ?? catalogue.categories.first(where: { $0.name.caseInsensitiveCompare(category) == .orderedSame }) else {
                    let names = catalogue.categories.map(\.name).joined(separator: ", ")
                    throw ValidationError("--category «\(category)» is not a category of \(tenant) (there are: \(names))")
                }
                products = catalogue.products(inCategory: match.id)
            }
            print("catalogue of \(tenant)\(catalogue.name.isEmpty ? "" : " (\(catalogue.name))"): revision \(revision.number), "
                  + "updated \(revision.updatedAt.formatted(.iso8601)), \(catalogue.counts)")
            let paths = catalogue.categoryPaths()
            for product in products {
                let path = paths[product.categoryID] ?? product.categoryID
                print("\(product.id)\t\(product.name)\t\(product.price.displayText)\t\(product.availability.rawValue)\t\(path)"
                      + "\t\(product.fits.count) fits\t\(product.options.count) options")
                guard details else { continue }
                for attribute in product.attributes { print("    \(attribute.name): \(attribute.value)") }
                for option in product.options { print("    option \(option.name): \(option.priceChange.decimalText(signed: true)) \(option.priceChange.currency.displayUnit)") }
                for fit in product.fits {
                    let years = fit.years == .any ? "all years" : fit.years.description
                    print("    fits \(fit.brand) \(fit.model) \(years)\(fit.patternAvailable ? "" : " (no pattern: individual measurement)")")
                }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the catalogue as CSV or JSON, to a file or to standard output.")
        @Argument(help: "The file to write; standard output when left out.") var file: String?
        @Option(help: "csv or json; by default the file's extension says.") var format: String?
        @OptionGroup var options: Options

        func validate() throws {
            let chosen = try Catalogues.format(format) ?? file.flatMap { CatalogueFormat(fileExtension: URL(fileURLWithPath: $0).pathExtension) }
            guard let chosen else { throw ValidationError("--format is needed (csv or json) when no FILE with a .csv or .json extension is given") }
            guard chosen.canExport else { throw ValidationError("--format \(chosen): only csv and json can be exported") }
        }

        func run() async throws {
            let tenant = options.tenant
            let chosen = try Catalogues.format(format) ?? file.flatMap { CatalogueFormat(fileExtension: URL(fileURLWithPath: $0).pathExtension) } ?? .csv
            let stored = try await CommandEnvironment.withPreparedDatabase { database in
                try await database.read { sql in
                    guard try await TenantRepository(sql).find(id: tenant) != nil else { throw Catalogues.unknownTenant(tenant) }
                    return try await CatalogueRepository(sql).load(tenantID: tenant)
                }
            }
            guard let catalogue = stored?.catalogue else {
                throw ConfigurationError(message: "the catalogue of \(tenant) is empty: nothing to export")
            }
            let data = chosen == .json ? CatalogueJSONExporter.export(catalogue) + Data("\n".utf8)
                : Data(CatalogueCSVExporter.export(catalogue).utf8)
            guard let file else {
                FileHandle.standardOutput.write(data)
                return
            }
            do { try data.write(to: URL(fileURLWithPath: file), options: .atomic) } catch {
                throw ConfigurationError(message: "cannot write \(file): \(error.localizedDescription)")
            }
            print("wrote \(catalogue.counts) of \(tenant) to \(file)")
        }
    }
}
