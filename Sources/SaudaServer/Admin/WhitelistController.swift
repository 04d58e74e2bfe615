import Foundation
import Hummingbird
import Logging
import SaudaAgent
import SaudaCore
import SaudaStore

/// `/api/v1/whitelist`: the numbers of the caller's tenant that the bot never answers (the business's own phones).
/// Anyone with a token reads it; only an admin changes it.
struct WhitelistController: Sendable {
    let database: any Database
    let actions: OperatorActions

    struct Entry: Codable, Sendable {
        let phoneNumber: String
        let note: String?

        enum CodingKeys: String, CodingKey {
            case phoneNumber = "phone_number", note
        }
    }

    struct Listing: Encodable {
        let numbers: [Entry]
    }

    func addRoutes(to api: APIRoutes) {
        api.get("whitelist", summary: "Numbers the bot never answers", role: .viewer, use: list)
        api.post("whitelist", summary: "Add a number to the whitelist", role: .admin, use: add)
        api.delete("whitelist/:phone", summary: "Remove a number from the whitelist", role: .admin, use: remove)
    }

    @Sendable func list(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let caller = context.caller
        let numbers = try await database.read { sql in try await TenantRepository(sql).whitelist(tenantID: caller.tenantID) }
        return try JSONResponse.make(Listing(numbers: numbers.map { Entry(phoneNumber: "+" + $0.phone, note: $0.note) }))
    }

    @Sendable func add(request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await JSONRequestBody.decode(Entry.self, from: request, maxBytes: 4096)
        _ = try APIInput.phone(body.phoneNumber, field: "phone_number")
        if let note = body.note { try APIInput.length(note, field: "note", maximum: 200) }
        let logger = Self.logger(context)
        let added = try await APIError.answering {
            try await actions.addToWhitelist(tenantID: context.tenantID, phone: body.phoneNumber, note: body.note, logger: logger)
        }
        return try JSONResponse.make(Entry(phoneNumber: "+" + added.phone, note: added.note), status: .created)
    }

    @Sendable func remove(request: Request, context: AdminRequestContext) async throws -> Response {
        let raw = try APIInput.phone(try context.parameters.require("phone").removingPercentEncoding ?? "", field: "phone")
        let logger = Self.logger(context)
        let result = try await APIError.answering { try await actions.removeFromWhitelist(tenantID: context.tenantID, phone: raw, logger: logger) }
        guard result.removed else { throw APIError(.notFound, "+\(result.phone) is not on the whitelist") }
        return Response(status: .noContent)
    }

    /// The request's logger, naming the token that changed the whitelist.
    static func logger(_ context: AdminRequestContext) -> Logger {
        var logger = context.logger
        logger[metadataKey: "token"] = "\(context.caller.name)"
        return logger
    }

}
