import ArgumentParser
import Foundation
import SaudaAgent
import SaudaCore
import SaudaKnowledge
import SaudaServer
import SaudaStore

/// `sauda kb ingest|list`: the knowledge base the sales agent answers from.
struct Knowledge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb", abstract: "Manage a tenant's knowledge base.", subcommands: [Ingest.self, List.self, Remove.self])

    struct Options: ParsableArguments {
        @Option(help: "Tenant id.") var tenant = Tenant.defaultID
    }

    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load Markdown, text and PDF files (or folders of them) into the knowledge base.",
            discussion: """
                Each file is stored under its name (its path inside a folder given); a file whose text did not change is \
                left alone. Text files may be UTF-8 or Windows-1251. PDF files need pdftotext (apt-get install poppler-utils).
                """)
        @Argument(help: "Files or folders.") var paths: [String]
        @OptionGroup var options: Options

        func validate() throws {
            guard !paths.isEmpty else { throw ValidationError("name at least one file or folder") }
        }

        func run() async throws {
            let files: [(url: URL, name: String)]
            do { files = try KnowledgeIngest.files(in: paths) } catch { throw ValidationError(error.description) }
            guard !files.isEmpty else { throw ValidationError("no Markdown, text or PDF files in \(paths.joined(separator: ", "))") }
            let tenant = options.tenant
            let pdftotext = KnowledgeFile.program("pdftotext", path: ProcessInfo.processInfo.environment["PATH"])
            let bar = ProgressBar(interactive: isatty(STDERR_FILENO) == 1)
            let report = try await CommandEnvironment.withPreparedDatabase { database in
                try await KnowledgeIngest(database: database, pdftotext: pdftotext).run(files, tenantID: tenant) { done, total, name, outcome in
                    bar.show(done: done, total: total, name: name, outcome: outcome.rawValue)
                }
            }
            bar.finish()
            for file in report.files where file.outcome == .failed {
                print("not loaded: \(file.name): \(file.detail ?? "unreadable")")
            }
            print("knowledge base of \(tenant): \(report.count(.added)) added, \(report.count(.updated)) updated, "
                  + "\(report.count(.unchanged)) unchanged, \(report.count(.failed)) not loaded")
            if report.count(.failed) > 0 { throw ExitCode(1) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the documents of the knowledge base.")
        @OptionGroup var options: Options

        func run() async throws {
            let tenant = options.tenant
            let documents = try await CommandEnvironment.withPreparedDatabase { database in
                try await database.read { sql in try await TenantRepository(sql).knowledgeDocumentList(tenantID: tenant) }
            }
            for document in documents {
                print("\(document.name)  \(document.characters) characters  \(document.hash.prefix(12))  \(document.updatedAt.formatted(.iso8601))")
            }
            if documents.isEmpty { print("the knowledge base of \(tenant) is empty") }
        }
    }
}

extension Knowledge {
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a document from the knowledge base.")
        @Argument(help: "The document's name, as `sauda kb list` shows it.") var name: String
        @OptionGroup var options: Options

        func run() async throws {
            let (tenant, name) = (options.tenant, self.name)
            let removed = try await CommandEnvironment.withOperatorActions { actions in
                try await actions.removeKnowledgeDocument(tenantID: tenant, name: name)
            }
            guard removed else { throw ValidationError("«\(name)» is not in the knowledge base of \(tenant): see `sauda kb list`") }
            print("removed \(name) from the knowledge base of \(tenant)")
        }
    }
}

/// Progress of a long command on standard error: a bar redrawn in place on a terminal, one line per step otherwise.
final class ProgressBar: Sendable {
    let interactive: Bool

    init(interactive: Bool) { self.interactive = interactive }

    func show(done: Int, total: Int, name: String, outcome: String) {
        let line: String
        if interactive {
            let width = 24
            let filled = total == 0 ? width : width * done / total
            line = "\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total) \(name.suffix(40))\u{1B}[K"
        } else {
            line = "[\(done)/\(total)] \(name): \(outcome)\n"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
