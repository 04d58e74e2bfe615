import Foundation
@testable import SaudaKnowledge
import Testing

/// Reading documents for the knowledge base: encodings, headings, unsupported files, PDF without pdftotext.
@Suite struct KnowledgeFileTests {
    static func scratch(_ name: String, _ data: Data) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    @Test func windows1251TextIsReadAsCyrillicWithItsHeadingsMarked() throws {
        let text = "ГАРАНТИЯ\r\nГарантия на EVA коврики — 12 месяцев.\r\n\r\nВозврат и обмен\r\nВозврат в течение 14 дней, если коврик не подошёл.\r\n"
        let encoded = try #require(text.data(using: .windowsCP1251))
        let file = try KnowledgeFile.read(try Self.scratch("условия.txt", encoded), name: "условия.txt", pdftotext: nil)
        #expect(file.content == "## ГАРАНТИЯ\nГарантия на EVA коврики — 12 месяцев.\n\n## Возврат и обмен\nВозврат в течение 14 дней, если коврик не подошёл.\n")
        let base = KnowledgeBase(documents: [(file.name, file.content)])
        #expect(base.search("Как оформить возврат?", limit: 1).first?.title == "Возврат и обмен")
    }

    @Test func utf8WithAByteOrderMarkAndMarkdownAsWritten() throws {
        let markdown = "# Доставка\nПо Алматы — 1 день.\nКороткая строка\nещё текст\n"
        let file = try KnowledgeFile.read(try Self.scratch("d.md", Data([0xEF, 0xBB, 0xBF]) + Data(markdown.utf8)), name: "d.md", pdftotext: nil)
        #expect(file.content == markdown, "Markdown keeps its own headings only")
    }

    @Test func sentencesAndListsAreNotTakenForHeadings() {
        let text = "Оплата\nKaspi, карта или наличные.\n\nМы работаем без выходных.\nДоставка бесплатно от 20 000 ₸.\n\n- EVA коврики\n- 5D коврики\n"
        #expect(KnowledgeFile.markHeadings(text) == "## Оплата\nKaspi, карта или наличные.\n\nМы работаем без выходных.\nДоставка бесплатно от 20 000 ₸.\n\n- EVA коврики\n- 5D коврики\n")
    }

    @Test func unsupportedEmptyAndPDFWithoutTheToolAreClearErrors() throws {
        let doc = #expect(throws: KnowledgeFile.ReadError.self) {
            try KnowledgeFile.read(try Self.scratch("price.docx", Data("x".utf8)), name: "price.docx", pdftotext: nil)
        }
        #expect(doc?.reason.contains(".md, .txt, .pdf") == true)
        let empty = #expect(throws: KnowledgeFile.ReadError.self) {
            try KnowledgeFile.read(try Self.scratch("empty.txt", Data(" \n\n".utf8)), name: "empty.txt", pdftotext: nil)
        }
        #expect(empty?.reason == "has no text")
        let pdf = #expect(throws: KnowledgeFile.ReadError.self) {
            try KnowledgeFile.read(try Self.scratch("catalog.pdf", Data("%PDF-1.4".utf8)), name: "catalog.pdf", pdftotext: nil)
        }
        #expect(pdf?.reason.contains("poppler-utils") == true)
        let binary = #expect(throws: KnowledgeFile.ReadError.self) {
            try KnowledgeFile.read(try Self.scratch("photo.txt", Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01])), name: "photo.txt", pdftotext: nil)
        }
        #expect(binary?.reason.contains("NUL") == true)
        let utf16 = try KnowledgeFile.read(try Self.scratch("notepad.txt", try #require("Цены\nEVA — 18 000 тенге.".data(using: .utf16))),
                                           name: "notepad.txt", pdftotext: nil)
        #expect(utf16.content == "## Цены\nEVA — 18 000 тенге.")
        #expect(KnowledgeFile.program("pdftotext", path: "/nonexistent") == nil)
        #expect(KnowledgeFile.program("sh", path: "/nonexistent:/bin") != nil)
    }
}
