import Foundation
import Logging
import SaudaBus
import SaudaCore
import SaudaStore
import ServiceLifecycle
import Synchronization

/// Consumes `incoming_messages` and runs turns: one worker per conversation at a time, in arrival order.
/// Messages that arrive while a conversation's turn runs wait and are folded into its next turn.
///
/// Businesses share it fairly (`TenantShares`): a business that holds its share of the backlog or of the running
/// slots is left out of the next claims while others wait, so one business's flood delays only itself; a business
/// alone still uses all of it. On RabbitMQ the shares reach as far as the bus's prefetch window of customer messages
/// (`RabbitMQBus.incomingPrefetch`).
///
/// On graceful shutdown it stops receiving, lets running turns finish, and gives the leases of
/// messages not started back to the queue.
public final class ConversationDispatcher: Service {
    let bus: any MessageBus
    /// Runs one turn of one conversation; a throw means the turn failed and its messages are retried.
    let turn: @Sendable ([Delivery]) async throws -> Void
    let concurrency: Int
    let consumerID: String
    /// The clock its waits run on: for a free slot, and before receiving again after the bus failed.
    let intervalClock: AnyClock
    let logger: Logger

    /// Whose a held message is: its tenant (`nil` when it has none) and conversation.
    private struct Holder {
        var tenant: String?
        var conversation: String

        init(_ delivery: Delivery) {
            tenant = delivery.message.tenantID
            conversation = delivery.message.partitionKey
        }
    }

    private struct State {
        var pending: [String: [Delivery]] = [:]
        var running: Set<String> = []
        /// The messages claimed and not finished (pending or in a running turn), by id.
        var known: [Int64: Holder] = [:]
        /// Counts failed turns; a receive remembers the count it started at.
        var failures: Int64 = 0
        /// The count at each conversation's latest failed turn: what a receive that started before it returns for
        /// that conversation may be later than the failed messages, and goes back to the bus.
        var failedAt: [String: Int64] = [:]
        /// Until when the claims are plain again: a claim that left out the tenants holding their share found
        /// nobody else waiting, so the next rounds do not pay for that claim again (see ``aloneWindow``).
        var aloneUntil: AnyClock.Instant?
    }

    private let state = Mutex(State())
    private var maximumBacklog: Int { concurrency * 4 }
    /// How many claims one round may make while it shares the room among tenants (the last one may go to anybody).
    private static let claimsPerRound = 4
    /// How long rounds claim plainly after a claim that left out the tenants holding their share found nobody else
    /// waiting: a business alone pays for one claim a round, not three; another business that starts writing in that
    /// window waits for it at most.
    static let aloneWindow: Duration = .milliseconds(100)
    private var shares: TenantShares { TenantShares(concurrency: concurrency, backlog: maximumBacklog) }
    private let slotFreed: WakeSignal

    /// Creates a dispatcher that runs the turns with `processor`.
    public convenience init(bus: any MessageBus, processor: TurnProcessor, concurrency: Int,
                            intervalClock: some Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.init(bus: bus, concurrency: concurrency, intervalClock: intervalClock, logger: logger) { deliveries in
            _ = try await processor.process(deliveries)
        }
    }

    /// Creates a dispatcher that runs each turn with `turn` (given one conversation's deliveries, oldest first).
    /// - Parameter intervalClock: the clock its waits run on (a test's manual clock drives them).
    public init(bus: any MessageBus, concurrency: Int, intervalClock: some Clock<Duration> = ContinuousClock(), logger: Logger,
                turn: @escaping @Sendable ([Delivery]) async throws -> Void) {
        self.bus = bus
        self.turn = turn
        self.concurrency = max(1, concurrency)
        self.consumerID = "agent-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        self.intervalClock = AnyClock(intervalClock)
        self.slotFreed = WakeSignal(clock: intervalClock)
        self.logger = logger
    }

