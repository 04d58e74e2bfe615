import SaudaCore

/// The bookkeeping of a ``ProviderBudget``: the calls sent in the last window, the calls running, the calls waiting
/// (per business, oldest first), and what the provider's 429s taught.
///
/// A plain value with no lock and no clock of its own: the budget calls it under its lock with the clock's time,
/// and tests call it with instants of their own.
struct BudgetLedger {
    /// A call waiting for the budget.
    struct Waiter: Sendable, Equatable {
        /// The call's number.
        let id: UInt64
        /// The business it is for.
        let tenant: String
        /// Its estimated input tokens.
        let tokens: Int
        /// When the call first asked; a call sent back by a 429 keeps it, and its place at the head of its business's line.
        let arrived: AnyClock.Instant
    }

    private struct Sent {
        let id: UInt64
        let at: AnyClock.Instant
        var tokens: Int
        /// The provider answered it with a 429 (it still counts: providers count refused calls too).
        var refused = false
    }

    /// What a 429 does to the rates: brings them down to what the provider let through (not below `smallestScale`);
    /// they grow back by `recoveryPerWindow` of the configured rates each window after the pause (from half to whole in
    /// ten minutes), which probes gently whether the provider allows more again.
    static let smallestScale = 0.05
    static let recoveryPerWindow = 0.05
    /// The pause after a 429 that names no wait, and the longest pause one may ask for.
    static let defaultPause = Duration.seconds(1)
    static let longestPause = Duration.seconds(60)

    let limits: ProviderLimits
    /// The share of ``ProviderLimits`` the provider is taken to allow now.
    private(set) var scale = 1.0
    private var scaleUpdated: AnyClock.Instant?
    /// The last time a 429 halved the rates; 429s of calls sent before it answer the same overshoot and halve nothing more.
    private var lastCut: AnyClock.Instant?
    /// No call goes out before this instant (the wait a 429 asked for).
    private(set) var pausedUntil: AnyClock.Instant?
    /// Calls sent within the window, oldest first (kept only when a rate is limited).
    private var sent: [Sent] = []
    private var sentTokens = 0
    /// Calls running now.
    private(set) var inFlight = 0
    private var running: [String: Int] = [:]
    private var lines: [String: [Waiter]] = [:]
    /// Businesses with waiting calls, in the order they are served: after a business is served it goes to the end.
    private var turn: [String] = []

    init(limits: ProviderLimits) {
        self.limits = limits
    }

    /// Calls waiting now.
    var waiting: Int { lines.values.reduce(0) { $0 + $1.count } }

    /// Calls waiting now, per business.
    var waitingByTenant: [String: Int] { lines.mapValues(\.count) }

    /// When the longest-waiting call first asked.
    var oldestArrival: AnyClock.Instant? { lines.values.compactMap { $0.first?.arrived }.min() }

    /// Calls a minute allowed now (`nil`: no limit).
    var requestsPerMinuteNow: Int? { limits.requestsPerMinute.map { Self.scaled($0, by: scale) } }

    /// Input tokens a minute allowed now (`nil`: no limit).
    var tokensPerMinuteNow: Int? { limits.tokensPerMinute.map { Self.scaled($0, by: scale) } }

    /// `limit` times `scale`, rounded down (a scale learnt as 5/60 of 60 is 5, not 4.999…), at least one.
    private static func scaled(_ limit: Int, by scale: Double) -> Int { max(1, Int(Double(limit) * scale + 1e-9)) }

    /// Puts a call in its business's line: at the end, or at the head when a 429 sent it back.
    mutating func enqueue(_ waiter: Waiter, atHead: Bool = false) {
        if atHead { lines[waiter.tenant, default: []].insert(waiter, at: 0) } else { lines[waiter.tenant, default: []].append(waiter) }
        if !turn.contains(waiter.tenant) { turn.append(waiter.tenant) }
    }

    /// Takes a waiting call out of its line (its turn ended); `false` when it is not waiting.
    mutating func withdraw(id: UInt64, tenant: String) -> Bool {
        guard let index = lines[tenant]?.firstIndex(where: { $0.id == id }) else { return false }
        lines[tenant]?.remove(at: index)
        if lines[tenant]?.isEmpty == true { dropLine(tenant) }
        return true
    }

    /// Admits every call the budget allows at `now`: businesses in turn, the oldest call of each first.
    /// - Returns: the calls admitted, and when to look again if calls still wait on the rates (`nil`: when a call ends).
    mutating func admit(now: AnyClock.Instant) -> (admitted: [Waiter], lookAgainAt: AnyClock.Instant?) {
        recover(now)
        expire(now)
        guard !turn.isEmpty else { return ([], nil) }
        if let pausedUntil, now < pausedUntil { return ([], pausedUntil) }
        pausedUntil = nil
        var admitted: [Waiter] = []
        while inFlight < limits.maxInFlight,
              let index = turn.firstIndex(where: { running[$0, default: 0] < limits.tenantInFlight }),
              let waiter = lines[turn[index]]?.first {
            if let wait = rateWait(tokens: waiter.tokens, now: now) { return (admitted, now + wait) }
            lines[waiter.tenant]?.removeFirst()
            turn.remove(at: index)
            if lines[waiter.tenant]?.isEmpty == true { lines[waiter.tenant] = nil } else { turn.append(waiter.tenant) }
            record(waiter, now: now)
            admitted.append(waiter)
        }
        return (admitted, nil)
    }

