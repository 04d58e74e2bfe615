/// The dispatcher's rule for sharing its work among businesses (tenants), so that one business's flood delays only
/// itself.
///
/// A tenant holds the messages the dispatcher claimed for it and has not finished, and the conversations they belong
/// to. A tenant that holds its share (half of the backlog, or half of the running slots, whichever it reaches first)
/// is left out of the next claims, so that at least the other half stays open to every other business: with two busy
/// businesses each gets half, and a business that starts writing while another floods is claimed at the next claim
/// instead of behind the whole flood. What no other business claims is not left idle: once a claim with the
/// exclusions comes back short (nobody else is waiting), the rest of the room goes to anybody, so a business alone
/// still uses the whole dispatcher.
struct TenantShares: Sendable, Equatable {
    /// The most messages a tenant may hold before it is left out (half of the backlog, at least one).
    let messages: Int
    /// The most conversations a tenant may hold before it is left out (half of the running slots, at least one).
    let conversations: Int

    /// The shares of a dispatcher with `concurrency` running slots and a backlog of `backlog` messages.
    init(concurrency: Int, backlog: Int) {
        messages = max(1, backlog / 2)
        conversations = max(1, concurrency / 2)
    }

    /// What one tenant holds.
    struct Held: Sendable, Equatable {
        /// Claimed messages not finished.
        var messages = 0
        /// Distinct conversations of those messages.
        var conversations = 0
    }

    /// Tenants that hold their share and are left out of the next claim.
    func excluded(_ held: [String: Held]) -> Set<String> {
        Set(held.filter { $0.value.messages >= messages || $0.value.conversations >= conversations }.keys)
    }

    /// The most the next claim may take: `room`, but no more than a tenant that is not left out may still take before
    /// it reaches its share of messages (a tenant not in `held` holds nothing). At least one when `room` is.
    func limit(room: Int, held: [String: Held]) -> Int {
        let left = excluded(held)
        let most = held.filter { !left.contains($0.key) }.map(\.value.messages).max() ?? 0
        return max(0, min(room, messages - most))
    }
}
