import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaKnowledge
import SaudaStore

/// The whitelist and the knowledge base as the dashboard shows and changes them, for one tenant at a time.
extension OperatorConsole {
    /// The tenant's whitelist: numbers (digits) with their notes.
    public func whitelist(tenantID: String) async throws -> [(phone: String, note: String?)] {
        try await database.read { sql in try await TenantRepository(sql).whitelist(tenantID: tenantID) }
    }

    /// Adds a number to the tenant's whitelist.
    /// - Returns: the normalised number (digits).
    /// - Throws: ``APIError`` 400 for something that is not a phone number or a note over 200 characters.
    @discardableResult
    public func addToWhitelist(tenantID: String, phone raw: String, note rawNote: String?) async throws -> String {
        guard let phone = PhoneNumber.normalize(raw) else { throw APIError(.badRequest, "«\(raw)» is not a phone number") }
        let note = rawNote?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > 200 { throw APIError(.badRequest, "the note is longer than 200 characters") }
        try await database.transaction { sql in
            try await TenantRepository(sql).addToWhitelist(tenantID: tenantID, phoneNumber: phone, note: note?.isEmpty == true ? nil : note,
                                                           now: Date())
        }
        return phone
    }

    /// Removes a number from the tenant's whitelist.
    /// - Returns: whether it was on the list.
    public func removeFromWhitelist(tenantID: String, phone raw: String) async throws -> Bool {
        guard let phone = PhoneNumber.normalize(raw) else { return false }
        return try await database.transaction { sql in try await TenantRepository(sql).removeFromWhitelist(tenantID: tenantID, phoneNumber: phone) }
    }

    /// The tenant's knowledge documents: names, sizes in characters, hashes and update times.
    public func knowledgeDocuments(tenantID: String) async throws -> [(name: String, characters: Int, hash: String, updatedAt: Date)] {
        try await database.read { sql in try await TenantRepository(sql).knowledgeDocumentList(tenantID: tenantID) }
    }

    /// One knowledge document's text, `nil` when the tenant has none of that name.
    public func knowledgeDocument(tenantID: String, name: String) async throws -> String? {
        try await database.read { sql in try await TenantRepository(sql).knowledgeDocument(tenantID: tenantID, name: name) }
    }

    /// Adds a knowledge document or replaces the one of that name (the agent reads it within seconds).
    /// - Returns: whether the stored text changed.
    /// - Throws: ``APIError`` 400 for an empty name or text, or a name over 200 characters.
    @discardableResult
    public func saveKnowledgeDocument(tenantID: String, name rawName: String, content rawContent: String) async throws -> Bool {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        let content = rawContent.replacingOccurrences(of: "\r\n", with: "\n")
        guard !name.isEmpty, name.count <= 200 else { throw APIError(.badRequest, "a document needs a name of at most 200 characters") }
        guard !content.unicodeScalars.allSatisfy(\.properties.isWhitespace) else { throw APIError(.badRequest, "the document has no text") }
        guard !content.contains("\0") else { throw APIError(.badRequest, "the document is not text") }
        let hash = KnowledgeIngest.contentHash(content)
        let changed = try await database.transaction { sql in
            try await TenantRepository(sql).upsertKnowledgeDocument(tenantID: tenantID, name: name, content: content, contentHash: hash, now: Date())
        }
        if changed { logger.info("a knowledge document was saved from the console", metadata: ["tenant": "\(tenantID)", "document": "\(name)"]) }
        return changed
    }

    /// Removes a knowledge document.
    /// - Returns: whether there was one of that name.
    public func removeKnowledgeDocument(tenantID: String, name: String) async throws -> Bool {
        try await database.transaction { sql in try await TenantRepository(sql).removeKnowledgeDocument(tenantID: tenantID, name: name) }
    }
}
