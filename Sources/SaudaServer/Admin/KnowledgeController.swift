import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaKnowledge
import SaudaStore

/// `/api/v1/knowledge`: the documents the agent answers from (seed 004's knowledge base), per tenant. Anyone with a
/// token reads them; an admin adds, replaces and removes them. The agent sees a change with its next turn.
struct KnowledgeController: Sendable {
    let database: any Database

    struct DocumentSummary: Encodable {
        let name: String
        let characters: Int
        let hash: String
        let updatedAt: Date
    }

    struct Listing: Encodable {
        let documents: [DocumentSummary]
    }

    struct Document: Encodable {
        let name: String
        let content: String
        let characters: Int
    }

    struct Upload: Decodable {
        let content: String
    }

    struct Stored: Encodable {
        let name: String
        let characters: Int
        let changed: Bool
    }

    /// The largest document accepted, in bytes of its request body.
    static let maximumBytes = 2 << 20

    func addRoutes(to api: APIRoutes) {
        api.get("knowledge", summary: "Knowledge-base documents", role: .viewer, use: list)
        api.get("knowledge/:name", summary: "One knowledge-base document", role: .viewer, use: show)
        api.put("knowledge/:name", summary: "Add or replace a knowledge-base document", role: .admin, use: store)
        api.delete("knowledge/:name", summary: "Remove a knowledge-base document", role: .admin, use: remove)
    }

    @Sendable func list(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let tenant = context.tenantID
        let documents = try await database.read { sql in try await TenantRepository(sql).knowledgeDocumentList(tenantID: tenant) }
        return try JSONResponse.admin(Listing(documents: documents.map {
            DocumentSummary(name: $0.name, characters: $0.characters, hash: $0.hash, updatedAt: $0.updatedAt)
        }))
    }

    @Sendable func show(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let name = try Self.name(context)
        let tenant = context.tenantID
        let content = try await database.read { sql in
            try await TenantRepository(sql).knowledgeDocument(tenantID: tenant, name: name)
        }
        guard let content else { throw APIError(.notFound, "no knowledge document «\(name)»") }
        return try JSONResponse.admin(Document(name: name, content: content, characters: content.count))
    }

    /// Takes the text as JSON `{"content": "…"}`, or as the body itself with `Content-Type: text/plain` or `text/markdown`.
    @Sendable func store(request: Request, context: AdminRequestContext) async throws -> Response {
        let name = try Self.name(context)
        let type = request.headers[.contentType]?.lowercased() ?? ""
        let content: String
        if type.hasPrefix("text/plain") || type.hasPrefix("text/markdown") {
            let buffer: ByteBuffer
            do { buffer = try await request.body.collect(upTo: Self.maximumBytes) } catch {
                throw APIError(.contentTooLarge, "the document is larger than \(Self.maximumBytes) bytes")
            }
            guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
                throw APIError(.badRequest, "the document is not valid UTF-8")
            }
            content = text
        } else {
            content = try await JSONRequestBody.decode(Upload.self, from: request, maxBytes: Self.maximumBytes).content
        }
        guard !content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError(.badRequest, "the document is empty")
        }
        let tenant = context.tenantID
        let (existed, changed) = try await database.transaction { sql in
            let documents = TenantRepository(sql)
            let existed = try await documents.knowledgeDocumentHash(tenantID: tenant, name: name) != nil
            let changed = try await documents.upsertKnowledgeDocument(tenantID: tenant, name: name, content: content,
                                                                       contentHash: KnowledgeIngest.contentHash(content), now: Date())
            return (existed, changed)
        }
        context.logger.info("knowledge document stored", metadata: ["document": "\(name)", "changed": "\(changed)"])
        return try JSONResponse.admin(Stored(name: name, characters: content.count, changed: changed), status: existed ? .ok : .created)
    }

    @Sendable func remove(request: Request, context: AdminRequestContext) async throws -> Response {
        let name = try Self.name(context)
        let tenant = context.tenantID
        let removed = try await database.transaction { sql in try await TenantRepository(sql).removeKnowledgeDocument(tenantID: tenant, name: name) }
        guard removed else { throw APIError(.notFound, "no knowledge document «\(name)»") }
        return Response(status: .noContent)
    }

    /// A document name: 1–120 characters, no control characters, not starting with a dot.
    static func name(_ context: AdminRequestContext) throws -> String {
        let raw = try context.parameters.require("name")
        let name = (raw.removingPercentEncoding ?? raw).trimmingCharacters(in: .whitespaces)
        guard (1...120).contains(name.count), !name.hasPrefix("."), !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError(.badRequest, "a document name has 1 to 120 characters, no control characters, and does not start with a dot")
        }
        return name
    }
}
