import Foundation
import Hummingbird
import Logging
import SaudaAgent
import SaudaCore
import SaudaKnowledge
import SaudaStore

/// `/api/v1/knowledge`: the documents the agent answers from (the knowledge base), per tenant. Anyone with a
/// token reads them; an admin adds, replaces and removes them. The agent sees a change with its next turn.
struct KnowledgeController: Sendable {
    let database: any Database
    let actions: OperatorActions

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
        let (existed, changed) = try await APIError.answering {
            try await actions.saveKnowledgeDocument(tenantID: context.tenantID, name: name, content: content, logger: context.logger)
        }
        return try JSONResponse.admin(Stored(name: name, characters: content.count, changed: changed), status: existed ? .ok : .created)
    }

    @Sendable func remove(request: Request, context: AdminRequestContext) async throws -> Response {
        let name = try Self.name(context)
        let removed = try await actions.removeKnowledgeDocument(tenantID: context.tenantID, name: name, logger: context.logger)
        guard removed else { throw APIError(.notFound, "no knowledge document «\(name)»") }
        return Response(status: .noContent)
    }

    /// The document name of the path, as the API takes it (``APIInput/isDocumentName(_:)``, which is stricter than
    /// ``OperatorActions/knowledgeDocumentName(_:)``: spaces around the name are refused, not trimmed).
    static func name(_ context: AdminRequestContext) throws -> String {
        let raw = try context.parameters.require("name")
        let name = raw.removingPercentEncoding ?? raw
        guard APIInput.isDocumentName(name) else {
            throw APIError(.badRequest, "a document name has 1 to 120 characters, no control characters, does not start with a dot "
                           + "and does not start or end with a space")
        }
        do { return try OperatorActions.knowledgeDocumentName(name) } catch { throw APIError(error) }
    }
}
