import AMQP
import Foundation
import Logging
import Metrics
import SaudaCore
import SaudaStore
import ServiceLifecycle
import Synchronization

/// The queues on RabbitMQ (selected by `RABBITMQ_URL`), with PostgreSQL holding the state.
///
/// Publishing goes through the outbox: ``publish(_:to:in:now:)`` writes outbox rows in the caller's transaction and
/// the ``OutboxRelay`` hands them to ``relay(_:to:in:now:)``, which publishes them all at once and waits for the
/// broker's confirm of each before the rows are marked relayed — a message accepted by the database reaches the broker even if the
/// broker was down at the time. Consumers take deliveries with ``receive(from:limit:consumer:)``; a delivery is
/// acknowledged on the broker only in ``settle(_:)``, after the transaction that handled it committed, so a crash in
/// between redelivers it and the idempotent turn or send recognises it.
///
/// A failed delivery waits its backoff held by this process, with every later message of its conversation held
/// back, and then all of them go back to the queue in their order; after the last attempt it goes to the queue's
/// `.dead` queue with the reason in its headers.
///
/// Businesses share an agent fairly here too: ``receive(from:limit:consumer:excludingTenants:)`` passes over the
/// deliveries of the tenants the consumer leaves out and keeps them, unacknowledged, for a later receive
/// (``RabbitMQHandOut``). It can pass over only what the broker has pushed, so customer messages are consumed with a
/// window of ``incomingPrefetch`` unacknowledged deliveries rather than ``prefetch``: one business's flood delays another
/// only by what lies beyond that window.
public final class RabbitMQBus: MessageBus, Service {
    /// The AMQP client (a service of its own, run by ``run()``).
    public let client: AMQPClient
    /// Names and arguments.
    public let topology: RabbitMQTopology
    /// Notified after commits that wrote the outbox; the relay waits on it.
    public let outboxSignal = WakeSignal()
    let consumedQueues: [QueueName]
    let retryPolicy: RetryPolicy
    /// The prefetch of the queues of ``QueueName/outgoing`` and ``QueueName/voice``.
    let prefetch: UInt16
    /// The prefetch of the queues of ``QueueName/incoming``: how far past a flood of one business a receive sees.
    let incomingPrefetch: UInt16
    /// The clock that the waits for work and the backoffs of held-back deliveries run on.
    let intervalClock: AnyClock
    let logger: Logger
    private let signals: [QueueName: WakeSignal]
    private let state = Mutex(State())

    /// A delivery this process holds.
    struct Held: Sendable {
        var delivery: AMQPDelivery
        var message: QueuedMessage
        var queue: QueueName
        /// Identifies the message across redeliveries (its message id, or its queue and body).
        var key: String
    }

    struct State {
        var nextID: Int64 = 0
        var buffered: [QueueName: [Held]] = [:]
        var inFlight: [Int64: Held] = [:]
        /// Conversations whose messages wait a backoff, with the messages in their order: the conversation's
        /// later messages wait too, and all go back to the queue together.
        var held: [String: [Held]] = [:]
        /// Failed deliveries so far of messages that came back (kept while this process runs).
        var failures: [String: Int] = [:]
        /// Deliveries to dead-letter when they settle, with the reason and error.
        var dying: [Int64: (reason: String, error: String)] = [:]
    }

