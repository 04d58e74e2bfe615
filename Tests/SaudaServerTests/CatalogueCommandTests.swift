import Foundation
import SaudaCatalogue
import SaudaTestSupport
import Testing

/// `sauda catalogue import|list|export` through the built binary.
@Suite struct CatalogueCommandTests {
    static let binaryExists = FileManager.default.isExecutableFile(atPath: CrashRecoveryTests.binary)

    @Test(.enabled(if: binaryExists, "needs the sauda binary"))
    func theSamplesImportListAndExportAndBadRowsAreReportedByLine() async throws {
        try await withTemporaryDirectory { directory in
            let environment = ["DATABASE_URL": "sqlite:\(directory.appendingPathComponent("cli.sqlite").path)", "LOG_LEVEL": "error"]
            func sauda(_ arguments: String...) async throws -> (status: Int32, output: String) {
                let run = try await ChildProcess.run(CrashRecoveryTests.binary, arguments, environment: environment)
                return (run.status, run.output)
            }
            let evopoliki = try #require(CatalogueSample.evopoliki.url).path
            let deluxe = try #require(CatalogueSample.fiveDeluxe.url).path
            let imported = try await sauda("catalogue", "import", evopoliki)
            #expect(imported.status == 0, "\(imported.output)")
            #expect(imported.output.contains("catalogue of default: 10 products in 4 categories"), "\(imported.output)")
            #expect(imported.output.contains("(revision 1); 0 rows skipped"))

            #expect(try await sauda("tenant", "add", "5deluxe", "--name", "5DELUXE").status == 0)
            let second = try await sauda("catalogue", "import", deluxe, "--tenant", "5deluxe")
            #expect(second.status == 0 && second.output.contains("3 products in 1 categories"), "\(second.output)")

            let listed = try await sauda("catalogue", "list", "--category", "EVA коврики", "--details")
            #expect(listed.status == 0)
            #expect(listed.output.contains("EVA-SEDAN\tEVA коврики в салон — седан / хэтчбек\t8 000 сом\tin_stock"), "\(listed.output)")
            #expect(listed.output.contains("option Борты 5 см: +500 сом"))
            #expect(listed.output.contains("fits Acura MDX 2014-2020 (no pattern: individual measurement)"))
            #expect(!listed.output.contains("COVER-ECO"))
            let unknownCategory = try await sauda("catalogue", "list", "--category", "Шины")
            #expect(unknownCategory.status != 0 && unknownCategory.output.contains("--category «Шины» is not a category"))

            let exported = directory.appendingPathComponent("out.json")
            #expect(try await sauda("catalogue", "export", "--tenant", "5deluxe", exported.path).status == 0)
            let back = try CatalogueImporter().load(contentsOf: exported)
            #expect(back.catalogue == (try CatalogueSample.fiveDeluxe.load().catalogue))
            let csv = try await sauda("catalogue", "export", "--format", "csv")
            #expect(csv.output.hasPrefix("id,category,name,description,price,currency,available,fits,options,attr:материал"))
            let yml = try await sauda("catalogue", "export", "--format", "yml")
            #expect(yml.status != 0 && yml.output.contains("--format yml: only csv and json can be exported"))

            // Bad rows are listed by line and the rest loads; a file with nothing good fails and keeps the catalogue.
            let partial = directory.appendingPathComponent("partial.csv")
            try Data("id,category,name,price,currency\nA,Кат,Раз,1,KGS\nB,Кат,Два,дорого,KGS\n".utf8).write(to: partial)
            let mixed = try await sauda("catalogue", "import", partial.path, "--tenant", "5deluxe")
            #expect(mixed.status == 0, "\(mixed.output)")
            #expect(mixed.output.contains("partial.csv: line 3, price: «дорого» is not an amount"))
            #expect(mixed.output.contains("1 products in 1 categories, 0 vehicle fits, 0 options loaded (revision 2); 1 rows skipped"))
            let bad = directory.appendingPathComponent("bad.csv")
            try Data("id,category,name,price,currency\nB,Кат,Два,дорого,KGS\n".utf8).write(to: bad)
            let nothing = try await sauda("catalogue", "import", bad.path)
            #expect(nothing.status != 0 && nothing.output.contains("nothing could be loaded"))
            #expect(try await sauda("catalogue", "list").output.contains("revision 1"))

            let missing = try await sauda("catalogue", "import", directory.appendingPathComponent("none.csv").path)
            #expect(missing.status != 0 && missing.output.contains("no such file"))
            let unknownTenant = try await sauda("catalogue", "import", evopoliki, "--tenant", "nobody")
            #expect(unknownTenant.status != 0 && unknownTenant.output.contains("--tenant «nobody» is not a business"))
            let badFormat = try await sauda("catalogue", "import", evopoliki, "--format", "xls")
            #expect(badFormat.status != 0 && badFormat.output.contains("--format «xls» is not csv, json or yml"))
        }
    }
}
