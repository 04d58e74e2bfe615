import Foundation
import Logging
import SaudaCore
import SaudaStore

/// Makes the installation's WhatsApp number of `WAPPI_*` a channel connection of the default business.
///
/// On start, when `WAPPI_*` is set and the default business has no Wappi connection yet, a connection named
/// «WhatsApp» is made from the environment's settings (``WappiConnectionSettings/init(_:)``) with its token and webhook
/// secret sealed, and it takes over the polling cursors of the number of old. From then on the row wins: a change of
/// `WAPPI_*` does not change it (it is edited as every connection is), and the old webhook address
/// `/webhooks/wappi/{tenant}/{secret}` keeps delivering for it.
public enum WappiConnectionSeed {
    /// The name of the connection made from `WAPPI_*`.
    public static let name = "WhatsApp"

    /// Makes the connection when it is due.
    /// - Returns: the connection made; `nil` when the business already has a Wappi connection (nothing is written).
    /// - Throws: a ``StoreError``, or a ``SecretError`` when the secrets cannot be sealed (no master key).
    @discardableResult
    public static func seed(_ environment: WhatsAppSettings, tenantID: String = Tenant.defaultID, database: any Database,
                            sealer: SecretSealer, now: Date = Date()) async throws -> ChannelConnection? {
        let settings = WappiConnectionSettings(environment)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(settings), as: UTF8.self)
        return try await database.transaction { sql -> ChannelConnection? in
            let connections = ChannelConnectionRepository(sql)
            guard try await !connections.list(tenantID: tenantID).contains(where: { $0.provider == .wappi }) else { return nil }
            let connection = ChannelConnection(id: ChannelConnection.newID(for: .wappi), tenantID: tenantID, provider: .wappi, name: name,
                                               publicID: ChannelConnection.newPublicID(), settings: json, createdAt: now, updatedAt: now)
            guard try await connections.add(connection) else { return nil }
            let secrets = SecretRepository(sql)
            _ = try await secrets.put(tenantID: tenantID, name: connection.secretName(WappiConnectionSettings.tokenSecret),
                                      value: environment.token, sealer: sealer, now: now)
            _ = try await secrets.put(tenantID: tenantID, name: connection.secretName(WappiConnectionSettings.webhookSecretName),
                                      value: environment.webhookSecret, sealer: sealer, now: now)
            try await ChannelCursorRepository(sql).copy(tenantID: tenantID, channel: .whatsapp, toConnection: connection.id, now: now)
            return connection
        }
    }
}
