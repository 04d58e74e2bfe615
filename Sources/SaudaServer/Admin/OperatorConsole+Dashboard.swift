import Foundation
import Hummingbird
import Logging
import SaudaAgent
import SaudaCore
import SaudaStore

/// The whitelist and the knowledge base as the dashboard shows and changes them, for one tenant at a time.
extension OperatorConsole {
    /// The tenant's whitelist: numbers (digits) with their notes.
    public func whitelist(tenantID: String) async throws -> [(phone: String, note: String?)] {
        try await database.read { sql in try await TenantRepository(sql).whitelist(tenantID: tenantID) }
    }

    /// Adds a number to the tenant's whitelist (``OperatorActions/addToWhitelist(tenantID:phone:note:)``).
    /// - Returns: the normalised number (digits).
    /// - Throws: ``APIError`` 400 for something that is not a phone number or a note over 200 characters.
    @discardableResult
    public func addToWhitelist(tenantID: String, phone raw: String, note rawNote: String?) async throws -> String {
        try await APIError.answering { try await actions.addToWhitelist(tenantID: tenantID, phone: raw, note: rawNote).phone }
    }

    /// Removes a number from the tenant's whitelist.
    /// - Returns: whether it was on the list.
    /// - Throws: ``APIError`` 400 for something that is not a phone number.
    public func removeFromWhitelist(tenantID: String, phone raw: String) async throws -> Bool {
        try await APIError.answering { try await actions.removeFromWhitelist(tenantID: tenantID, phone: raw).removed }
    }

    /// The tenant's knowledge documents: names, sizes in characters, hashes and update times.
    public func knowledgeDocuments(tenantID: String) async throws -> [(name: String, characters: Int, hash: String, updatedAt: Date)] {
        try await database.read { sql in try await TenantRepository(sql).knowledgeDocumentList(tenantID: tenantID) }
    }

    /// One knowledge document's text, `nil` when the tenant has none of that name.
    public func knowledgeDocument(tenantID: String, name: String) async throws -> String? {
        try await database.read { sql in try await TenantRepository(sql).knowledgeDocument(tenantID: tenantID, name: name) }
    }

    /// Adds a knowledge document or replaces the one of that name (``OperatorActions/saveKnowledgeDocument(tenantID:name:content:)``).
    /// - Returns: whether the stored text changed.
    /// - Throws: ``APIError`` 400 for a bad name or a text that is empty or not text.
    @discardableResult
    public func saveKnowledgeDocument(tenantID: String, name: String, content: String) async throws -> Bool {
        try await APIError.answering { try await actions.saveKnowledgeDocument(tenantID: tenantID, name: name, content: content).changed }
    }

    /// Removes a knowledge document.
    /// - Returns: whether there was one of that name.
    public func removeKnowledgeDocument(tenantID: String, name: String) async throws -> Bool {
        try await actions.removeKnowledgeDocument(tenantID: tenantID, name: name)
    }
}
