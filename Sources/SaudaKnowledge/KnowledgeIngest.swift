import Crypto
import Foundation
import SaudaKnowledge
import SaudaStore

/// `sauda kb ingest`: loads Markdown, text and PDF files into a tenant's knowledge base. A document is stored
/// under its name with the SHA-256 of its text; one whose text did not change is left alone, so ingesting a
/// folder again only touches what changed. A file that cannot be read is reported and the others still load.
public struct KnowledgeIngest: Sendable {
    /// What became of one file.
    public enum Outcome: String, Sendable {
        case added, updated, unchanged, failed
    }

    /// What an ingest did.
    public struct Report: Sendable {
        /// Files by outcome, in the order they were read.
        public var files: [(name: String, outcome: Outcome, detail: String?)] = []
        /// Files with `outcome`.
        public func count(_ outcome: Outcome) -> Int { files.filter { $0.outcome == outcome }.count }
    }

    /// A problem with the ingest as a whole.
    public struct IngestError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    let database: any Database
    let pdftotext: URL?

    /// An ingest into `database`, reading PDF files with `pdftotext` when given.
    public init(database: any Database, pdftotext: URL?) {
        self.database = database
        self.pdftotext = pdftotext
    }

    /// The files under `paths`: files as given, folders searched recursively for Markdown, text and PDF files,
    /// each named by its path inside the folder.
    public static func files(in paths: [String]) throws(IngestError) -> [(url: URL, name: String)] {
        var found: [(url: URL, name: String)] = []
        for path in paths {
            let url = URL(fileURLWithPath: path).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw IngestError(description: "\(path): no such file or folder")
            }
            guard isDirectory.boolValue else {
                found.append((url, url.lastPathComponent))
                continue
            }
            let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])
            var inFolder: [(URL, String)] = []
            while let file = enumerator?.nextObject() as? URL {
                guard KnowledgeFile.extensions.contains(file.pathExtension.lowercased()) else { continue }
                let relative = String(file.standardizedFileURL.path.dropFirst(url.path.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                inFolder.append((file, relative))
            }
            found += inFolder.sorted { $0.1 < $1.1 }
        }
        // Two files under one name would overwrite each other in the base.
        var seen: [String: URL] = [:]
        for file in found {
            if let other = seen[file.name], other != file.url {
                throw IngestError(description: "\(other.path) and \(file.url.path) would both be stored as «\(file.name)»: ingest them from different folders")
            }
            seen[file.name] = file.url
        }
        // The same file named twice is read once.
        var unique: [(url: URL, name: String)] = []
        for file in found where !unique.contains(where: { $0.name == file.name }) { unique.append(file) }
        return unique
    }

    /// The SHA-256 of a document's text, in hex: what tells a changed document from an unchanged one.
    public static func contentHash(_ content: String) -> String {
        SHA256.hash(data: Data(content.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Ingests `files` into the knowledge base of `tenantID`.
    /// - Parameter progress: called after each file with its position, the total and what became of it.
    public func run(_ files: [(url: URL, name: String)], tenantID: String,
                    progress: @Sendable (Int, Int, String, Outcome) -> Void = { _, _, _, _ in }) async throws -> Report {
        guard try await database.read({ sql in try await TenantRepository(sql).find(id: tenantID) }) != nil else {
            throw IngestError(description: "unknown tenant «\(tenantID)»: create it with `sauda tenant add`")
        }
        var report = Report()
        for (index, file) in files.enumerated() {
            let outcome: Outcome
            var detail: String?
            do {
                let document = try KnowledgeFile.read(file.url, name: file.name, pdftotext: pdftotext)
                let hash = Self.contentHash(document.content)
                outcome = try await database.transaction { sql -> Outcome in
                    let repository = TenantRepository(sql)
                    let existed = try await repository.knowledgeDocumentHash(tenantID: tenantID, name: document.name) != nil
                    let changed = try await repository.upsertKnowledgeDocument(tenantID: tenantID, name: document.name, content: document.content,
                                                                               contentHash: hash, now: Date())
                    return changed ? (existed ? .updated : .added) : .unchanged
                }
            } catch let error as KnowledgeFile.ReadError {
                outcome = .failed
                detail = error.reason
            } catch let error as StoreError {
                // One document the database refuses does not stop the others.
                outcome = .failed
                detail = "not stored: \(error)"
            }
            report.files.append((file.name, outcome, detail))
            progress(index + 1, files.count, file.name, outcome)
        }
        return report
    }
}