    /// Creates the bus.
    /// - Parameters:
    ///   - connection: the broker.
    ///   - topology: names and arguments (with this process's agent queue, if it runs the agent).
    ///   - consuming: the queues this process takes messages from (the agent: incoming; the gateway: outgoing, voice).
    ///   - prefetch: the most unacknowledged deliveries of each consumed queue of outgoing and voice.
    ///   - incomingPrefetch: the same for the queues of customer messages; it bounds how far past one business's
    ///     backlog the fair shares among businesses reach (see ``receive(from:limit:consumer:excludingTenants:)``).
    ///   - intervalClock: the clock that ``waitForWork(_:timeout:)`` and the backoffs of failed deliveries run on.
    public init(connection: AMQPConnectionConfiguration, topology: RabbitMQTopology, consuming: [QueueName], retryPolicy: RetryPolicy,
                prefetch: UInt16 = 64, incomingPrefetch: UInt16 = 1024, intervalClock: some Clock<Duration> = ContinuousClock(),
                logger: Logger) {
        self.topology = topology
        self.consumedQueues = consuming
        self.retryPolicy = retryPolicy
        self.prefetch = prefetch
        self.incomingPrefetch = incomingPrefetch
        self.intervalClock = AnyClock(intervalClock)
        self.logger = logger
        self.signals = Dictionary(uniqueKeysWithValues: QueueName.allCases.map { ($0, WakeSignal(clock: intervalClock)) })
        var amqpLogger = logger
        amqpLogger[metadataKey: "component"] = "amqp"
        client = AMQPClient(configuration: .init(connection: connection, topology: topology.declarations), logger: amqpLogger)
    }

