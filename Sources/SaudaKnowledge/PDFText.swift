import Foundation

/// The text of a PDF file through poppler's `pdftotext` (UTF-8, reading order, page breaks as blank lines).
enum PDFText {
    static func extract(_ url: URL, with pdftotext: URL) throws(KnowledgeFile.ReadError) -> String {
        let process = Process()
        process.executableURL = pdftotext
        process.arguments = ["-enc", "UTF-8", "-nopgbrk", url.path, "-"]
        let output = Pipe()
        // Warnings go to a file: a damaged PDF can print more than a pipe holds, and pdftotext would stall on it.
        let errorsURL = FileManager.default.temporaryDirectory.appendingPathComponent("pdftotext-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: errorsURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorsURL) }
        guard let errors = try? FileHandle(forWritingTo: errorsURL) else {
            throw KnowledgeFile.ReadError(path: url.path, reason: "no temporary file for pdftotext's messages")
        }
        defer { try? errors.close() }
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw KnowledgeFile.ReadError(path: url.path, reason: "pdftotext could not be started: \(error.localizedDescription)")
        }
        // Read before waiting: a large document would otherwise fill the pipe and stall pdftotext.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = (try? Data(contentsOf: errorsURL)) ?? Data()
        guard process.terminationStatus == 0 else {
            let detail = String(decoding: message.prefix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw KnowledgeFile.ReadError(path: url.path, reason: "pdftotext failed (\(process.terminationStatus)): \(detail)")
        }
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }
}
