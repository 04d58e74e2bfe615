import Hummingbird
import SaudaCore
import Synchronization

/// Who may post to the web chat, and open its live streams, right now: the rate of each client address, each
/// session and each business, and the number of streams open per session and per business.
///
/// A refusal is an ``APIError`` 429 with `Retry-After` and a reason naming the limit, so that a well-behaved
/// widget waits and a flood of one client or one business slows only itself.
final class WebChatAdmission: Sendable {
    let addresses: RateLimiter<String>
    let sessions: RateLimiter<String>
    let tenants: RateLimiter<String>
    let streamsPerSession: Int
    let streamsPerTenant: Int
    private let openStreams = Mutex<(sessions: [String: Int], tenants: [String: Int])>(([:], [:]))

    /// Creates the admission from the edge settings; the buckets refill on `clock`.
    init(settings: EdgeSettings, clock: some Clock<Duration> = ContinuousClock()) {
        addresses = RateLimiter(perMinute: Double(settings.addressRate.perMinute), burst: settings.addressRate.burst, clock: clock)
        sessions = RateLimiter(perMinute: Double(settings.sessionRate.perMinute), burst: settings.sessionRate.burst, clock: clock)
        tenants = RateLimiter(perMinute: Double(settings.tenantRate.perMinute), burst: settings.tenantRate.burst, clock: clock)
        streamsPerSession = settings.streamsPerSession
        streamsPerTenant = settings.streamsPerTenant
    }

    /// Counts a request of a client address (a post, or a new session).
    func admit(address: String) throws(APIError) {
        try Self.check(addresses.take(address), "too many requests from your address")
    }

    /// Counts a post to a session of an existing business.
    func admit(tenantID: String, session: String) throws(APIError) {
        try Self.check(sessions.take("\(tenantID)/\(session)"), "too many messages in this chat session")
        try Self.check(tenants.take(tenantID), "this business's chat is receiving too many messages")
    }

    /// Opens a live stream of a session if neither the session nor its business has all the streams it may.
    /// - Returns: what closes it again (call it once, when the stream ends).
    func openStream(tenantID: String, session: String) throws(APIError) -> @Sendable () -> Void {
        let key = "\(tenantID)/\(session)"
        let opened = openStreams.withLock { open -> Bool in
            guard open.sessions[key, default: 0] < streamsPerSession, open.tenants[tenantID, default: 0] < streamsPerTenant else { return false }
            open.sessions[key, default: 0] += 1
            open.tenants[tenantID, default: 0] += 1
            return true
        }
        guard opened else {
            throw APIError(.tooManyRequests, "too many live streams are open for this chat", headers: [.retryAfter: "10"])
        }
        let closed = Atomic<Bool>(false)
        return { [weak self] in
            guard !closed.exchange(true, ordering: .relaxed) else { return }
            self?.openStreams.withLock { open in
                open.sessions[key, default: 1] -= 1
                if open.sessions[key] == 0 { open.sessions[key] = nil }
                open.tenants[tenantID, default: 1] -= 1
                if open.tenants[tenantID] == 0 { open.tenants[tenantID] = nil }
            }
        }
    }

    /// Live streams open now.
    var openStreamCount: Int { openStreams.withLock { $0.tenants.values.reduce(0, +) } }

    private static func check(_ decision: RateLimiter<String>.Decision, _ reason: String) throws(APIError) {
        guard case .refused(let wait) = decision else { return }
        let seconds = wait.retryAfterSeconds
        throw APIError(.tooManyRequests, "\(reason); try again in \(seconds) s", headers: [.retryAfter: "\(seconds)"])
    }
}
