import Foundation
import Hummingbird
import SaudaCore
import SaudaStore
import Synchronization

/// Who is calling the admin API: the tenant and role of the presented token.
public struct Principal: Sendable, Hashable {
    /// The tenant whose data the caller may see, and no other.
    public var tenantID: String
    /// What the caller may do.
    public var role: AccessRole
    /// The token's id.
    public var tokenID: Int64
    /// The token's name.
    public var name: String
    /// Whether the token is a console session of the installation's owner, who manages every business.
    public var isOwner: Bool = false
    /// The account of a console session; `nil` for an API token.
    public var accountID: Int64? = nil
}

/// Checks the tokens of admin requests (`Authorization: Bearer …`) and console sessions: unknown or revoked tokens
/// get 401, a token over its request rate 429 with `Retry-After`, a role below the endpoint's 403.
///
/// Looked-up tokens are remembered for a few seconds, so a revoked token stops working within that time.
public final class AdminAuthenticator: Sendable {
    let database: any Database
    let limiter: RateLimiter<Int64>
    let cacheLifetime: Duration
    private let cache = Mutex<[String: (holder: TokenHolder?, at: ContinuousClock.Instant)]>([:])

    /// A stored token with what decides its access beyond its role: whether its account owns the installation, and
    /// whether its business is suspended.
    private struct TokenHolder: Sendable {
        let token: ApiToken
        let isOwner: Bool
        let businessSuspended: Bool
    }

    /// Creates an authenticator.
    /// - Parameter limiter: each token's request rate (by default 600 a minute, 60 at once).
    public init(database: any Database, limiter: RateLimiter<Int64> = RateLimiter(perMinute: 600, burst: 60),
                cacheLifetime: Duration = .seconds(5)) {
        self.database = database
        self.limiter = limiter
        self.cacheLifetime = cacheLifetime
    }

    /// The caller presenting `presented` (from the header, or the dashboard's session cookie), if it allows `role`.
    /// - Throws: ``APIError`` 401, 403 or 429.
    public func authorize(token presented: String, needs role: AccessRole) async throws -> Principal {
        let caller = try await authenticate(token: presented)
        try Self.check(caller, allows: role)
        return caller
    }

    /// The caller of `request` by its `Authorization: Bearer …` header, whatever its role.
    /// - Throws: ``APIError`` 401, or 429 when the token is over its rate.
    public func authenticate(_ request: Request) async throws -> Principal {
        guard let header = request.headers[.authorization] else {
            throw Self.tokenMissing
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Self.unauthorized("the Authorization header must be «Bearer <token>»")
        }
        return try await authenticate(token: String(parts[1]).trimmingCharacters(in: .whitespaces))
    }

    /// The caller presenting `presented`, whatever its role; each call takes one request from the token's rate.
    /// - Throws: ``APIError`` 401, or 429 when the token is over its rate.
    public func authenticate(token presented: String) async throws -> Principal {
        guard presented.hasPrefix(AccessTokens.prefix), presented.count < 200, let holder = try await lookup(AccessTokens.hash(presented)),
              holder.token.isLive(at: Date()) else {
            throw Self.unauthorized("the token is unknown, revoked or expired")
        }
        let token = holder.token
        if holder.businessSuspended, !holder.isOwner {
            throw APIError(.forbidden, "the business «\(token.tenantID)» is suspended: its tokens and sessions work again once the installation's owner resumes it")
        }
        if case .refused(let wait) = limiter.take(token.id) {
            let seconds = wait.retryAfterSeconds
            throw APIError(.tooManyRequests, "too many requests with this token; retry in \(seconds) s", headers: [.retryAfter: "\(seconds)"])
        }
        return Principal(tenantID: token.tenantID, role: holder.isOwner ? .admin : token.role, tokenID: token.id, name: token.name,
                         isOwner: holder.isOwner, accountID: token.accountID)
    }

    /// Refuses `caller` when its role is below `role`.
    /// - Throws: ``APIError`` 403.
    public static func check(_ caller: Principal, allows role: AccessRole) throws {
        guard caller.role >= role else {
            throw APIError(.forbidden, "a token with the role «\(caller.role.rawValue)» may not do this; it needs «\(role.rawValue)»")
        }
    }

    /// Forgets remembered tokens (after one is revoked in this process).
    public func forget() {
        cache.withLock { $0.removeAll() }
    }

    private func lookup(_ hash: String) async throws -> TokenHolder? {
        let now = ContinuousClock.now
        if let hit = cache.withLock({ $0[hash] }), now - hit.at < cacheLifetime { return hit.holder }
        let holder = try await database.read { sql -> TokenHolder? in
            guard let token = try await ApiTokenRepository(sql).find(hash: hash) else { return nil }
            var isOwner = false
            if let accountID = token.accountID, let account = try await AccountRepository(sql).find(id: accountID) {
                isOwner = account.isOwner && account.suspendedAt == nil
            }
            let suspended = try await TenantRepository(sql).suspendedAt(id: token.tenantID) != nil
            return TokenHolder(token: token, isOwner: isOwner, businessSuspended: suspended)
        }
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[hash] = (holder, now)
        }
        return holder
    }

    /// The answer to an admin request without `Authorization`.
    static let tokenMissing = unauthorized("this endpoint needs a token: send «Authorization: Bearer <token>» (create one with «sauda token create»)")

    static func unauthorized(_ reason: String) -> APIError {
        APIError(.unauthorized, reason, headers: [.wwwAuthenticate: "Bearer realm=\"sauda\""])
    }
}
