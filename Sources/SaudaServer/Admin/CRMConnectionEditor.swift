import Foundation
import SaudaCore
import SaudaStore

/// Connects, changes and removes a business's CRM connection, as the admin API (`/api/v1/crm`) and the console's
/// business page do: every field checked by ``CRMConnectionRules``, the connection and its sealed credentials
/// (`crm.credentials`) written in one transaction.
public struct CRMConnectionEditor: Sendable {
    /// Why a change was refused.
    public enum Refusal: Error, Sendable, Equatable {
        /// A field breaks its rule; `reason` follows the field's name («must be one of …»).
        case invalid(field: String, reason: String)
        /// A change of a connection the business does not have.
        case noConnection
        /// The credentials cannot be sealed (no master key).
        case credentialsNotStored(String)
    }

    /// What a change may carry; `nil` fields keep their stored value.
    public struct Change: Sendable, Equatable {
        /// The CRM's address.
        public var baseURL: String?
        /// New credentials, sealed on the way in.
        public var credentials: String?
        /// Sauda's fields → the CRM's.
        public var fieldMapping: [String: String]?
        /// The CRM's own settings (`company_id`, `pipeline_id`, `base_id`…).
        public var settings: [String: String]?
        /// `active` or `paused`.
        public var state: String?

        /// Creates a change.
        public init(baseURL: String? = nil, credentials: String? = nil, fieldMapping: [String: String]? = nil,
                    settings: [String: String]? = nil, state: String? = nil) {
            self.baseURL = baseURL
            self.credentials = credentials
            self.fieldMapping = fieldMapping
            self.settings = settings
            self.state = state
        }
    }

    let database: any Database
    let secrets: SecretSealer?

    /// Creates an editor.
    /// - Parameter secrets: seals the credentials; `nil`: a change with credentials is refused.
    public init(database: any Database, secrets: SecretSealer?) {
        self.database = database
        self.secrets = secrets
    }

    /// The business's connection, `nil` when it has none.
    public func find(tenantID: String) async throws -> CRMConnection? {
        try await database.read { sql in try await CRMConnectionRepository(sql).find(tenantID: tenantID) }
    }

    /// The path the business's CRM posts its events to, `nil` when it has no webhook secret (no master key).
    public func webhookPath(tenantID: String) async throws -> String? {
        guard let secrets else { return nil }
        let secret = try await database.read { sql in try await CRMWebhookSecret.reveal(sql, tenantID: tenantID, sealer: secrets) }
        return secret.map { CRMWebhookSecret.path(tenantID: tenantID, secret: $0) }
    }

    /// Connects a CRM of `type`, replacing the business's connection (its creation time kept).
    /// - Throws: ``Refusal``, or what the database throws.
    public func replace(tenantID: String, type typeName: String, with change: Change) async throws -> CRMConnection {
        guard let type = CRMType(rawValue: typeName) else {
            throw Refusal.invalid(field: "type", reason: "must be one of \(CRMType.names) (DIKIDI has no public API)")
        }
        guard let baseURL = change.baseURL else { throw Refusal.invalid(field: "base_url", reason: "is required") }
        var whole = change
        whole.fieldMapping = change.fieldMapping ?? [:]
        whole.settings = change.settings ?? [:]
        let (state, mapping, settings) = try Self.validate(whole)
        let now = Date()
        let fresh = CRMConnection(tenantID: tenantID, type: type, baseURL: baseURL, fieldMapping: mapping ?? "{}", settings: settings ?? "{}",
                                  state: state ?? .active, createdAt: now, updatedAt: now)
        return try await store(tenantID: tenantID, credentials: change.credentials) { existing in
            var connection = fresh
            connection.createdAt = existing?.createdAt ?? now
            return connection
        }
    }

