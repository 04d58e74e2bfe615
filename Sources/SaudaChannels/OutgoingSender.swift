import Foundation
import Logging
import Metrics
import SaudaBus
import SaudaCore
import SaudaStore
import ServiceLifecycle
import Synchronization

/// Consumes `outgoing_messages` and sends each reply through its channel, records the status in the
/// message log and on the message, retries with backoff and dead-letters what keeps failing.
///
/// Replies travel in lanes, one per tenant, channel and channel connection (one WhatsApp number, one tenant's web
/// chat): a lane
/// sends one reply after another in the queue's order, lanes run side by side, so a slow or failing channel
/// holds up only its own lane. A reply already recorded as sent is acknowledged without sending again, so a
/// redelivery after a crash does not repeat it.
public final class OutgoingSender: Service {
    let database: any Database
    let bus: any MessageBus
    let channels: [Channel: any ChannelDelivery]
    let consumerID: String
    /// The current moment, stored with each recorded send (tests fix it).
    let clock: @Sendable () -> Date
    /// The clock its waits run on: for room in the backlog, between attempts to record, after the bus failed.
    let intervalClock: AnyClock
    let logger: Logger
    /// `sauda_messages_out_total{channel}`: replies sent (counted once recorded, never for a failed or repeated send).
    let messagesOut: [Channel: Counter]
    /// `sauda_send_latency_seconds{channel}`: one send through the channel.
    let sendLatency: [Channel: Timer]

    /// Creates a sender.
    /// - Parameters:
    ///   - clock: the current moment, stored with each recorded send and dead letter.
    ///   - intervalClock: the clock its waits run on (a test's manual clock drives them).
    public init(database: any Database, bus: any MessageBus, channels: [any ChannelDelivery],
                clock: @escaping @Sendable () -> Date = { Date() }, intervalClock: some Clock<Duration> = ContinuousClock(),
                logger: Logger) {
        self.database = database
        self.bus = bus
        self.channels = Dictionary(channels.map { ($0.channel, $0) }, uniquingKeysWith: { first, _ in first })
        self.consumerID = "sender-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        self.clock = clock
        self.intervalClock = AnyClock(intervalClock)
        self.laneFinished = WakeSignal(clock: intervalClock)
        self.logger = logger
        self.messagesOut = Dictionary(uniqueKeysWithValues: Channel.allCases.map {
            ($0, Counter(label: "sauda_messages_out_total", dimensions: [("channel", $0.rawValue)]))
        })
        self.sendLatency = Dictionary(uniqueKeysWithValues: Channel.allCases.map {
            ($0, Timer(label: "sauda_send_latency_seconds", dimensions: [("channel", $0.rawValue)]))
        })
    }

    private struct State {
        /// Claimed deliveries not started yet, per lane.
        var pending: [String: [Delivery]] = [:]
        /// Lanes with a drain running.
        var running: Set<String> = []
        /// Ids of the deliveries claimed and not finished.
        var known: Set<Int64> = []
        /// Chats of each running lane whose reply failed or was postponed, with that reply's id and the lane batch
        /// it failed in: their later replies already claimed are given back (the queue then holds them behind
        /// the earlier one) during that batch and the next.
        var held: [String: [String: Hold]] = [:]
        /// Batches drained per lane.
        var batches: [String: Int] = [:]
        /// Counts failed or postponed replies; a receive remembers the count it started at.
        var failures: Int64 = 0
        /// Each chat's latest failed or postponed reply and the count at its failure: what a receive that started before
        /// it returns for that chat may be later than the failed reply (it was claimed while the failed one was still
        /// leased to this sender), and goes back to the queue, which keeps it behind the failed one. The lane's holds
        /// cannot cover it: such a receive can return after the lane's drain ended and its holds were dropped.
        var failedAt: [String: FailedReply] = [:]
    }

    /// A chat's failed or postponed reply: its queue id and the failure count when it failed.
    struct FailedReply: Sendable {
        var id: Int64
        var count: Int64
    }

