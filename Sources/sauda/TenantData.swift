import ArgumentParser
import Foundation
import SaudaCore
import SaudaServer
import SaudaStore

/// `sauda tenant export|delete|forget-contact`: a business's data as a whole (``BusinessData``).
enum TenantData {
    /// Runs a ``BusinessData`` operation on the configured database, its refusals as the command's error.
    static func run<T: Sendable>(_ body: @escaping @Sendable (BusinessData) async throws -> T) async throws -> T {
        do {
            return try await CommandEnvironment.withPreparedDatabase { database in try await body(BusinessData(database: database)) }
        } catch let error as BusinessDataError {
            throw ConfigurationError(message: error.description)
        }
    }

    /// `table: n` lines, by table name.
    static func counts(_ removed: [String: Int]) -> String {
        removed.isEmpty ? "  (no rows)" : removed.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }.joined(separator: "\n")
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export every row of a business, in every table, as one JSON document.")
        @Argument(help: "The business's id.") var id: String
        @Option(help: "Write the document to this file instead of the standard output.") var output: String?

        func run() async throws {
            let id = self.id
            guard let output else {
                try await TenantData.run { data in
                    try await data.export(tenantID: id) { chunk in FileHandle.standardOutput.write(chunk) }
                }
                return
            }
            // A temporary file first: a failed export leaves no half document under the name asked for.
            let target = URL(fileURLWithPath: output)
            let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial")
            guard FileManager.default.createFile(atPath: partial.path, contents: nil),
                  let file = try? FileHandle(forWritingTo: partial) else {
                throw ConfigurationError(message: "cannot write «\(output)»")
            }
            do {
                try await TenantData.run { data in try await data.export(tenantID: id) { chunk in try file.write(contentsOf: chunk) } }
                try file.close()
                if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
                try FileManager.default.moveItem(at: partial, to: target)
            } catch {
                try? file.close()
                try? FileManager.default.removeItem(at: partial)
                throw error
            }
            print("tenant \(id) exported to \(output)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a business and every row of it in every table (export it first).")
        @Argument(help: "The business's id.") var id: String
        @Flag(help: "Confirm: the business's data is removed for good.") var yes = false

        func validate() throws {
            guard yes else {
                throw ValidationError("deleting tenant «\(id)» removes every row of it for good: add --yes to confirm (export it first with «sauda tenant export \(id) --output FILE»)")
            }
        }

        func run() async throws {
            let id = self.id
            let removed = try await TenantData.run { data in try await data.deleteBusiness(tenantID: id) }
            print("tenant \(id) deleted; rows removed:\n\(TenantData.counts(removed))")
        }
    }

    struct ForgetContact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forget-contact",
            abstract: "Delete one contact's data (a personal-data request): the contact, its messages, log, leads and all about it.")
        @Argument(help: "The business's id.") var id: String
        @Option(help: "The contact's id, or its phone number (every contact of the business with that number).") var contact: String

        func validate() throws { _ = try reference() }

        func reference() throws -> ContactReference {
            do { return try ContactReference.parse(contact) } catch {
                throw ValidationError("--contact «\(contact)» is neither a contact id nor a phone number (write it as +7 701 234 56 78 or 77012345678)")
            }
        }

        func run() async throws {
            let id = self.id
            let reference = try reference()
            let removed = try await TenantData.run { data -> [String: Int] in
                let contacts: [Int64]
                switch reference {
                case .id(let contactID): contacts = [contactID]
                case .phone(let phone): contacts = try await data.contactIDs(tenantID: id, phone: phone)
                }
                guard !contacts.isEmpty else { throw ConfigurationError(message: "tenant «\(id)» has no contact \(reference)") }
                var total: [String: Int] = [:]
                for contactID in contacts {
                    total.merge(try await data.deleteContact(tenantID: id, contactID: contactID), uniquingKeysWith: +)
                }
                return total
            }
            print("contact \(reference) of tenant \(id) deleted; rows removed:\n\(TenantData.counts(removed))")
        }
    }
}
