import Foundation

/// A document read for the knowledge base: Markdown as written, plain text and PDF with their headings marked
/// so that passages keep them.
public struct KnowledgeFile: Sendable, Hashable {
    /// The document's name in the base (its path relative to the folder given, or its file name).
    public var name: String
    /// The text, Markdown headings (`## …`) marking sections.
    public var content: String

    /// Why a file cannot be read into the base.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        /// The file.
        public var path: String
        /// What went wrong.
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// File extensions read: Markdown, text, PDF.
    public static let extensions: Set<String> = ["md", "markdown", "txt", "text", "pdf"]

    /// Reads one file.
    /// - Parameters:
    ///   - name: its name in the base.
    ///   - pdftotext: the `pdftotext` program (poppler-utils), needed for PDF files only.
    public static func read(_ url: URL, name: String, pdftotext: URL?) throws(ReadError) -> KnowledgeFile {
        let suffix = url.pathExtension.lowercased()
        guard extensions.contains(suffix) else {
            throw ReadError(path: url.path, reason: "not a Markdown, text or PDF file (.md, .txt, .pdf)")
        }
        let text: String
        if suffix == "pdf" {
            guard let pdftotext else {
                throw ReadError(path: url.path, reason: "PDF files need pdftotext, which is not installed: install poppler-utils "
                                + "(apt-get install poppler-utils) or convert the file to text")
            }
            text = try PDFText.extract(url, with: pdftotext)
        } else {
            guard let data = try? Data(contentsOf: url) else { throw ReadError(path: url.path, reason: "cannot be read") }
            text = try decode(data, path: url.path)
        }
        let content = suffix == "md" || suffix == "markdown" ? text : markHeadings(text)
        guard !content.unicodeScalars.allSatisfy(\.properties.isWhitespace) else {
            throw ReadError(path: url.path, reason: "has no text" + (suffix == "pdf" ? " (a scanned PDF needs OCR first)" : ""))
        }
        return KnowledgeFile(name: name, content: content)
    }

    /// UTF-8 (with or without a byte-order mark), else Windows-1251, the other encoding Russian text files come in.
    static func decode(_ data: Data, path: String) throws(ReadError) -> String {
        var bytes = data
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            if let text = String(data: bytes, encoding: .utf16) { return text.replacingOccurrences(of: "\r\n", with: "\n") }
        }
        // Binary data is not text in any encoding (and PostgreSQL refuses NUL in text).
        guard !bytes.contains(0) else { throw ReadError(path: path, reason: "is not a text file (it contains NUL bytes)") }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(data: bytes, encoding: .utf8) { return text.replacingOccurrences(of: "\r\n", with: "\n") }
        if let text = String(data: bytes, encoding: .windowsCP1251) { return text.replacingOccurrences(of: "\r\n", with: "\n") }
        throw ReadError(path: path, reason: "is neither UTF-8 nor Windows-1251 text")
    }

    /// Marks heading-like lines of plain text as Markdown headings: a short line without final punctuation that
    /// stands alone after a blank line (or at the start) and is followed by text.
    static func markHeadings(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var output: [String] = []
        for (index, line) in lines.enumerated() {
            let before = index == 0 ? "" : lines[index - 1]
            let after = index + 1 < lines.count ? lines[index + 1] : ""
            let letters = line.unicodeScalars.filter(\.properties.isAlphabetic).count
            // A wrapped paragraph's first line is no heading: the text after a heading starts a new sentence.
            let afterStartsLower = after.first?.isLowercase == true
            let isHeading = !line.isEmpty && line.count <= 80 && before.isEmpty && !after.isEmpty && letters >= 3 && !afterStartsLower
                && !".,;:!?»)".contains(line.last ?? ".") && !line.hasPrefix("#") && !line.hasPrefix("-") && !line.hasPrefix("•")
            output.append(isHeading ? "## " + line : line)
        }
        return output.joined(separator: "\n")
    }

    /// Finds a program on `PATH`.
    public static func program(_ name: String, path: String?) -> URL? {
        for directory in (path ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