    /// Keeps the connection and the consumers of ``consumedQueues`` running until shutdown.
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.client.run() }
            for queue in consumedQueues {
                for name in topology.consumed(queue) {
                    group.addTask { await self.consume(name, as: queue) }
                }
            }
        }
    }

    private func consume(_ name: String, as queue: QueueName) async {
        while !Task.isCancelledOrShuttingDown {
            do {
                let window = queue == .incoming ? incomingPrefetch : prefetch
                for try await delivery in client.consume(queue: name, prefetch: window) {
                    accept(delivery, from: name, as: queue)
                }
                return
            } catch {
                logger.error("consuming failed; trying again", metadata: ["queue": "\(name)", "error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
    }

    private func accept(_ delivery: AMQPDelivery, from name: String, as queue: QueueName) {
        let payload = delivery.bodyString
        let headers = delivery.properties.headers
        let derived = RabbitMQPartition.of(payload, queue: queue)
        let partition = headers?["x-sauda-partition"]?.stringValue ?? derived.key
        let tenant = headers?["x-sauda-tenant"]?.stringValue ?? derived.tenantID
        let key = delivery.properties.messageID.map { "\(name)/\($0)" } ?? "\(name)/\(payload.hashValue)"
        let sentAt = delivery.properties.timestamp.map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? Date()
        if logger.logLevel <= .debug {
            logger.debug("delivery received", metadata: [
                "queue": "\(name)", "partition": "\(partition)", "redelivered": "\(delivery.redelivered)",
                "delivery_tag": "\(delivery.deliveryTag)", "message_id": "\(Self.messageID(in: payload) ?? "?")"])
        }
        state.withLock { state in
            state.nextID += 1
            let attempts = (state.failures[key] ?? (delivery.redelivered ? 1 : 0)) + 1
            let message = QueuedMessage(id: state.nextID, queue: name, partitionKey: partition, tenantID: tenant, payload: payload,
                                        attempts: attempts, createdAt: sentAt)
            state.buffered[queue, default: []].append(Held(delivery: delivery, message: message, queue: queue, key: key))
        }
        signals[queue]?.notify()
    }

    /// The `message_id` of a queue body, for a debug line (no full decoding).
    private static func messageID(in payload: String) -> String? {
        guard let range = payload.range(of: #""message_id":""#) else { return nil }
        return payload[range.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
    }

    // MARK: MessageBus

    public func publish(_ items: [QueueItem], to queue: QueueName, in transaction: any SQLConnection, now: Date) async throws {
        let outbox = OutboxRepository(transaction)
        for item in items {
            try await outbox.add(tenantID: item.tenantID ?? Tenant.defaultID, queue: queue.rawValue, partitionKey: item.partitionKey,
                                 payload: item.payload, now: now, wake: outboxSignal)
        }
    }

    /// Nothing to check: work goes to the outbox, and the relay publishes to a queue only what it has room for (the
    /// rest waits in the outbox meanwhile).
    public func ensureRoom(upTo maximum: Int, in queue: QueueName, in transaction: any SQLConnection,
                           needed: @Sendable () async throws -> Int) async throws {}

    /// Publishes `items` and waits for the broker's confirms.
    /// - Throws: ``QueueFullError`` when `queue` has no room for them (nothing is published then, or for the queues
    ///   of customer messages, which refuse what does not fit, when the broker refused one of them).
    public func relay(_ items: [QueueItem], to queue: QueueName, in transaction: any SQLConnection, now: Date) async throws {
        if topology.dropsOldestWhenFull(queue) { try await ensureBrokerRoom(for: items.count, in: queue) }
        let messages = items.map { item in
            let route = topology.route(queue, partitionKey: item.partitionKey)
            var headers: AMQPTable = ["x-sauda-partition": .string(item.partitionKey)]
            if let tenant = item.tenantID { headers["x-sauda-tenant"] = .string(tenant) }
            let properties = AMQPProperties(contentType: "application/json", headers: headers, deliveryMode: AMQPProperties.persistent,
                                            messageID: UUID.random().uuidString.lowercased(), timestamp: UInt64(now.timeIntervalSince1970))
            return AMQPOutgoingMessage(item.payload, exchange: route.exchange, routingKey: route.routingKey, properties: properties)
        }
        // Written together and confirmed together: the broker keeps their order on the publishing channel, and a
        // failure of any rolls the relay's transaction back, so all of them stay in the outbox and go out again.
        do {
            try await client.publish(messages)
        } catch {
            if case .publishNacked = error {
                countRefusal(of: queue)
                let maxLength = topology.limits(queue).maxLength
                throw QueueFullError(queue: queue, depth: maxLength, maxLength: maxLength)
            }
            throw error
        }
        // Counted once the outbox rows are marked relayed: if that transaction rolls back, they are published again.
        let published = items.count
        transaction.afterCommit {
            Counter(label: "sauda_queue_published_total", dimensions: [("queue", queue.shortName)]).increment(by: published)
        }
    }

    /// Counts `queue` on the broker (one round trip on the publishing channel) before the relay publishes to it. The
    /// relays of all processes take turns (``OutboxRepository/takeRelayTurn()``), so the count holds until this relay's
    /// publish: consumers only take messages away.
    /// - Throws: ``QueueFullError`` when it has no room for `count` more.
    private func ensureBrokerRoom(for count: Int, in queue: QueueName) async throws {
        let maxLength = topology.limits(queue).maxLength
        let depth = try await client.readyMessageCount(of: topology.name(queue))
        guard depth + count <= maxLength else {
            countRefusal(of: queue)
            throw QueueFullError(queue: queue, depth: depth, maxLength: maxLength)
        }
    }

    private func countRefusal(of queue: QueueName) {
        Counter(label: "sauda_queue_rejected_total", dimensions: [("queue", queue.shortName)]).increment()
        Counter(label: FailureMetric.label, dimensions: FailureMetric.dimensions(component: "queue", cause: "full")).increment()
    }

    public func receive(from queue: QueueName, limit: Int, consumer: String) async throws -> [Delivery] {
        try await receive(from: queue, limit: limit, consumer: consumer, excludingTenants: [])
    }

    /// Hands out up to `limit` of the deliveries the broker pushed, oldest first, passing over those of
    /// `excludingTenants`: they stay with this process unacknowledged (counted against the prefetch window) and a later
    /// receive hands them out, still ahead of their conversations' later messages (``RabbitMQHandOut``). They are not
    /// requeued: the broker would put them back at the head of the queue and push them straight back, and a requeue
    /// could let a conversation's later message overtake them. If every delivery held is left out, this returns none and
    /// the consumer claims them without the exclusion (``ConversationDispatcher`` does so when a claim comes back short),
    /// so nothing waits on the window. If this process ends, the broker requeues them with everything else it holds.
    public func receive(from queue: QueueName, limit: Int, consumer: String,
                        excludingTenants: Set<String>) async throws -> [Delivery] {
        let (taken, dropped) = state.withLock { state -> ([Delivery], Int) in
            let result = RabbitMQHandOut.select(
                state.buffered[queue] ?? [], limit: limit, excluding: excludingTenants,
                partition: \.message.partitionKey, tenant: \.message.tenantID,
                isStale: { !$0.delivery.channel.connection.isOpen }, isWaiting: { state.held[$0] != nil })
            for held in result.taken { state.inFlight[held.message.id] = held }
            state.buffered[queue] = result.kept
            return (result.taken.map { Delivery(queue: queue, message: $0.message) }, result.dropped.count)
        }
        if dropped > 0 {
            logger.info("dropped deliveries of a closed connection; the broker delivers them again",
                        metadata: ["queue": "\(queue.rawValue)", "count": "\(dropped)"])
        }
        return taken
    }

    /// Deliveries of `queue` that the broker pushed and no receive has handed out yet (held back or not yet asked
    /// for), counting those of a closed connection that the next receive drops.
    func waitingCount(_ queue: QueueName) -> Int {
        state.withLock { $0.buffered[queue]?.count ?? 0 }
    }

    public func acknowledge(_ deliveries: [Delivery], in transaction: any SQLConnection) async throws {}

    public func deadLetter(_ deliveries: [Delivery], reason: String, error: String, in transaction: any SQLConnection, now: Date) async throws {
        // Marked once the transaction has committed: if it rolls back, ``settle(_:)`` must not move them.
        transaction.afterCommit {
            self.state.withLock { state in
                for delivery in deliveries { state.dying[delivery.message.id] = (reason, error) }
            }
        }
    }

    public func settle(_ deliveries: [Delivery]) async {
        var acknowledged: [Held] = []
        for delivery in deliveries {
            let (held, dying) = state.withLock { state in
                let held = state.inFlight.removeValue(forKey: delivery.message.id)
                if let held { state.failures[held.key] = nil }
                return (held, state.dying.removeValue(forKey: delivery.message.id))
            }
            guard let held else { continue }
            if let dying, !(await moveToDeadLetters(held, reason: dying.reason, error: dying.error)) {
                try? await held.delivery.nack(requeue: true)
                continue
            }
            acknowledged.append(held)
        }
        // One write per channel for the whole batch, not one event-loop hop and flush per delivery.
        var byChannel: [ObjectIdentifier: (channel: AMQPChannel, tags: [UInt64], queue: String)] = [:]
        for held in acknowledged {
            let channel = held.delivery.channel
            byChannel[ObjectIdentifier(channel), default: (channel, [], held.message.queue)].tags.append(held.delivery.deliveryTag)
        }
        for (channel, tags, queue) in byChannel.values {
            do { try await channel.ack(deliveryTags: tags) } catch {
                // The broker redelivers them; the turn or the send recognises them as done.
                logger.warning("acknowledging deliveries failed", metadata: ["queue": "\(queue)", "error": "\(error)"])
            }
        }
    }

    public func retry(_ delivery: Delivery, error: String) async throws -> Bool {
        let maxAttempts = topology.limits(delivery.queue).maxAttempts ?? retryPolicy.maxAttempts
        guard delivery.message.attempts < maxAttempts else {
            if let held = state.withLock({ $0.inFlight.removeValue(forKey: delivery.message.id) }) {
                if await moveToDeadLetters(held, reason: "max_attempts", error: error) {
                    try? await held.delivery.ack()
                } else {
                    try? await held.delivery.nack(requeue: true)
                }
            }
            Counter(label: "sauda_queue_dead_lettered_total", dimensions: [("queue", delivery.queue.shortName), ("reason", "max_attempts")]).increment()
            Counter(label: FailureMetric.label, dimensions: FailureMetric.dimensions(component: "queue", cause: "max_attempts")).increment()
            logger.error("message dead-lettered after its last attempt", metadata: ["queue": "\(delivery.message.queue)", "error": "\(error)"])
            return true
        }
        let delay = retryPolicy.backoff(afterAttempt: delivery.message.attempts) * Double.random(in: 0.8...1.2)
        logger.warning("delivery failed, will retry", metadata: [
            "queue": "\(delivery.message.queue)", "attempt": "\(delivery.message.attempts)", "delay_s": "\(Int(delay))", "error": "\(error)"])
        holdBack(delivery, for: .milliseconds(Int64(delay * 1000)), countingFailure: true)
        return false
    }

    /// Gives deliveries back; those of a conversation that waits a backoff join it and go back with it, after the
    /// message that failed (the consumer took them before the failure, and they must not overtake it).
    public func release(_ deliveries: [Delivery], consumer: String) async throws {
        for delivery in deliveries {
            let giveBack = state.withLock { state -> Held? in
                guard let held = state.inFlight.removeValue(forKey: delivery.message.id) else { return nil }
                guard state.held[held.message.partitionKey] == nil else {
                    state.held[held.message.partitionKey, default: []].append(held)
                    return nil
                }
                return held
            }
            try? await giveBack?.delivery.nack(requeue: true)
        }
    }

    public func postpone(_ delivery: Delivery, consumer: String, by delay: Duration) async throws {
        holdBack(delivery, for: delay, countingFailure: false)
    }

    public func depth(_ queue: QueueName) async throws -> Int {
        let names = topology.consumed(queue)
        return try await client.withChannel { channel in
            var total = 0
            for name in names { total += Int(try await channel.queueDeclare(name, passive: true).messageCount) }
            return total
        }
    }

    public func deadLetters(_ queue: QueueName) async throws -> Int {
        let name = topology.deadLetterQueue(queue)
        return try await client.withChannel { channel in Int(try await channel.queueDeclare(name, passive: true).messageCount) }
    }

    public func notify(_ queue: QueueName) { outboxSignal.notify() }

    public func waitForWork(_ queue: QueueName, timeout: Duration) async {
        await signals[queue]?.wait(timeout: timeout)
    }

    // MARK: holding back

    /// Keeps a delivery (and every later one of its conversation) for `delay`, then hands them all out again, first
    /// and in their order. They stay unacknowledged with this process meanwhile (if it ends, the broker requeues them
    /// by itself); they are not requeued on the broker, where a message of the conversation published meanwhile
    /// could reach a consumer before them. A delivery of a conversation that already waits joins its group (the other
    /// messages of a failed turn).
    private func holdBack(_ delivery: Delivery, for delay: Duration, countingFailure: Bool) {
        let partition = delivery.message.partitionKey
        let held = state.withLock { state -> Held? in
            guard let held = state.inFlight.removeValue(forKey: delivery.message.id) else { return nil }
            if countingFailure { state.failures[held.key] = delivery.message.attempts }
            let waiting = state.held[partition] != nil
            state.held[partition, default: []].append(held)
            return waiting ? nil : held
        }
        guard let held else { return }
        // Not tied to a caller: the deliveries stay unacknowledged while they wait, so if this process ends first the
        // broker requeues them (and the conversation's later ones) by itself when the connection closes.
        Task {
            try? await self.intervalClock.sleep(for: delay)
            self.state.withLock { state in
                let waiting = (state.held.removeValue(forKey: partition) ?? []).map { held in
                    var again = held
                    if let failures = state.failures[held.key] { again.message.attempts = failures + 1 }
                    return again
                }
                state.buffered[held.queue] = waiting + (state.buffered[held.queue] ?? [])
            }
            self.signals[held.queue]?.notify()
        }
    }

    /// Publishes a copy to the `.dead` queue, with why, and waits for the confirm.
    /// - Returns: whether the broker has it (only then may the original be acknowledged).
    private func moveToDeadLetters(_ held: Held, reason: String, error: String) async -> Bool {
        var headers = held.delivery.properties.headers ?? AMQPTable()
        headers["x-sauda-dead-reason"] = .string(reason)
        headers["x-sauda-error"] = .string(String(error.prefix(500)))
        headers["x-sauda-attempts"] = .int64(Int64(held.message.attempts))
        var properties = held.delivery.properties
        properties.headers = headers
        properties.deliveryMode = AMQPProperties.persistent
        do {
            try await client.publish(held.delivery.body, routingKey: topology.deadLetterQueue(held.queue), properties: properties)
            return true
        } catch {
            logger.error("a dead letter could not be stored; the message is redelivered", metadata: ["error": "\(error)"])
            return false
        }
    }
}
