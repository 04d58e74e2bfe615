import Foundation
import Logging
import SaudaCore
import SaudaKnowledge
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `sauda kb ingest`: folders, content hashes, failures that do not stop the rest, and the command itself.
@Suite struct KnowledgeIngestTests {
    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test func onlyWhatChangedIsStoredAgainAndAnUnreadableFileDoesNotStopTheOthers() async throws {
        try await withTemporaryDirectory { directory in
            let docs = directory.appendingPathComponent("docs")
            try Self.write("# Доставка\nПо Алматы — 1 день.\n", to: docs.appendingPathComponent("delivery.md"))
            try Self.write("Гарантия\nГарантия 12 месяцев.\n", to: docs.appendingPathComponent("terms/guarantee.txt"))
            try Self.write("%PDF-1.4", to: docs.appendingPathComponent("catalog.pdf"))
            try Self.write("ignored", to: docs.appendingPathComponent("notes.docx"))
            let database = try SQLiteDatabase(path: directory.appendingPathComponent("kb.sqlite").path, durability: .normal)
            _ = try await Migrator(database: database, logger: testLogger).migrate()
            _ = try await Migrator(database: database, logger: testLogger).ensureDefaultTenant(name: "АвтоКоврик", timeZone: "Asia/Almaty")
            let ingest = KnowledgeIngest(database: database, pdftotext: nil)
            let files = try KnowledgeIngest.files(in: [docs.path])
            #expect(files.map(\.name) == ["catalog.pdf", "delivery.md", "terms/guarantee.txt"])
            let first = try await ingest.run(files, tenantID: Tenant.defaultID)
            #expect(first.files.map(\.outcome) == [.failed, .added, .added])
            #expect(first.files.first?.detail?.contains("pdftotext") == true)

            try Self.write("# Доставка\nПо Алматы — 1 день, по Казахстану — 3 дня.\n", to: docs.appendingPathComponent("delivery.md"))
            let second = try await ingest.run(files, tenantID: Tenant.defaultID)
            #expect(second.files.map(\.outcome) == [.failed, .updated, .unchanged])
            let stored = try await database.read { sql in try await TenantRepository(sql).knowledgeDocuments(tenantID: Tenant.defaultID) }
            #expect(stored.first { $0.name == "delivery.md" }?.content.contains("3 дня") == true)
            #expect(stored.first { $0.name == "terms/guarantee.txt" }?.content == "## Гарантия\nГарантия 12 месяцев.\n")

            let unknown = await #expect(throws: KnowledgeIngest.IngestError.self) { _ = try await ingest.run(files, tenantID: "nobody") }
            #expect(unknown?.description.contains("unknown tenant «nobody»") == true)
            #expect(throws: KnowledgeIngest.IngestError.self) { _ = try KnowledgeIngest.files(in: [directory.appendingPathComponent("none").path]) }
            // Two files that would be stored under one name are refused before anything is stored.
            try Self.write("# Доставка\nДругой текст.\n", to: directory.appendingPathComponent("other/delivery.md"))
            let clash = #expect(throws: KnowledgeIngest.IngestError.self) {
                _ = try KnowledgeIngest.files(in: [docs.path, directory.appendingPathComponent("other").path])
            }
            #expect(clash?.description.contains("would both be stored as «delivery.md»") == true)
            await database.close()
        }
    }

    static let pdftotext = KnowledgeFile.program("pdftotext", path: ProcessInfo.processInfo.environment["PATH"])

    @Test(.enabled(if: pdftotext != nil, "needs pdftotext (poppler-utils; scripts/test.sh installs it)"))
    func aPDFIsReadWithItsCyrillicAndHeadings() async throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/catalog.pdf")
        let file = try KnowledgeFile.read(fixture, name: "catalog.pdf", pdftotext: Self.pdftotext)
        #expect(file.content.hasPrefix("## Каталог ковриков\nКоврики EVA для Toyota Camry 70 стоят 24 000 ₸"), "\(file.content)")
        #expect(file.content.contains("## Уход за ковриками\nКоврики EVA моются водой"))
        let base = KnowledgeBase(documents: [(file.name, file.content)])
        #expect(base.search("Как мыть коврики EVA?", limit: 1).first?.title == "Уход за ковриками")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CrashRecoveryTests.binary), "needs the sauda binary"))
    func theCommandReportsEachFileListsAndRemovesDocuments() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("cli.sqlite").path
            let environment = ["DATABASE_URL": "sqlite:\(database)", "LOG_LEVEL": "error", "PATH": "/nonexistent"]
            let file = directory.appendingPathComponent("подарочные сертификаты.md")
            try Self.write("# Подарочные сертификаты\nПодарочный сертификат на коврики — от 10 000 ₸, действует год.\n", to: file)
            let run = try await ChildProcess.run(CrashRecoveryTests.binary, ["kb", "ingest", file.path], environment: environment)
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains("[1/1] подарочные сертификаты.md: added"))
            #expect(run.output.contains("knowledge base of default: 1 added, 0 updated, 0 unchanged, 0 not loaded"))
            let pdf = directory.appendingPathComponent("scan.pdf")
            try Self.write("%PDF-1.4", to: pdf)
            let failed = try await ChildProcess.run(CrashRecoveryTests.binary, ["kb", "ingest", file.path, pdf.path], environment: environment)
            #expect(failed.status != 0)
            #expect(failed.output.contains("not loaded: scan.pdf: PDF files need pdftotext"))
            #expect(failed.output.contains("0 added, 0 updated, 1 unchanged, 1 not loaded"))
            let listed = try await ChildProcess.run(CrashRecoveryTests.binary, ["kb", "list"], environment: environment)
            #expect(listed.output.contains("подарочные сертификаты.md"))
            #expect(try await ChildProcess.run(CrashRecoveryTests.binary, ["kb", "remove", "подарочные сертификаты.md"], environment: environment).status == 0)
            let again = try await ChildProcess.run(CrashRecoveryTests.binary, ["kb", "remove", "подарочные сертификаты.md"], environment: environment)
            #expect(again.status != 0 && again.output.contains("is not in the knowledge base"))
        }
    }
}
