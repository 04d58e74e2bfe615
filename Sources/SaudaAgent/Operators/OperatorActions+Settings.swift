import Foundation
import Logging
import SaudaCore
import SaudaKnowledge
import SaudaStore

/// The whitelist and the knowledge base, as the business's people change them. Each action logs through `logger`
/// when given (the caller's, with its request's metadata), else through the actions' own.
extension OperatorActions {
    /// A phone number as the whitelist stores it (digits).
    /// - Throws: ``OperatorActionError`` `.invalid` for something that is not a phone number.
    public static func whitelistNumber(_ raw: String) throws(OperatorActionError) -> String {
        guard let phone = PhoneNumber.normalize(raw) else {
            throw OperatorActionError(.invalid, "«\(raw)» is not a phone number: write it as +7 701 234 56 78, 87012345678 or 77012345678")
        }
        return phone
    }

    /// Adds a number to the tenant's whitelist, or changes its note.
    /// - Returns: the stored number (digits) and note (trimmed; `nil` when empty).
    /// - Throws: ``OperatorActionError`` `.invalid` for something that is not a phone number or a note over 200
    ///   characters, `.notFound` for an unknown tenant.
    @discardableResult
    public func addToWhitelist(tenantID: String, phone raw: String, note rawNote: String?,
                               logger: Logger? = nil) async throws -> (phone: String, note: String?) {
        let phone = try Self.whitelistNumber(raw)
        let trimmed = rawNote?.trimmingCharacters(in: .whitespacesAndNewlines)
        let note = trimmed?.isEmpty == true ? nil : trimmed
        if let note, note.count > 200 { throw OperatorActionError(.invalid, "the note is longer than 200 characters") }
        try await database.transaction { sql in
            let tenants = TenantRepository(sql)
            guard try await tenants.find(id: tenantID) != nil else { throw OperatorActionError(.notFound, "unknown tenant «\(tenantID)»") }
            try await tenants.addToWhitelist(tenantID: tenantID, phoneNumber: phone, note: note, now: Date())
        }
        (logger ?? self.logger).info("whitelist number added", metadata: ["tenant": "\(tenantID)"])
        return (phone, note)
    }

    /// Removes a number from the tenant's whitelist.
    /// - Returns: the number (digits) and whether it was on the list.
    /// - Throws: ``OperatorActionError`` `.invalid` for something that is not a phone number.
    public func removeFromWhitelist(tenantID: String, phone raw: String, logger: Logger? = nil) async throws -> (phone: String, removed: Bool) {
        let phone = try Self.whitelistNumber(raw)
        let removed = try await database.transaction { sql in
            try await TenantRepository(sql).removeFromWhitelist(tenantID: tenantID, phoneNumber: phone)
        }
        if removed { (logger ?? self.logger).info("whitelist number removed", metadata: ["tenant": "\(tenantID)"]) }
        return (phone, removed)
    }

    /// A knowledge document's name: trimmed, 1–120 characters, no control characters, not starting with a dot.
    /// - Throws: ``OperatorActionError`` `.invalid` for a name outside these rules.
    public static func knowledgeDocumentName(_ raw: String) throws(OperatorActionError) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...120).contains(name.count), !name.hasPrefix("."),
              !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw OperatorActionError(.invalid, "a document name has 1 to 120 characters, no control characters, and does not start with a dot")
        }
        return name
    }

    /// Adds a knowledge document or replaces the one of that name (the agent reads it within seconds). Line ends are
    /// stored as `\n`.
    /// - Returns: whether the name was taken before, and whether the stored text changed.
    /// - Throws: ``OperatorActionError`` `.invalid` for a bad name (``knowledgeDocumentName(_:)``) or a text that is
    ///   empty, only spaces, or not text (a NUL).
    @discardableResult
    public func saveKnowledgeDocument(tenantID: String, name rawName: String, content rawContent: String,
                                      logger: Logger? = nil) async throws -> (existed: Bool, changed: Bool) {
        let name = try Self.knowledgeDocumentName(rawName)
        let content = rawContent.replacingOccurrences(of: "\r\n", with: "\n")
        guard !content.unicodeScalars.allSatisfy(\.properties.isWhitespace) else { throw OperatorActionError(.invalid, "the document is empty") }
        guard !content.unicodeScalars.contains("\0") else { throw OperatorActionError(.invalid, "the document is not text") }
        let hash = KnowledgeIngest.contentHash(content)
        let (existed, changed) = try await database.transaction { sql in
            let documents = TenantRepository(sql)
            let existed = try await documents.knowledgeDocumentHash(tenantID: tenantID, name: name) != nil
            let changed = try await documents.upsertKnowledgeDocument(tenantID: tenantID, name: name, content: content, contentHash: hash, now: Date())
            return (existed, changed)
        }
        (logger ?? self.logger).info("knowledge document stored", metadata: ["tenant": "\(tenantID)", "document": "\(name)", "changed": "\(changed)"])
        return (existed, changed)
    }

    /// Removes a knowledge document.
    /// - Returns: whether there was one of that name.
    public func removeKnowledgeDocument(tenantID: String, name: String, logger: Logger? = nil) async throws -> Bool {
        let removed = try await database.transaction { sql in try await TenantRepository(sql).removeKnowledgeDocument(tenantID: tenantID, name: name) }
        if removed { (logger ?? self.logger).info("knowledge document removed", metadata: ["tenant": "\(tenantID)", "document": "\(name)"]) }
        return removed
    }
}
