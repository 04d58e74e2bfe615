import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// `/api/v1/export` and `DELETE /api/v1/contacts/{contact}`: an admin downloads everything of the caller's business as
/// one JSON document, or deletes one contact's data on a personal-data request (``BusinessData``). A contact of
/// another business is "not found".
struct BusinessDataController: Sendable {
    let console: OperatorConsole
    let data: BusinessData

    struct Removed: Encodable {
        let contactId: Int64
        /// Rows removed per table.
        let removed: [String: Int]
    }

    func addRoutes(to api: APIRoutes) {
        api.get("export", summary: "Export everything of the caller's business as JSON", role: .admin, use: export)
        api.delete("contacts/:contact", summary: "Delete a contact and all its data (a personal-data request)", role: .admin, use: deleteContact)
    }

    @Sendable func export(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let now = Date()
        let document = try await data.export(tenantID: context.tenantID, now: now)
        let day = now.formatted(Date.ISO8601FormatStyle().year().month().day())
        Self.logger(context).notice("business exported", metadata: ["bytes": "\(document.count)"])
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"sauda-\(context.tenantID)-\(day).json\""],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: document)))
    }

    @Sendable func deleteContact(request: Request, context: AdminRequestContext) async throws -> Response {
        let reference = try ContactReference.parse(try context.parameters.require("contact"))
        let contact = try await console.contact(tenantID: context.tenantID, reference)
        let removed: [String: Int]
        do {
            removed = try await data.deleteContact(tenantID: context.tenantID, contactID: contact.id)
        } catch BusinessDataError.unknownContact {
            throw APIError(.notFound, "no contact \(reference) in this tenant")
        }
        Self.logger(context).notice("contact deleted on request", metadata: [
            "contact": "\(contact.id)", "rows": "\(removed.values.reduce(0, +))"])
        return try JSONResponse.admin(Removed(contactId: contact.id, removed: removed))
    }

    /// The request's logger, naming the token that acted.
    static func logger(_ context: AdminRequestContext) -> Logger {
        var logger = context.logger
        logger[metadataKey: "token"] = "\(context.caller.name)"
        return logger
    }
}