    /// A call ended: its slot is free, and its estimate is replaced by the tokens the provider counted.
    mutating func finish(_ waiter: Waiter, usedTokens: Int?) {
        release(waiter.tenant)
        guard let usedTokens, let index = sent.lastIndex(where: { $0.id == waiter.id }) else { return }
        sentTokens += usedTokens - sent[index].tokens
        sent[index].tokens = usedTokens
    }

    /// The provider refused a call with a 429: its slot is free, and nothing goes out until the wait it asked for
    /// has passed. The rates come down to what the provider let through: the calls of the window it has not refused
    /// (those still running included, so the figure falls as their 429s come back). When it refused every one (another
    /// program shares the key), they are halved, once per overshoot: not again for calls sent before the last halving.
    /// The caller puts the call back at the head of its line.
    mutating func rateLimited(_ waiter: Waiter, sentAt: AnyClock.Instant, retryAfter: Duration?, now: AnyClock.Instant) {
        release(waiter.tenant)
        recover(now)
        if let index = sent.lastIndex(where: { $0.id == waiter.id }) { sent[index].refused = true }
        let through = sent.filter { !$0.refused }
        var learned: Double?
        if let requests = limits.requestsPerMinute {
            learned = Double(through.count) / Double(requests)
        } else if let tokens = limits.tokensPerMinute {
            learned = Double(through.reduce(0) { $0 + $1.tokens }) / Double(tokens)
        }
        if let learned, learned > 0 {
            scale = max(Self.smallestScale, min(scale, learned))
            scaleUpdated = now
        } else if lastCut.map({ sentAt >= $0 }) ?? true {
            scale = max(Self.smallestScale, scale / 2)
            lastCut = now
            scaleUpdated = now
        }
        let pause = min(max(retryAfter ?? Self.defaultPause, .milliseconds(10)), Self.longestPause)
        pausedUntil = max(pausedUntil ?? now, now + pause)
    }

    private mutating func release(_ tenant: String) {
        inFlight -= 1
        running[tenant, default: 1] -= 1
        if running[tenant] == 0 { running[tenant] = nil }
    }

    private mutating func dropLine(_ tenant: String) {
        lines[tenant] = nil
        turn.removeAll { $0 == tenant }
    }

    private mutating func record(_ waiter: Waiter, now: AnyClock.Instant) {
        inFlight += 1
        running[waiter.tenant, default: 0] += 1
        guard limits.requestsPerMinute != nil || limits.tokensPerMinute != nil else { return }
        sent.append(Sent(id: waiter.id, at: now, tokens: waiter.tokens))
        sentTokens += waiter.tokens
    }

    /// How long until a call of `tokens` fits the rates, or `nil` when it fits now.
    private func rateWait(tokens: Int, now: AnyClock.Instant) -> Duration? {
        var until: AnyClock.Instant?
        if let allowed = requestsPerMinuteNow, sent.count >= allowed {
            until = sent[sent.count - allowed].at + limits.window
        }
        if let allowed = tokensPerMinuteNow, sentTokens + tokens > allowed, !sent.isEmpty {
            // The oldest sends must leave the window until the call fits; a call larger than the whole budget
            // goes alone, once the window is empty.
            var left = sentTokens
            var index = 0
            while index < sent.count - 1, left + tokens > allowed {
                left -= sent[index].tokens
                index += 1
            }
            let fits = sent[left + tokens > allowed ? sent.count - 1 : index - 1].at + limits.window
            until = max(until ?? fits, fits)
        }
        guard let until, now < until else { return nil }
        return now.duration(to: until)
    }

    private mutating func expire(_ now: AnyClock.Instant) {
        let gone = sent.prefix { $0.at + limits.window <= now }
        guard !gone.isEmpty else { return }
        sentTokens -= gone.reduce(0) { $0 + $1.tokens }
        sent.removeFirst(gone.count)
    }

    private mutating func recover(_ now: AnyClock.Instant) {
        guard scale < 1, let updated = scaleUpdated else { return }
        // No growing back while the provider's pause lasts.
        let from = max(updated, pausedUntil ?? updated)
        guard from < now else {
            // Growing back starts when the pause ends, not before (the pause may be cleared before the next look).
            scaleUpdated = from
            return
        }
        scale = min(1, scale + from.duration(to: now) / limits.window * Self.recoveryPerWindow)
        scaleUpdated = now
    }
}