    /// A chat held back after its reply `failedID` failed in lane batch `batch`.
    struct Hold: Sendable {
        var failedID: Int64
        var batch: Int
    }

    private let state = Mutex(State())
    private let laneFinished: WakeSignal
    /// Replies claimed but not sent yet, at most.
    static let maximumBacklog = 256

    /// Sends the replies waiting now and returns when they are all handled (for tests and tools).
    /// - Returns: deliveries handled.
    @discardableResult
    public func sendOnce() async throws -> Int {
        let startedAt = state.withLock { $0.failures }
        let deliveries = try await bus.receive(from: .outgoing, limit: 64, consumer: consumerID)
        let lanes = await accept(deliveries, receivedSince: startedAt)
        await withDiscardingTaskGroup { group in
            for lane in lanes { group.addTask { await self.drain(lane) } }
        }
        return deliveries.count
    }

    /// Files claimed deliveries under their lanes; a delivery of a chat whose reply failed after the receive began
    /// (`receivedSince`, the failure count then) and later than that reply goes back to the queue instead.
    /// - Returns: the lanes that need a drain started.
    private func accept(_ deliveries: [Delivery], receivedSince startedAt: Int64) async -> [String] {
        let (starting, suspect) = state.withLock { state -> ([String], [Delivery]) in
            var starting: [String] = []
            var suspect: [Delivery] = []
            for delivery in deliveries where !state.known.contains(delivery.message.id) {
                let chat = delivery.message.partitionKey
                if let failed = state.failedAt[chat] {
                    if failed.count > startedAt {
                        if delivery.message.id > failed.id {
                            suspect.append(delivery)
                            continue
                        }
                    } else {
                        // Received after the failure: the queue already kept the chat's later replies behind it.
                        state.failedAt[chat] = nil
                    }
                }
                state.known.insert(delivery.message.id)
                let lane = self.lane(of: delivery)
                state.pending[lane, default: []].append(delivery)
                if !state.running.contains(lane) {
                    state.running.insert(lane)
                    starting.append(lane)
                }
            }
            return (starting, suspect)
        }
        if !suspect.isEmpty {
            do { try await bus.release(suspect, consumer: consumerID) } catch {
                logger.error("giving back replies behind a failed one failed; their leases run out instead", metadata: ["error": "\(error)"])
            }
        }
        return starting
    }

    /// Notes that `delivery`'s reply failed or was postponed (see `State.failedAt`), once the queue holds it back: a
    /// receive that begins later finds it scheduled and so leaves the chat's later replies alone, while one that began
    /// before (when it was still leased to this sender, which does not hold them back) has its later replies given back.
    func noteFailure(_ delivery: Delivery) {
        state.withLock { state in
            state.failures += 1
            state.failedAt[delivery.message.partitionKey] = FailedReply(id: delivery.message.id, count: state.failures)
        }
    }

    /// Sends a lane's replies, batch after batch, until it has none left.
    private func drain(_ lane: String) async {
        while true {
            let next = state.withLock { state -> (batch: [Delivery], held: [String: Hold], number: Int)? in
                let waiting = state.pending.removeValue(forKey: lane) ?? []
                guard !waiting.isEmpty, !Task.isCancelledOrShuttingDown else {
                    // Left for the run loop to give back at shutdown.
                    if !waiting.isEmpty { state.pending[lane] = waiting }
                    state.running.remove(lane)
                    state.held[lane] = nil
                    state.batches[lane] = nil
                    return nil
                }
                let number = (state.batches[lane] ?? 0) + 1
                state.batches[lane] = number
                return (waiting, state.held[lane] ?? [:], number)
            }
            guard let (batch, carried, number) = next else {
                laneFinished.notify()
                return
            }
            var held = carried
            let attempts = await send(batch, batchNumber: number, heldBack: &held)
            // Replies of held chats claimed meanwhile go back now; holds older than the previous batch end.
            let late = state.withLock { state -> [Delivery] in
                let stillHeld = held.filter { $0.value.batch >= number - 1 }
                var late: [Delivery] = []
                state.pending[lane]?.removeAll { delivery in
                    guard let hold = stillHeld[delivery.message.partitionKey], delivery.message.id > hold.failedID else { return false }
                    late.append(delivery)
                    return true
                }
                state.held[lane] = stillHeld
                for delivery in late { state.known.remove(delivery.message.id) }
                return late
            }
            for delivery in late { await giveBack(delivery) }
            do {
                try await record(attempts)
            } catch {
                logger.error("recording sent replies failed; their leases run out and the sent ones are recognised then",
                             metadata: ["error": "\(error)"])
            }
            state.withLock { state in for delivery in batch { state.known.remove(delivery.message.id) } }
            laneFinished.notify()
        }
    }

