import Foundation
import Logging
import SaudaCore
import SaudaStore
import Synchronization

/// The owners' accounts connected to the businesses' bots through Telegram Business, as `channel_business_accounts`
/// keeps them, remembered in memory: the inbound side asks whether Sauda may answer in a connected chat, the sender
/// whether it may reply there. A connection not known yet (its `business_connection` update went to another process,
/// or came before Sauda ran) is read from the database, else asked of Telegram (`getBusinessConnection`) and stored.
public final class TelegramBusinessAccounts: Sendable {
    let database: any Database
    let logger: Logger
    private let known = Mutex<[Key: BusinessAccount]>([:])

    struct Key: Hashable {
        var connectionID: String
        var accountID: String
    }

    /// Creates the registry.
    public init(database: any Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Stores what a `business_connection` update says.
    public func save(_ connection: TelegramBusinessConnection, connectionID: String, tenantID: String, now: Date) async throws {
        let account = BusinessAccount(connectionID: connectionID, tenantID: tenantID, accountID: connection.id, ownerID: String(connection.user.id),
                                      ownerName: connection.user.displayName, canReply: connection.canReply, enabled: connection.isEnabled,
                                      updatedAt: now)
        try await database.transaction { sql in try await BusinessAccountRepository(sql).save(account) }
        known.withLock { $0[Key(connectionID: connectionID, accountID: connection.id)] = account }
        logger.info("telegram business connection", metadata: [
            "connection": "\(connectionID)", "business_connection": "\(connection.id)", "enabled": "\(connection.isEnabled)",
            "can_reply": "\(connection.canReply)"])
    }

    /// The account linked by `accountID` to the connection: remembered, stored, or asked of Telegram through `client`.
    /// - Returns: `nil` when Telegram knows no such connection (or there is no client to ask).
    /// - Throws: when it could not be read now (the database, or Telegram unreachable): the caller tries again later
    ///   rather than treating the chat as not answered.
    public func account(connectionID: String, tenantID: String, accountID: String, client: TelegramClient?, now: Date) async throws -> BusinessAccount? {
        let key = Key(connectionID: connectionID, accountID: accountID)
        if let account = known.withLock({ $0[key] }) { return account }
        if let stored = try await database.read({ sql in try await BusinessAccountRepository(sql).find(connectionID: connectionID, accountID: accountID) }) {
            known.withLock { $0[key] = stored }
            return stored
        }
        guard let client else { return nil }
        do {
            let connection = try await client.businessConnection(id: accountID)
            try await save(connection, connectionID: connectionID, tenantID: tenantID, now: now)
            return known.withLock { $0[key] }
        } catch let error as TelegramError where error.kind == .rejected {
            logger.warning("Telegram knows no such business connection", metadata: ["connection": "\(connectionID)", "error": "\(error)"])
            return nil
        }
    }

    /// Forgets what is remembered of a connection's accounts (it was changed or removed).
    public func forget(connectionID: String) {
        known.withLock { known in known = known.filter { $0.key.connectionID != connectionID } }
    }
}
