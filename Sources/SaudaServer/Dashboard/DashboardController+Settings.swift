import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

extension DashboardController {
    /// The largest knowledge upload.
    static let maxUploadBytes = 4 << 20

    @Sendable func whitelist(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let numbers = try await console.whitelist(tenantID: context.tenantID)
        let flash: HTML = switch Self.query(request)["done"] {
        case "added": ConsoleLayout.flash(page.t(.flashAdded))
        case "removed": ConsoleLayout.flash(page.t(.flashRemoved))
        default: ""
        }
        return Self.page(WhitelistPage.render(numbers: numbers, flash: flash, context: page))
    }

    @Sendable func addToWhitelist(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let form = try await Self.form(request, limit: 4096)
        try await console.addToWhitelist(tenantID: context.tenantID, phone: form["phone"] ?? "", note: form["note"])
        return ConsoleSession.redirect(to: "/console/whitelist?done=added")
    }

    @Sendable func removeFromWhitelist(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let form = try await Self.form(request, limit: 4096)
        guard try await console.removeFromWhitelist(tenantID: context.tenantID, phone: form["phone"] ?? "") else {
            throw APIError(.notFound, "not on the whitelist")
        }
        return ConsoleSession.redirect(to: "/console/whitelist?done=removed")
    }

    @Sendable func knowledge(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let documents = try await console.knowledgeDocuments(tenantID: context.tenantID)
        let flash: HTML = switch Self.query(request)["done"] {
        case "saved": ConsoleLayout.flash(page.t(.flashSaved))
        case "unchanged": ConsoleLayout.flash(page.t(.flashUnchanged))
        case "removed": ConsoleLayout.flash(page.t(.flashRemoved))
        default: ""
        }
        return Self.page(KnowledgePage.render(documents: documents, flash: flash, context: page))
    }

    @Sendable func knowledgeDocument(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let name = Self.query(request)["name"] ?? ""
        guard let content = try await console.knowledgeDocument(tenantID: context.tenantID, name: name) else {
            throw APIError(.notFound, "no such document")
        }
        return Self.page(KnowledgePage.document(name: name, content: content, context: page))
    }

    @Sendable func saveKnowledgeDocument(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let buffer = try await Self.body(request, limit: Self.maxUploadBytes)
        let fields: [String: String]
        let file: MultipartForm.File?
        if let boundary = MultipartForm.boundary(contentType: request.headers[.contentType] ?? "") {
            let form: MultipartForm
            do { form = try MultipartForm(body: Data(buffer.readableBytesView), boundary: boundary) } catch {
                throw APIError(.badRequest, page.t(.badUpload))
            }
            fields = form.fields
            file = form.files["file"]
        } else {
            fields = FormFields(urlEncoded: String(buffer: buffer)).values
            file = nil
        }
        var name = fields["name"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var content = fields["content"] ?? ""
        if let file {
            let suffix = URL(fileURLWithPath: file.filename).pathExtension.lowercased()
            guard ["txt", "md", "markdown", "text"].contains(suffix) else { throw APIError(.badRequest, page.t(.badUpload)) }
            guard let text = Self.decodeText(file.data) else { throw APIError(.badRequest, page.t(.badUpload)) }
            content = text
            if name.isEmpty { name = URL(fileURLWithPath: file.filename).lastPathComponent }
        }
        let changed = try await console.saveKnowledgeDocument(tenantID: context.tenantID, name: name, content: content)
        return ConsoleSession.redirect(to: "/console/knowledge?done=" + (changed ? "saved" : "unchanged"))
    }

    @Sendable func removeKnowledgeDocument(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let form = try await Self.form(request, limit: 4096)
        guard try await console.removeKnowledgeDocument(tenantID: context.tenantID, name: form["name"] ?? "") else {
            throw APIError(.notFound, "no such document")
        }
        return ConsoleSession.redirect(to: "/console/knowledge?done=removed")
    }

    /// An uploaded text file: UTF-8 (with or without a byte-order mark), else Windows-1251.
    static func decodeText(_ data: Data) -> String? {
        guard !data.contains(0) else { return nil }
        let bytes = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data
        return (String(data: bytes, encoding: .utf8) ?? String(data: bytes, encoding: .windowsCP1251))?
            .replacingOccurrences(of: "\r\n", with: "\n")
    }
}