    /// Conversations with a turn running right now.
    public var runningConversations: Int { state.withLock { $0.running.count } }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelledOrShuttingDown {
                // Lease only what can start soon: a small backlog keeps leases short (a crash delays few
                // messages) and keeps claims cheap.
                let (running, leased) = state.withLock { ($0.running.count, $0.known.count) }
                let deliveries: [Delivery]
                let startedAt = state.withLock { $0.failures }
                if running >= concurrency || leased >= maximumBacklog {
                    // Full, most likely with one business's flood: a business that holds less than its share is still
                    // taken in (its turns start at once), instead of waiting until the flood's turns have finished.
                    let others = leased < maximumBacklog * 2 ? ((try? await claimForOthers()) ?? []) : []
                    if others.isEmpty {
                        await slotFreed.wait(timeout: .milliseconds(100))
                        continue
                    }
                    deliveries = others
                } else {
                    do {
                        deliveries = try await claim(room: maximumBacklog - leased)
                    } catch {
                        logger.error("receiving from incoming failed, retrying", metadata: ["error": "\(error)"])
                        try? await cancelWhenGracefulShutdown { try await self.intervalClock.sleep(for: .seconds(1)) }
                        continue
                    }
                    if deliveries.isEmpty {
                        await bus.waitForWork(.incoming, timeout: .milliseconds(500))
                        continue
                    }
                }
                let (toStart, suspect) = state.withLock { state -> ([String], [Delivery]) in
                    var starting: [String] = []
                    var suspect: [Delivery] = []
                    for delivery in deliveries where state.known[delivery.message.id] == nil {
                        let key = delivery.message.partitionKey
                        if let failedAt = state.failedAt[key] {
                            // Taken before that conversation's turn failed: it may be later than the failed messages,
                            // which the bus now holds back; it goes back to wait behind them.
                            if failedAt > startedAt {
                                suspect.append(delivery)
                                continue
                            }
                            state.failedAt[key] = nil
                        }
                        state.known[delivery.message.id] = Holder(delivery)
                        state.pending[key, default: []].append(delivery)
                        if !state.running.contains(key) {
                            state.running.insert(key)
                            starting.append(key)
                        }
                    }
                    return (starting, suspect)
                }
                if !suspect.isEmpty { await giveBack(suspect) }
                for key in Set(toStart) {
                    group.addTask { await self.drain(key) }
                }
            }
        }
        let leftovers = state.withLock { state -> [Delivery] in
            let all = state.pending.values.flatMap { $0 }
            state.pending.removeAll()
            return all
        }
        if !leftovers.isEmpty {
            try? await bus.release(leftovers, consumer: consumerID)
            logger.info("released messages not started before shutdown", metadata: ["count": "\(leftovers.count)"])
        }
    }

    /// Claims up to `room` messages for one round, sharing them among tenants: each claim leaves out the tenants that
    /// hold their share (counting what this round claimed) and takes no more than a tenant left in may still take.
    /// Once a claim comes back short, nobody else waits, and the rest of the room goes to anybody.
    private func claim(room: Int) async throws -> [Delivery] {
        let now = intervalClock.now
        if state.withLock({ $0.aloneUntil.map { now < $0 } ?? false }) {
            return try await bus.receive(from: .incoming, limit: room, consumer: consumerID)
        }
        var claimed: [Delivery] = []
        for round in 1...Self.claimsPerRound {
            let left = room - claimed.count
            let held = self.held(adding: claimed)
            let excluded = shares.excluded(held)
            let last = round == Self.claimsPerRound
            let limit = last ? left : shares.limit(room: left, held: held)
            let batch: [Delivery]
            do {
                batch = try await bus.receive(from: .incoming, limit: limit, consumer: consumerID,
                                              excludingTenants: last ? [] : excluded)
            } catch where !claimed.isEmpty {
                // What was claimed is leased to this dispatcher: start it; the next round claims again.
                logger.error("receiving from incoming failed, retrying", metadata: ["error": "\(error)"])
                return claimed
            }
            claimed += batch
            if claimed.count >= room || last { return claimed }
            if batch.count < limit {
                // Nobody outside the excluded tenants waits: the rest of the room goes to anybody.
                if excluded.isEmpty { return claimed }
                if batch.isEmpty { state.withLock { $0.aloneUntil = now.advanced(by: Self.aloneWindow) } }
                do {
                    return claimed + (try await bus.receive(from: .incoming, limit: room - claimed.count, consumer: consumerID))
                } catch {
                    logger.error("receiving from incoming failed, retrying", metadata: ["error": "\(error)"])
                    return claimed
                }
            }
        }
        return claimed
    }

    /// While the dispatcher is full: claims the messages of the tenants that hold less than their share, up to what
    /// such a tenant may still take, so that one business's flood (which fills the slots and the backlog) does not
    /// keep another business waiting until the flood's turns finish. Nothing when nobody holds its share (every tenant
    /// waits for a slot alike); a claim that finds nobody else waiting is not tried again within ``aloneWindow``, so
    /// a business alone pays for one such claim per window, not one per finished turn.
    private func claimForOthers() async throws -> [Delivery] {
        let now = intervalClock.now
        if state.withLock({ $0.aloneUntil.map { now < $0 } ?? false }) { return [] }
        let held = self.held(adding: [])
        let excluded = shares.excluded(held)
        let limit = shares.limit(room: concurrency, held: held)
        guard !excluded.isEmpty, limit > 0 else { return [] }
        let batch = try await bus.receive(from: .incoming, limit: limit, consumer: consumerID, excludingTenants: excluded)
        if batch.isEmpty { state.withLock { $0.aloneUntil = now.advanced(by: Self.aloneWindow) } }
        return batch
    }

    /// What each tenant holds: the messages claimed and not finished, with `claimed` (of this round) added.
    private func held(adding claimed: [Delivery]) -> [String: TenantShares.Held] {
        state.withLock { state in
            var holders = state.known
            for delivery in claimed { holders[delivery.message.id] = Holder(delivery) }
            var messages: [String: Int] = [:]
            var conversations: [String: Set<String>] = [:]
            for holder in holders.values {
                guard let tenant = holder.tenant else { continue }
                messages[tenant, default: 0] += 1
                conversations[tenant, default: []].insert(holder.conversation)
            }
            return messages.reduce(into: [:]) { held, entry in
                held[entry.key] = TenantShares.Held(messages: entry.value, conversations: conversations[entry.key]?.count ?? 0)
            }
        }
    }

    /// After a failed turn: the conversation's messages taken since go back to the bus, which keeps them behind the
    /// failed ones (they wait its backoff), so a later message is never answered before an earlier one. What a receive
    /// that was under way returns for the conversation afterwards goes back too (see `failedAt`).
    private func giveBackLater(_ key: String) async {
        let later = state.withLock { state -> [Delivery] in
            let waiting = state.pending.removeValue(forKey: key) ?? []
            for delivery in waiting { state.known[delivery.message.id] = nil }
            return waiting
        }
        await giveBack(later)
    }

    private func giveBack(_ deliveries: [Delivery]) async {
        guard !deliveries.isEmpty else { return }
        do {
            try await bus.release(deliveries, consumer: consumerID)
        } catch {
            // Their leases run out and the bus delivers them again, still behind the failed ones.
            logger.error("giving messages back after a failed turn failed", metadata: ["error": "\(error)"])
        }
    }

    private func drain(_ key: String) async {
        while true {
            let batch = state.withLock { state -> [Delivery]? in
                let waiting = state.pending.removeValue(forKey: key) ?? []
                if waiting.isEmpty || Task.isCancelledOrShuttingDown {
                    if !waiting.isEmpty { state.pending[key] = waiting }
                    state.running.remove(key)
                    return nil
                }
                return waiting
            }
            guard let batch else {
                slotFreed.notify()
                return
            }
            do {
                try await turn(batch)
            } catch {
                if error is TurnProcessor.TurnConflict {
                    logger.notice("another turn took some of these messages first; trying again", metadata: ["conversation": "\(key)"])
                } else {
                    logger.error("turn failed", metadata: ["conversation": "\(key)", "error": "\(error)"])
                }
                // Forgotten before they go back: a receive may take one of them again as soon as its backoff ends, even
                // before the batch's later messages went back (a slow retry of a batch of several). Still "known", it
                // was skipped and kept its new lease, so the conversation's later messages overtook it until the lease
                // ran out; unknown, it goes through the check of `failedAt` like any other delivery.
                state.withLock { state in for delivery in batch { state.known[delivery.message.id] = nil } }
                for delivery in batch { _ = try? await bus.retry(delivery, error: "\(error)") }
                // The bus holds the failed messages back now; what was taken before that goes back behind them.
                state.withLock { state in
                    state.failures += 1
                    state.failedAt[key] = state.failures
                }
                await giveBackLater(key)
            }
            state.withLock { state in for delivery in batch { state.known[delivery.message.id] = nil } }
        }
    }
}
