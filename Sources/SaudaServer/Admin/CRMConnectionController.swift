import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// `/api/v1/crm`: the caller's business's CRM connection slot, which the CRM sync and the agent's CRM tools use.
/// Anyone with a token sees it, with the credentials masked to a hint; only an admin changes it. The credentials are
/// write-only: sealed on the way in, never answered.
struct CRMConnectionController: Sendable {
    let database: any Database
    let secrets: SecretSealer

    /// What a PUT carries: the whole connection.
    struct Replacement: Decodable, Sendable {
        let type: String
        let baseURL: String
        let credentials: String
        let fieldMapping: [String: String]?
        let settings: [String: String]?
        let state: String?

        enum CodingKeys: String, CodingKey {
            case type, credentials, state, settings
            case baseURL = "base_url"
            case fieldMapping = "field_mapping"
        }
    }

    /// What a PATCH may carry; absent (or null) fields keep their stored value.
    struct Change: Decodable, Sendable {
        let baseURL: String?
        let credentials: String?
        let fieldMapping: [String: String]?
        let settings: [String: String]?
        let state: String?

        enum CodingKeys: String, CodingKey {
            case credentials, state, settings
            case baseURL = "base_url"
            case fieldMapping = "field_mapping"
        }
    }

    /// The connection as the API shows it.
    struct Shown: Encodable, Sendable {
        let type: String
        let baseURL: String
        let fieldMapping: JSONValue
        let settings: JSONValue
        let state: String
        let lastError: String?
        let credentials: Credentials?
        /// Where the CRM posts its events (a booking cancelled, a deal won); the path holds a secret.
        let webhookPath: String?
        let createdAt: Date
        let updatedAt: Date

        struct Credentials: Encodable, Sendable {
            let hint: String
            let updatedAt: Date
        }

        /// The setting names whose values are secrets (an outbound webhook's token): answered as `…` to all but admins.
        static let secretSettings = ["token", "secret", "password"]

        init(_ connection: CRMConnection, webhookPath: String?, forAdmin: Bool) {
            // The path holds the secret that lets a post change the business's records: an admin's to see.
            self.webhookPath = forAdmin ? webhookPath : nil
            type = connection.type.rawValue
            baseURL = connection.baseURL
            fieldMapping = (try? JSONValue.parse(connection.fieldMapping)) ?? .object([:])
            var settings = (try? JSONValue.parse(connection.settings))?.objectValue ?? [:]
            if !forAdmin {
                for name in settings.keys where Self.secretSettings.contains(where: { name.lowercased().contains($0) }) { settings[name] = "…" }
            }
            self.settings = .object(settings)
            state = connection.state.rawValue
            lastError = connection.lastError
            credentials = connection.credentials.map { Credentials(hint: $0.hint, updatedAt: $0.updatedAt) }
            createdAt = connection.createdAt
            updatedAt = connection.updatedAt
        }
    }

    struct Slot: Encodable, Sendable {
        let crm: Shown?
    }

    func addRoutes(to api: APIRoutes) {
        api.get("crm", summary: "The business's CRM connection (credentials masked)", role: .viewer, use: show)
        api.put("crm", summary: "Connect a CRM, replacing the connection", role: .admin, use: replace)
        api.patch("crm", summary: "Change the CRM connection", role: .admin, use: change)
        api.delete("crm", summary: "Remove the CRM connection and its credentials", role: .admin, use: remove)
    }

    @Sendable func show(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let connection = try await editor.find(tenantID: context.tenantID)
        let path = connection == nil ? nil : try await editor.webhookPath(tenantID: context.tenantID)
        let admin = context.caller.role >= .admin
        return try JSONResponse.admin(Slot(crm: connection.map { Shown($0, webhookPath: path, forAdmin: admin) }))
    }

    @Sendable func replace(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let body = try await JSONRequestBody.decode(Replacement.self, from: request, maxBytes: 65_536)
        let change = CRMConnectionEditor.Change(baseURL: body.baseURL, credentials: body.credentials, fieldMapping: body.fieldMapping ?? [:],
                                                settings: body.settings ?? [:], state: body.state)
        let saved = try await Self.answering { try await editor.replace(tenantID: context.tenantID, type: body.type, with: change) }
        log(saved, credentialsChanged: true, context: context)
        return try JSONResponse.admin(Shown(saved, webhookPath: try await editor.webhookPath(tenantID: context.tenantID), forAdmin: true))
    }

    @Sendable func change(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let body = try await JSONRequestBody.decode(Change.self, from: request, maxBytes: 65_536)
        let change = CRMConnectionEditor.Change(baseURL: body.baseURL, credentials: body.credentials, fieldMapping: body.fieldMapping,
                                                settings: body.settings, state: body.state)
        let saved = try await Self.answering { try await editor.change(tenantID: context.tenantID, change) }
        log(saved, credentialsChanged: body.credentials != nil, context: context)
        return try JSONResponse.admin(Shown(saved, webhookPath: try await editor.webhookPath(tenantID: context.tenantID), forAdmin: true))
    }

    @Sendable func remove(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        guard try await editor.remove(tenantID: context.tenantID) else { throw APIError(.notFound, "the business has no CRM connection") }
        return Response(status: .noContent)
    }

    private var editor: CRMConnectionEditor { CRMConnectionEditor(database: database, secrets: secrets) }

    private func log(_ saved: CRMConnection, credentialsChanged: Bool, context: AdminRequestContext) {
        var logger = context.logger
        logger[metadataKey: "token"] = "\(context.caller.name)"
        logger.info("CRM connection changed", metadata: ["crm": "\(saved.type.rawValue)", "credentials_changed": "\(credentialsChanged)"])
    }

    /// Runs an edit, answering its refusal as HTTP: a bad field is a 400 naming it.
    static func answering(_ edit: () async throws -> CRMConnection) async throws -> CRMConnection {
        do {
            return try await edit()
        } catch let refusal as CRMConnectionEditor.Refusal {
            switch refusal {
            case .invalid(let field, let reason): throw APIError(.badRequest, "field «\(field)» \(reason)")
            case .noConnection: throw APIError(.notFound, "the business has no CRM connection: PUT one first")
            case .credentialsNotStored(let reason): throw APIError(.conflict, "the credentials cannot be stored: \(reason)")
            }
        }
    }
}
