import Foundation
import SaudaCore

/// A connection as the outside reaches it by its public id, with what its page must know of its business.
public struct PublishedConnection: Sendable, Hashable {
    /// The connection.
    public var connection: ChannelConnection
    /// The business's name (`tenants.name`).
    public var businessName: String
    /// Whether the business is suspended (`tenants.suspended_at` set): none of its connections serve customers.
    public var businessSuspended: Bool

    /// Creates the description.
    public init(connection: ChannelConnection, businessName: String, businessSuspended: Bool) {
        self.connection = connection
        self.businessName = businessName
        self.businessSuspended = businessSuspended
    }
}

extension ChannelConnectionRepository {
    /// The connection a public id names with its business's name and suspension, in one read; `nil` for an unknown id.
    public func published(publicID: String) async throws(StoreError) -> PublishedConnection? {
        guard let row = try await sql.query("""
            SELECT c.id, c.tenant_id, c.provider, c.name, c.public_id, c.settings, c.state, c.last_error, c.version, c.created_at,
                   c.updated_at, t.name AS business_name, t.suspended_at
            FROM channel_connections c JOIN tenants t ON t.id = c.tenant_id WHERE c.public_id = ?
            """, [.text(publicID)]).first else { return nil }
        return PublishedConnection(connection: try Self.decode(row), businessName: try row.string("business_name"),
                                   businessSuspended: row.optionalDate("suspended_at") != nil)
    }
}
