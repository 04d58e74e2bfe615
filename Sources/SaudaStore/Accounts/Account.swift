import Foundation
import SaudaCore

/// A person who signs in to the console with an email and a password.
public struct Account: Sendable, Hashable {
    /// Row id.
    public var id: Int64
    /// The email, lowercased: the sign-in name.
    public var email: String
    /// The person's name, as the console and the logs show who did what.
    public var name: String
    /// When it was made.
    public var createdAt: Date
    /// When it was suspended, if it is: a suspended account cannot sign in, and its sessions end.
    public var suspendedAt: Date?
    /// Whether the account owns the installation: it manages every business (creates, suspends, deletes them and
    /// invites their first admins), whether or not it is a member of any.
    public var isOwner: Bool

    /// Creates an account value.
    public init(id: Int64, email: String, name: String, createdAt: Date, suspendedAt: Date? = nil, isOwner: Bool = false) {
        self.id = id
        self.email = email
        self.name = name
        self.createdAt = createdAt
        self.suspendedAt = suspendedAt
        self.isOwner = isOwner
    }

    /// `email` as accounts are looked up: trimmed and lowercased.
    public static func normalized(email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// Why `email` is no sign-in email, or `nil`: one `@` with something on both sides and a dot in the domain, at most
    /// 254 characters, no spaces or control characters.
    public static func emailProblem(_ email: String) -> String? {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.unicodeScalars.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) else {
            return "«\(email)» is not an email address"
        }
        return nil
    }
}

/// An account's place in a business.
public struct Membership: Sendable, Hashable {
    /// The business.
    public var tenantID: String
    /// What the account may do there.
    public var role: AccessRole

    /// Creates a membership value.
    public init(tenantID: String, role: AccessRole) {
        self.tenantID = tenantID
        self.role = role
    }
}
