import AsyncHTTPClient
import Foundation
import Logging
import SaudaCRM
import SaudaCRMAirtable
import SaudaCRMAmo
import SaudaCRMBitrix24
import SaudaCRMOneC
import SaudaCRMYclients
import SaudaCRMSync
import SaudaCore
import SaudaOutbound
import SaudaStore
import Synchronization

/// Makes each business's CRM adapter from its connection slot: the settings and mapping read, the credentials opened
/// from their seal, the address checked against the outbound policy, and the adapter throttled by the installation's
/// ``CRMRateLimiter``. An adapter is kept while its slot and credentials stay the same.
public final class CRMAdapters: CRMAdapterSource {
    private struct Cached {
        var stamp: String
        var binding: CRMBinding
    }

    let database: any Database
    let sealer: SecretSealer
    let addresses: ProviderAddressCheck
    let limiter: CRMRateLimiter
    let client: HTTPClient
    let logger: Logger
    private let cache = Mutex([String: Cached]())

    /// Creates the source.
    public init(database: any Database, sealer: SecretSealer, addresses: ProviderAddressCheck, limiter: CRMRateLimiter = CRMRateLimiter(),
                client: HTTPClient = .shared, logger: Logger) {
        self.database = database
        self.sealer = sealer
        self.addresses = addresses
        self.limiter = limiter
        self.client = client
        self.logger = logger
    }

    public func binding(tenantID: String) async throws(CRMError) -> CRMBinding? {
        let slot: (connection: CRMConnection, credentials: String?)?
        do {
            slot = try await database.read { [sealer] sql -> (CRMConnection, String?)? in
                guard let connection = try await CRMConnectionRepository(sql).find(tenantID: tenantID) else { return nil }
                let credentials = try await SecretRepository(sql).reveal(tenantID: tenantID, name: CRMConnection.credentialsSecretName, sealer: sealer)
                return (connection, credentials)
            }
        } catch {
            throw .retryable(reason: "the CRM connection could not be read: \(error)", outcomeUnknown: false)
        }
        guard let (connection, credentials) = slot, connection.state != .paused else { return nil }
        let stamp = "\(connection.type.rawValue)|\(connection.baseURL)|\(connection.fieldMapping)|\(connection.settings)|\(credentials ?? "")"
        if let cached = cache.withLock({ $0[tenantID] }), cached.stamp == stamp {
            var binding = cached.binding
            binding.state = connection.state
            return binding
        }
        guard let credentials else { throw .notConfigured(reason: "the CRM connection has no credentials (CRM_API_KEY)") }
        if let problem = await addresses.problem(baseURL: connection.baseURL) { throw .notConfigured(reason: problem) }
        let config = CRMConnectionConfig(tenantID: tenantID, baseURL: connection.baseURL, credentials: credentials,
                                         fieldMapping: Self.texts(connection.fieldMapping), settings: Self.texts(connection.settings))
        let adapter = try makeAdapter(connection.type, config: config)
        let binding = CRMBinding(type: connection.type,
                                 adapter: ThrottledCRMAdapter(adapter, account: tenantID, perSecond: CRMCallRate.perSecond(connection.type),
                                                              limiter: limiter),
                                 state: connection.state)
        cache.withLock { $0[tenantID] = Cached(stamp: stamp, binding: binding) }
        return binding
    }

    /// The adapter of one CRM; amoCRM seals the tokens its OAuth refresh renews back into the business's slot.
    func makeAdapter(_ type: CRMType, config: CRMConnectionConfig) throws(CRMError) -> any CRMAdapter {
        let logger = self.logger
        switch type {
        case .yclients:
            return try YclientsAdapter(config: config, client: client, logger: logger)
        case .bitrix24:
            return try Bitrix24Adapter(config: config, client: client, logger: logger)
        case .amocrm:
            return try AmoAdapter(config: config, client: client,
                                  store: SealedCRMCredentials(database: database, sealer: sealer, tenantID: config.tenantID), logger: logger)
        case .airtable:
            return try AirtableAdapter(config: config, client: client, logger: logger)
        case .onec:
            return try OneCAdapter(config: config, client: client, logger: logger)
        }
    }

    /// A JSON object's text values (numbers and flags as text); `[:]` for anything else.
    static func texts(_ json: String) -> [String: String] {
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(json.utf8)) else { return [:] }
        return object.compactMapValues(\.scalarText)
    }
}
