import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// `/api/v1/crm`: the caller's business's CRM connection slot (issue 21; the adapters that use it come later).
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
        let state: String?

        enum CodingKeys: String, CodingKey {
            case type, credentials, state
            case baseURL = "base_url"
            case fieldMapping = "field_mapping"
        }
    }

    /// What a PATCH may carry; absent (or null) fields keep their stored value.
    struct Change: Decodable, Sendable {
        let baseURL: String?
        let credentials: String?
        let fieldMapping: [String: String]?
        let state: String?

        enum CodingKeys: String, CodingKey {
            case credentials, state
            case baseURL = "base_url"
            case fieldMapping = "field_mapping"
        }
    }

    /// The connection as the API shows it.
    struct Shown: Encodable, Sendable {
        let type: String
        let baseURL: String
        let fieldMapping: JSONValue
        let state: String
        let lastError: String?
        let credentials: Credentials?
        let createdAt: Date
        let updatedAt: Date

        struct Credentials: Encodable, Sendable {
            let hint: String
            let updatedAt: Date
        }

        init(_ connection: CRMConnection) {
            type = connection.type.rawValue
            baseURL = connection.baseURL
            fieldMapping = (try? JSONValue.parse(connection.fieldMapping)) ?? .object([:])
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
        let tenantID = context.tenantID
        let connection = try await database.read { sql in try await CRMConnectionRepository(sql).find(tenantID: tenantID) }
        return try JSONResponse.admin(Slot(crm: connection.map(Shown.init)))
    }

    @Sendable func replace(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let body = try await JSONRequestBody.decode(Replacement.self, from: request, maxBytes: 65_536)
        guard let type = CRMType(rawValue: body.type) else {
            throw APIError(.badRequest, "field «type» must be one of \(CRMType.names) (DIKIDI has no public API)")
        }
        let change = Change(baseURL: body.baseURL, credentials: body.credentials, fieldMapping: body.fieldMapping ?? [:], state: body.state)
        let (state, mapping) = try Self.validate(change)
        let tenantID = context.tenantID
        let now = Date()
        let fresh = CRMConnection(tenantID: tenantID, type: type, baseURL: body.baseURL, fieldMapping: mapping ?? "{}",
                                  state: state ?? .active, createdAt: now, updatedAt: now)
        let saved = try await store(credentials: body.credentials, context: context) { existing in
            var connection = fresh
            connection.createdAt = existing?.createdAt ?? now
            return connection
        }
        return try JSONResponse.admin(Shown(saved))
    }

    @Sendable func change(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let body = try await JSONRequestBody.decode(Change.self, from: request, maxBytes: 65_536)
        let (state, mapping) = try Self.validate(body)
        let saved = try await store(credentials: body.credentials, context: context) { existing in
            guard var connection = existing else { throw APIError(.notFound, "the business has no CRM connection: PUT one first") }
            let movesIt = (body.baseURL.map { $0 != connection.baseURL } ?? false) || body.credentials != nil
            if let baseURL = body.baseURL { connection.baseURL = baseURL }
            if let mapping { connection.fieldMapping = mapping }
            if let state { connection.state = state }
            // New credentials or a new address may mend what failed; the next call tells.
            if movesIt {
                connection.lastError = nil
                if connection.state == .failing { connection.state = .active }
            }
            connection.updatedAt = Date()
            return connection
        }
        return try JSONResponse.admin(Shown(saved))
    }

    /// Stores what `make` makes of the stored connection, and seals `credentials` beside it, in one transaction.
    private func store(credentials: String?, context: AdminRequestContext,
                       make: @escaping @Sendable (CRMConnection?) throws -> CRMConnection) async throws -> CRMConnection {
        let tenantID = context.tenantID
        let secrets = self.secrets
        let saved = try await database.transaction { sql -> CRMConnection in
            let repository = CRMConnectionRepository(sql)
            var connection = try make(try await repository.find(tenantID: tenantID))
            try await repository.save(connection)
            if let credentials {
                do {
                    connection.credentials = try await SecretRepository(sql).put(
                        tenantID: tenantID, name: CRMConnection.credentialsSecretName, value: credentials, sealer: secrets, now: Date())
                } catch let error as SecretError {
                    throw APIError(.conflict, "the credentials cannot be stored: \(error.message)")
                }
            }
            return connection
        }
        var logger = context.logger
        logger[metadataKey: "token"] = "\(context.caller.name)"
        logger.info("CRM connection changed", metadata: ["crm": "\(saved.type.rawValue)", "credentials_changed": "\(credentials != nil)"])
        return saved
    }

    @Sendable func remove(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let tenantID = context.tenantID
        let removed = try await database.transaction { sql in try await CRMConnectionRepository(sql).remove(tenantID: tenantID) }
        guard removed else { throw APIError(.notFound, "the business has no CRM connection") }
        return Response(status: .noContent)
    }

    /// Checks each field of a change that is there.
    /// - Returns: the state and the mapping as compact JSON, when given.
    /// - Throws: ``APIError`` 400 naming the field.
    static func validate(_ body: Change) throws(APIError) -> (ConnectionState?, String?) {
        if let url = body.baseURL, let problem = CRMConnectionRules.baseURLProblem(url) {
            throw APIError(.badRequest, "field «base_url» \(problem)")
        }
        if let credentials = body.credentials, let problem = CRMConnectionRules.credentialsProblem(credentials) {
            throw APIError(.badRequest, "field «credentials» \(problem)")
        }
        var state: ConnectionState?
        if let name = body.state {
            guard let chosen = ConnectionState(rawValue: name), chosen != .failing else {
                throw APIError(.badRequest, "field «state» must be active or paused")
            }
            state = chosen
        }
        var mapping: String?
        if let fieldMapping = body.fieldMapping {
            if let problem = CRMConnectionRules.fieldMappingProblem(fieldMapping) { throw APIError(.badRequest, "field «field_mapping» \(problem)") }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            mapping = (try? encoder.encode(fieldMapping)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
        return (state, mapping)
    }
}
