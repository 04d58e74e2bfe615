import Foundation
import SaudaCRM
import SaudaCore

/// How an adapter signs in to an amoCRM account: a private integration's long-lived token, or an OAuth pair that is
/// refreshed (and sealed back) when amoCRM stops taking the access token.
public enum AmoCredentials: Sendable, Hashable {
    /// A long-lived token (1 day to 5 years): no refresh; a 401 needs a person to make a new one.
    case longLived(token: String)
    /// An OAuth 2.0 integration's tokens.
    case oauth(AmoOAuthTokens)

    /// Reads `CRM_API_KEY`: a JSON object with `access_token`, `refresh_token`, `client_id`, `client_secret`,
    /// `redirect_uri` and `expires_at` (Unix seconds, optional) for OAuth, or else the long-lived token as plain text.
    /// - Throws: ``CRMError/notConfigured(reason:)`` naming what is missing (never the secrets themselves).
    public init(parsing text: String) throws(CRMError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw .notConfigured(reason: "CRM_API_KEY is empty: it holds amoCRM's long-lived token or the OAuth JSON")
        }
        guard trimmed.hasPrefix("{") else {
            guard !trimmed.contains(where: \.isWhitespace) else {
                throw .notConfigured(reason: "CRM_API_KEY is not a long-lived token (it has spaces) nor an OAuth JSON object")
            }
            self = .longLived(token: trimmed)
            return
        }
        guard let object = (try? JSONValue.parse(trimmed))?.objectValue else {
            throw .notConfigured(reason: "CRM_API_KEY starts with { but is not a JSON object")
        }
        func field(_ name: String) throws(CRMError) -> String {
            guard let value = object[name]?.stringValue, !value.isEmpty else {
                throw .notConfigured(reason: "CRM_API_KEY's OAuth JSON has no \(name)")
            }
            return value
        }
        let expiresAt = object["expires_at"]?.numberValue ?? object["expires_at"]?.stringValue.flatMap(Double.init)
        self = .oauth(AmoOAuthTokens(accessToken: try field("access_token"), refreshToken: try field("refresh_token"),
                                     clientID: try field("client_id"), clientSecret: try field("client_secret"),
                                     redirectURI: object["redirect_uri"]?.stringValue ?? "",
                                     expiresAt: expiresAt.map { Date(timeIntervalSince1970: $0) }))
    }

    /// The token a call carries now.
    var accessToken: String {
        switch self {
        case .longLived(let token): token
        case .oauth(let tokens): tokens.accessToken
        }
    }
}

/// An OAuth 2.0 integration's tokens for one account. The refresh token is single-use: after a refresh only the new
/// pair works, so the pair is sealed back (``CRMCredentialsStore``) before the new access token is used.
public struct AmoOAuthTokens: Sendable, Hashable {
    /// The bearer token (24 hours).
    public var accessToken: String
    /// The token that buys the next pair (3 months, once).
    public var refreshToken: String
    /// The integration's id.
    public var clientID: String
    /// The integration's secret.
    public var clientSecret: String
    /// The integration's redirect address, sent with a refresh as amoCRM asks.
    public var redirectURI: String
    /// When the access token expires, when known.
    public var expiresAt: Date?

    /// Creates tokens.
    public init(accessToken: String, refreshToken: String, clientID: String, clientSecret: String, redirectURI: String = "",
                expiresAt: Date? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
        self.expiresAt = expiresAt
    }

    /// The tokens as `CRM_API_KEY` holds them: the same JSON object the connection was configured with.
    public var jsonText: String {
        var object: [String: JSONValue] = [
            "access_token": .string(accessToken), "refresh_token": .string(refreshToken), "client_id": .string(clientID),
            "client_secret": .string(clientSecret), "redirect_uri": .string(redirectURI),
        ]
        if let expiresAt { object["expires_at"] = .number(expiresAt.timeIntervalSince1970.rounded(.down)) }
        return JSONValue.object(object).jsonText
    }
}