    /// The lane of a delivery: its tenant and channel, read from the partition key (`tenant/channel/chat`), and the
    /// channel connection (the business's number) that sends it (``ChannelDelivery/sendingConnection(tenantID:named:)``),
    /// so that each number sends in a lane of its own and a reply that names no number shares the lane of those that
    /// name the business's default one.
    func lane(of delivery: Delivery) -> String {
        let parts = delivery.message.partitionKey.split(separator: "/", maxSplits: 2)
        let lane = parts.count == 3 ? "\(parts[0])/\(parts[1])" : delivery.message.partitionKey
        let named = Self.connection(in: delivery.message.payload)
        let sending = parts.count == 3
            ? Channel(rawValue: String(parts[1])).flatMap { channels[$0] }?.sendingConnection(tenantID: String(parts[0]), named: named) ?? named
            : named
        guard let sending else { return lane }
        return lane + "/" + sending
    }

    /// The `connection` a reply's payload names, found without decoding the whole payload.
    static func connection(in payload: String) -> String? {
        guard let start = payload.range(of: "\"connection\":\"") else { return nil }
        let rest = payload[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        let value = rest[..<end]
        return value.isEmpty || value.contains("\\") ? nil : String(value)
    }

    /// Drops a delivery from the claimed set before it goes back to the queue: once back, the queue may hand it
    /// out again at once, and the run loop must then take it as new.
    func forget(_ delivery: Delivery) {
        _ = state.withLock { $0.known.remove(delivery.message.id) }
    }

    /// Gives a delivery back to the queue without counting the attempt; a failure only lets its lease run out.
    func giveBack(_ delivery: Delivery) async {
        forget(delivery)
        do { try await bus.release([delivery], consumer: consumerID) } catch {
            logger.error("giving a reply back failed; its lease runs out instead", metadata: ["error": "\(error)"])
        }
    }

    /// Lanes with a drain running right now.
    public var runningLanes: Int { state.withLock { $0.running.count } }

    /// Sends until shutdown: claims replies while the backlog has room and runs one drain per lane, so a slow
    /// channel of one tenant holds up neither other tenants nor its other channels. On graceful shutdown it
    /// stops claiming, lets the drains finish, and gives back what was not started.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelledOrShuttingDown {
                let backlog = state.withLock { $0.known.count }
                if backlog >= Self.maximumBacklog {
                    await laneFinished.wait(timeout: .milliseconds(100))
                    continue
                }
                let deliveries: [Delivery]
                let startedAt = state.withLock { $0.failures }
                do {
                    deliveries = try await bus.receive(from: .outgoing, limit: min(64, Self.maximumBacklog - backlog), consumer: consumerID)
                } catch {
                    logger.error("receiving from outgoing failed, retrying", metadata: ["error": "\(error)"])
                    try? await cancelWhenGracefulShutdown { try await self.intervalClock.sleep(for: .seconds(1)) }
                    continue
                }
                if deliveries.isEmpty {
                    await bus.waitForWork(.outgoing, timeout: .milliseconds(500))
                    continue
                }
                for lane in await accept(deliveries, receivedSince: startedAt) {
                    group.addTask { await self.drain(lane) }
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
            logger.info("released replies not sent before shutdown", metadata: ["count": "\(leftovers.count)"])
        }
    }
}
