import AsyncHTTPClient
import Foundation
import Logging
import SaudaChannelWappi
import SaudaCore
import SaudaStore

/// Calls Wappi for one WhatsApp connection of a business with its sealed token, for its people: asks the profile's
/// status (`get/status`) and points the profile's webhook at Sauda (`webhook/url/set`, `webhook/types/set`). What Wappi
/// answers is recorded on the row (``ChannelConnectionRepository/report(tenantID:id:error:now:)``): a refused token,
/// an unpaid or unknown profile or a logged-out number make it failing, a good answer mends it.
public struct WappiConnectionCalls: Sendable {
    /// What the profile's status call found.
    public struct Check: Sendable, Hashable {
        /// The connection checked.
        public var connectionID: String
        /// Wappi's status, when it answered.
        public var status: WappiClient.Status?
        /// Wappi's refusal or the network's failure, when it did not.
        public var error: WappiError?

        /// Whether the number is ready: Wappi answered and the profile is logged in to WhatsApp.
        public var ready: Bool { status?.authorized == true }
    }

    /// Where a webhook registration pointed the profile.
    public struct Registration: Sendable, Hashable {
        /// The webhook address with its secret shown as `…`.
        public var maskedURL: String
        /// The event types chosen.
        public var types: [String]
    }

    let database: any Database
    let secrets: SecretSealer
    let http: HTTPClient
    let timeout: Duration
    let logger: Logger

    /// Creates the calls.
    /// - Parameter timeout: how long one call to Wappi may take, name resolution and connecting included (one attempt:
    ///   a person waits for it, and Wappi answers within a second when it is reachable at all).
    public init(database: any Database, secrets: SecretSealer, http: HTTPClient = .shared, timeout: Duration = .seconds(6), logger: Logger) {
        self.database = database
        self.secrets = secrets
        self.http = http
        self.timeout = timeout
        self.logger = logger
    }

    /// Asks Wappi for the status of the connection `id`'s profile and records the answer on the row.
    /// - Throws: ``ChannelConnectionEditor/Refusal`` (unknown connection, not WhatsApp, no token or a token that does
    ///   not open), or what the database throws. Wappi's refusal is not thrown: it is the check's answer.
    public func check(id: String, tenantID: String) async throws -> Check {
        let (connection, client) = try await self.client(id: id, tenantID: tenantID)
        do {
            let status = try await client.status()
            let problem = status.authorized ? nil
                : "the number is not logged in to WhatsApp (app_status \(status.appStatus ?? "unknown")): scan the QR code in the Wappi cabinet"
            try await record(connection, problem)
            return Check(connectionID: id, status: status, error: nil)
        } catch let error as WappiError {
            // A network failure or a busy Wappi says nothing of the connection itself.
            if !error.retryable { try await record(connection, error.description) }
            return Check(connectionID: id, status: nil, error: error)
        }
    }

    /// Points the connection `id`'s Wappi profile at `baseURL` + `/webhooks/wappi/<public id>/<secret>` and chooses
    /// the event types Sauda handles.
    /// - Parameter baseURL: the server's public address (`https://sauda.example.kz`).
    /// - Throws: ``ChannelConnectionEditor/Refusal`` (a `base_url` that is no http(s) address among them),
    ///   ``WappiError`` when Wappi refuses.
    public func registerWebhook(id: String, tenantID: String, baseURL: String) async throws -> Registration {
        guard let base = Self.publicBase(baseURL) else {
            throw ChannelConnectionEditor.Refusal.invalid(InvalidConnection([ConnectionProblem(
                field: "base_url", reason: "must be the server's public http(s) address, such as https://sauda.example.kz (no query or fragment)")]))
        }
        let (connection, client) = try await self.client(id: id, tenantID: tenantID)
        let sealer = secrets
        let secret = try await database.read { sql -> String? in
            try await SecretRepository(sql).reveal(tenantID: tenantID, name: connection.secretName(WappiConnectionSettings.webhookSecretName),
                                                   sealer: sealer)
        }
        guard let secret else {
            throw ChannelConnectionEditor.Refusal.invalid(InvalidConnection([ConnectionProblem(
                field: "rotate_webhook_secret", reason: "is needed first: the connection has no webhook secret")]))
        }
        do {
            try await client.setWebhook(url: "\(base)/webhooks/wappi/\(connection.publicID)/\(secret)")
            try await client.setWebhookTypes(WappiClient.webhookTypes)
            try await record(connection, nil)
        } catch let error as WappiError {
            if !error.retryable { try await record(connection, error.description) }
            throw error
        }
        var log = logger
        log[metadataKey: "tenant"] = "\(tenantID)"
        log.info("wappi webhook registered", metadata: ["connection": "\(id)", "base_url": "\(base)"])
        return Registration(maskedURL: "\(base)/webhooks/wappi/\(connection.publicID)/…", types: WappiClient.webhookTypes)
    }

    /// `text` without a trailing slash when it is an http(s) address with a host and no query or fragment; else `nil`.
    static func publicBase(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil, url.user == nil, url.password == nil else { return nil }
        return trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
    }

    private func client(id: String, tenantID: String) async throws -> (ChannelConnection, WappiClient) {
        let sealer = secrets
        let found = try await database.read { sql -> (ChannelConnection, String?)? in
            guard let connection = try await ChannelConnectionRepository(sql).find(tenantID: tenantID, id: id) else { return nil }
            do {
                let token = try await SecretRepository(sql).reveal(tenantID: tenantID, name: connection.secretName(WappiConnectionSettings.tokenSecret),
                                                                   sealer: sealer)
                return (connection, token)
            } catch let error as SecretError {
                throw ChannelConnectionEditor.Refusal.secretsUnavailable(error.message)
            }
        }
        guard let found else { throw ChannelConnectionEditor.Refusal.notFound(id) }
        let (connection, token) = found
        guard connection.provider == .wappi else { throw ChannelConnectionEditor.Refusal.notWhatsApp(connection.provider) }
        guard let settings = try? JSONDecoder().decode(WappiConnectionSettings.self, from: Data(connection.settings.utf8)) else {
            throw ChannelConnectionEditor.Refusal.invalid(InvalidConnection([ConnectionProblem(field: "settings", reason: "do not read: set profile_id again")]))
        }
        guard let token else {
            throw ChannelConnectionEditor.Refusal.invalid(InvalidConnection([ConnectionProblem(field: "token", reason: "is not set: set the API token first")]))
        }
        var log = logger
        log[metadataKey: "tenant"] = "\(tenantID)"
        log[metadataKey: "connection"] = "\(id)"
        let client = WappiClient(profile: WappiProfile(baseURL: settings.baseURL, token: token, profileID: settings.profileID), http: http,
                                 timeout: timeout, maxAttempts: 1, logger: log)
        return (connection, client)
    }

    private func record(_ connection: ChannelConnection, _ problem: String?) async throws {
        try await database.transaction { sql in
            try await ChannelConnectionRepository(sql).report(tenantID: connection.tenantID, id: connection.id, error: problem, now: Date())
        }
    }
}
