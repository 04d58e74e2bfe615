import Foundation
import SaudaCRM

/// Keeps an account's credentials and renews OAuth tokens once at a time: however many calls find the access token
/// refused (or expired) together, one refresh is made, its new pair is sealed back through the
/// ``CRMCredentialsStore`` before any call uses it, and every waiting call then carries the new token.
///
/// A pair that was refreshed but could not be sealed is kept here and sealed again before the next call: amoCRM's
/// refresh token is single-use, so the old one is already dead and the new pair must not be lost.
actor AmoTokenKeeper {
    /// What a renewal ended with.
    enum Outcome: Sendable {
        /// Refreshed (or taken from memory) and sealed: ready to use.
        case sealed(AmoOAuthTokens)
        /// Refreshed, but the store refused it: kept to be sealed again.
        case unsealed(AmoOAuthTokens, CRMError)
        /// Not refreshed.
        case failed(CRMError)
    }

    /// Asks the account for a new pair with the given tokens' refresh token.
    typealias Exchange = @Sendable (AmoOAuthTokens) async throws(CRMError) -> AmoOAuthTokens

    private var credentials: AmoCredentials
    private var unsealed: AmoOAuthTokens?
    private var renewing: Task<Outcome, Never>?
    private let store: (any CRMCredentialsStore)?
    private let exchange: Exchange
    private let now: @Sendable () -> Date
    /// How long before its stated expiry an access token is renewed.
    private let margin: TimeInterval = 60

    init(credentials: AmoCredentials, store: (any CRMCredentialsStore)?, exchange: @escaping Exchange, now: @escaping @Sendable () -> Date) {
        self.credentials = credentials
        self.store = store
        self.exchange = exchange
        self.now = now
    }

    /// Whether a refused token can be renewed (OAuth), or needs a person (a long-lived token).
    var canRefresh: Bool {
        if case .oauth = credentials { return true }
        return false
    }

    /// The credentials as they are now (for tests and the console's check).
    var current: AmoCredentials { credentials }

    /// The token to send now: a pair waiting to be sealed is sealed first, and an OAuth token past its stated expiry is
    /// refreshed first.
    func token() async throws(CRMError) -> String {
        if let renewing { return try await finish(renewing) }
        if let pending = unsealed { return try await finish(start(sealing: pending)) }
        if case .oauth(let tokens) = credentials, let expiresAt = tokens.expiresAt, now() >= expiresAt.addingTimeInterval(-margin) {
            return try await finish(start(refreshing: tokens))
        }
        return credentials.accessToken
    }

    /// The token to retry with after amoCRM refused `rejected` (401): a renewal already made or under way is shared,
    /// otherwise one is made.
    /// - Throws: ``CRMError/notConfigured(reason:)`` for a long-lived token or a refresh amoCRM refused.
    func refresh(rejected: String) async throws(CRMError) -> String {
        guard case .oauth(let tokens) = credentials else {
            throw .notConfigured(reason: "amoCRM refused the long-lived token (401): make a new one in the integration's settings")
        }
        if let renewing { return try await finish(renewing) }
        if tokens.accessToken != rejected { return try await token() }
        return try await finish(start(refreshing: tokens))
    }

    private func start(refreshing tokens: AmoOAuthTokens) -> Task<Outcome, Never> {
        let exchange = exchange
        let store = store
        let task = Task<Outcome, Never> {
            let renewed: AmoOAuthTokens
            do throws(CRMError) {
                renewed = try await exchange(tokens)
            } catch {
                return .failed(error)
            }
            return await Self.seal(renewed, in: store)
        }
        renewing = task
        return task
    }

    private func start(sealing tokens: AmoOAuthTokens) -> Task<Outcome, Never> {
        let store = store
        let task = Task<Outcome, Never> { await Self.seal(tokens, in: store) }
        renewing = task
        return task
    }

    private static func seal(_ tokens: AmoOAuthTokens, in store: (any CRMCredentialsStore)?) async -> Outcome {
        guard let store else {
            return .unsealed(tokens, .notConfigured(reason: "amoCRM renewed the OAuth tokens but there is no credentials store to seal them in"))
        }
        do throws(CRMError) {
            try await store.storeRenewedCredentials(tokens.jsonText)
            return .sealed(tokens)
        } catch {
            return .unsealed(tokens, error)
        }
    }

    /// Waits for a renewal; the first caller back applies its outcome.
    private func finish(_ task: Task<Outcome, Never>) async throws(CRMError) -> String {
        let outcome = await task.value
        if renewing == task {
            renewing = nil
            switch outcome {
            case .sealed(let tokens):
                credentials = .oauth(tokens)
                unsealed = nil
            case .unsealed(let tokens, _):
                credentials = .oauth(tokens)
                unsealed = tokens
            case .failed:
                break
            }
        }
        switch outcome {
        case .sealed(let tokens): return tokens.accessToken
        case .unsealed(_, let error), .failed(let error): throw error
        }
    }
}
