import Foundation
import SaudaCore

/// A one-time invitation to a business with a role, sent to an email as a link (`/console/invite/{token}`).
/// Only the SHA-256 of its token is stored.
public struct Invite: Sendable, Hashable {
    /// Row id.
    public var id: Int64
    /// The business the invitee joins.
    public var tenantID: String
    /// The invitee's email, lowercased.
    public var email: String
    /// The role the invitee gets there.
    public var role: AccessRole
    /// When it was made.
    public var createdAt: Date
    /// When the link stops working.
    public var expiresAt: Date
    /// When it was used, if it was: a link works once.
    public var usedAt: Date?

    /// How long a link works: seven days.
    public static let lifetime: TimeInterval = 7 * 24 * 3600

    /// Creates an invitation value.
    public init(id: Int64, tenantID: String, email: String, role: AccessRole, createdAt: Date, expiresAt: Date, usedAt: Date? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.email = email
        self.role = role
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}
