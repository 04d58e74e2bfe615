import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// `/api/v1/whitelist`: the numbers of the caller's tenant that the bot never answers (seed 004).
/// Anyone with a token reads it; only an admin changes it.
struct WhitelistController: Sendable {
    let database: any Database

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
        let caller = context.caller
        let body = try await JSONRequestBody.decode(Entry.self, from: request, maxBytes: 4096)
        let phone = try Self.normalized(body.phoneNumber)
        let note = body.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > 200 { throw APIError(.badRequest, "field «note» is longer than 200 characters") }
        try await database.transaction { sql in
            try await TenantRepository(sql).addToWhitelist(tenantID: caller.tenantID, phoneNumber: phone, note: note, now: Date())
        }
        context.logger.info("whitelist number added", metadata: ["tenant": "\(caller.tenantID)", "token": "\(caller.name)"])
        return try JSONResponse.make(Entry(phoneNumber: "+" + phone, note: note), status: .created)
    }

    @Sendable func remove(request: Request, context: AdminRequestContext) async throws -> Response {
        let caller = context.caller
        let raw = try context.parameters.require("phone").removingPercentEncoding ?? ""
        let phone = try Self.normalized(raw)
        let removed = try await database.transaction { sql in
            try await TenantRepository(sql).removeFromWhitelist(tenantID: caller.tenantID, phoneNumber: phone)
        }
        guard removed else { throw APIError(.notFound, "+\(phone) is not on the whitelist") }
        context.logger.info("whitelist number removed", metadata: ["tenant": "\(caller.tenantID)", "token": "\(caller.name)"])
        return Response(status: .noContent)
    }

    static func normalized(_ raw: String) throws -> String {
        guard let phone = PhoneNumber.normalize(raw) else {
            throw APIError(.badRequest, "«\(raw)» is not a phone number: write it as +7 701 234 56 78, 87012345678 or 77012345678")
        }
        return phone
    }
}