    /// Changes the fields `change` carries of the business's connection.
    /// - Throws: ``Refusal`` (``Refusal/noConnection`` without one), or what the database throws.
    public func change(tenantID: String, _ change: Change) async throws -> CRMConnection {
        let (state, mapping, settings) = try Self.validate(change)
        return try await store(tenantID: tenantID, credentials: change.credentials) { existing in
            guard var connection = existing else { throw Refusal.noConnection }
            let movesIt = (change.baseURL.map { $0 != connection.baseURL } ?? false) || change.credentials != nil
                || (settings.map { $0 != connection.settings } ?? false)
            if let baseURL = change.baseURL { connection.baseURL = baseURL }
            if let mapping { connection.fieldMapping = mapping }
            if let settings { connection.settings = settings }
            if let state { connection.state = state }
            // New credentials or a new address may mend what failed; the next call tells.
            if movesIt {
                connection.lastError = nil
                if connection.state == .failing { connection.state = .active }
            }
            connection.updatedAt = Date()
            return connection
        }
    }

    /// Removes the business's connection and its credentials.
    /// - Returns: whether there was one.
    public func remove(tenantID: String) async throws -> Bool {
        try await database.transaction { sql in try await CRMConnectionRepository(sql).remove(tenantID: tenantID) }
    }

    /// Stores what `make` makes of the stored connection, and seals `credentials` beside it, in one transaction.
    private func store(tenantID: String, credentials: String?,
                       make: @escaping @Sendable (CRMConnection?) throws -> CRMConnection) async throws -> CRMConnection {
        let secrets = self.secrets
        return try await database.transaction { sql -> CRMConnection in
            let repository = CRMConnectionRepository(sql)
            var connection = try make(try await repository.find(tenantID: tenantID))
            try await repository.save(connection)
            // The CRM's webhook address is made with the connection.
            if let secrets { _ = try await CRMWebhookSecret.ensure(sql, tenantID: tenantID, sealer: secrets, now: Date()) }
            // An active connection (new, resumed or mended) sends what waited for it now, not after its backoff.
            if connection.state == .active { try await CRMSyncRepository(sql).wake(tenantID: tenantID, now: Date()) }
            if let credentials {
                guard let secrets else { throw Refusal.credentialsNotStored("no master key to seal them with: set SAUDA_MASTER_KEY") }
                do {
                    connection.credentials = try await SecretRepository(sql).put(
                        tenantID: tenantID, name: CRMConnection.credentialsSecretName, value: credentials, sealer: secrets, now: Date())
                } catch let error as SecretError {
                    throw Refusal.credentialsNotStored(error.message)
                }
            }
            return connection
        }
    }

    /// Checks each field of a change that is there.
    /// - Returns: the state, and the mapping and the settings as compact JSON, when given.
    /// - Throws: ``Refusal/invalid(field:reason:)`` naming the field.
    public static func validate(_ change: Change) throws(Refusal) -> (ConnectionState?, String?, String?) {
        if let url = change.baseURL, let problem = CRMConnectionRules.baseURLProblem(url) {
            throw .invalid(field: "base_url", reason: problem)
        }
        if let credentials = change.credentials, let problem = CRMConnectionRules.credentialsProblem(credentials) {
            throw .invalid(field: "credentials", reason: problem)
        }
        var state: ConnectionState?
        if let name = change.state {
            guard let chosen = ConnectionState(rawValue: name), chosen != .failing else {
                throw .invalid(field: "state", reason: "must be active or paused")
            }
            state = chosen
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var mapping: String?
        if let fieldMapping = change.fieldMapping {
            if let problem = CRMConnectionRules.fieldMappingProblem(fieldMapping) { throw .invalid(field: "field_mapping", reason: problem) }
            mapping = (try? encoder.encode(fieldMapping)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
        var settings: String?
        if let values = change.settings {
            if let problem = CRMConnectionRules.settingsProblem(values) { throw .invalid(field: "settings", reason: problem) }
            settings = (try? encoder.encode(values)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
        return (state, mapping, settings)
    }
}
