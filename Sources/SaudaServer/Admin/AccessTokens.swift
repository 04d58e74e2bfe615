import Crypto
import Foundation
import SaudaCore
import SaudaStore

/// Makes API tokens and finds the stored record of a presented one.
///
/// A token is `sda_` followed by 43 characters: 32 random bytes in base64url. It is shown once, when it is
/// made; the database keeps its SHA-256 (32 random bytes need no slow hash to resist guessing).
public enum AccessTokens {
    /// The text every token starts with.
    public static let prefix = "sda_"

    /// The SHA-256 of a token, hex.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A new random token starting with `prefix`.
    static func generate(prefix: String = prefix) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + base64
    }

    /// Makes a token for a tenant and stores its hash.
    /// - Returns: the token, to be shown once, and its stored record.
    /// - Parameters:
    ///   - expiresAt: when a console session ends by itself (`nil`: an API token, until revoked).
    ///   - accountID: the account of a console session.
    public static func issue(tenantID: String, name: String, role: AccessRole, in sql: any SQLConnection,
                             now: Date = Date(), expiresAt: Date? = nil, accountID: Int64? = nil) async throws -> (token: String, record: ApiToken) {
        guard try await TenantRepository(sql).find(id: tenantID) != nil else {
            throw AccessTokenError.unknownTenant(tenantID)
        }
        let token = generate()
        let record = try await ApiTokenRepository(sql).create(tenantID: tenantID, name: name, role: role, tokenHash: hash(token),
                                                              prefix: String(token.prefix(prefix.count + 6)), now: now,
                                                              expiresAt: expiresAt, accountID: accountID)
        return (token, record)
    }
}

/// A token could not be made.
public enum AccessTokenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No tenant has this id.
    case unknownTenant(String)

    public var description: String {
        switch self {
        case .unknownTenant(let id): "unknown tenant «\(id)»"
        }
    }
}
