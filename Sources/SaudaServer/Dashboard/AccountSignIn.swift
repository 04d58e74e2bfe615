import Foundation
import SaudaCore
import SaudaStore

/// Signs a person in to the console with an email and a password: the password is checked against its scrypt hash,
/// attempts are limited per email and per client address, and a good sign-in makes a console session (an API token
/// that expires, bound to the account) for the account's business.
struct AccountSignIn: Sendable {
    /// Why a sign-in was refused.
    enum Refusal: Error, Sendable, Equatable {
        /// Unknown email, wrong password or suspended account: one answer for all, so as to tell nobody which.
        case badCredentials
        /// The account belongs to no business.
        case noBusiness
        /// Every business of the account is suspended.
        case businessSuspended
        /// Too many attempts for this email or from this address.
        case tooManyAttempts(retryAfter: Duration)
    }

    let database: any Database
    /// Attempts a minute per email and per client address (5 at once, 10 a minute).
    let attempts: RateLimiter<String>
    /// How long a session lasts.
    let sessionLifetime: TimeInterval
    /// A stored hash of nothing, checked when the email is unknown, so an unknown email takes as long as a known one
    /// (made at the first such attempt: a hash costs a tenth of a second).
    private static let decoy = try? PasswordHash(hashing: UUID.random().uuidString)

    init(database: any Database, attempts: RateLimiter<String> = RateLimiter(perMinute: 10, burst: 5),
         sessionLifetime: TimeInterval = TimeInterval(ConsoleSession.lifetimeSeconds)) {
        self.database = database
        self.attempts = attempts
        self.sessionLifetime = sessionLifetime
    }

    /// Checks `email` and `password` and makes a session.
    /// - Returns: the session token (for the cookie) and the business and role it opens.
    /// - Throws: ``Refusal``, or what the database throws.
    func signIn(email: String, password: String, address: String, now: Date = Date()) async throws -> (token: String, membership: Membership, account: Account) {
        let normalized = Account.normalized(email: email)
        for key in ["email:" + normalized, "address:" + address] {
            if case .refused(let wait) = attempts.take(key) { throw Refusal.tooManyAttempts(retryAfter: wait) }
        }
        let found = try await database.read { sql in try await AccountRepository(sql).find(email: normalized) }
        guard let found else {
            _ = Self.decoy?.matches(password)
            throw Refusal.badCredentials
        }
        guard found.password.matches(password), found.account.suspendedAt == nil else { throw Refusal.badCredentials }
        let account = found.account
        let lifetime = sessionLifetime
        return try await database.transaction { sql in
            // The first business that is not suspended; the installation's owner is an admin wherever they go, and
            // opens the default business when they belong to none.
            var usable: Membership?
            var suspended = false
            for membership in try await AccountRepository(sql).memberships(accountID: account.id) {
                if try await TenantRepository(sql).suspendedAt(id: membership.tenantID) == nil {
                    usable = membership
                    break
                }
                suspended = true
            }
            if account.isOwner { usable = Membership(tenantID: usable?.tenantID ?? Tenant.defaultID, role: .admin) }
            guard let membership = usable else { throw suspended ? Refusal.businessSuspended : Refusal.noBusiness }
            let token = try await Self.openSession(account: account, membership: membership, lifetime: lifetime, now: now, in: sql)
            return (token, membership, account)
        }
    }

    /// Makes a console session of `account` in `membership`'s business (after a sign-in, an accepted invitation, a
    /// sign-up, or the owner opening another business).
    /// - Returns: the session's token, for the cookie.
    static func openSession(account: Account, membership: Membership, lifetime: TimeInterval = TimeInterval(ConsoleSession.lifetimeSeconds),
                            now: Date = Date(), in sql: any SQLConnection) async throws -> String {
        try await AccessTokens.issue(tenantID: membership.tenantID, name: account.name, role: membership.role, in: sql, now: now,
                                     expiresAt: now.addingTimeInterval(lifetime), accountID: account.id).token
    }
}
