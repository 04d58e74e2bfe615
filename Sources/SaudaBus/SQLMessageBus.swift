import Foundation
import Logging
import Metrics
import SaudaCore
import SaudaStore
import Synchronization

/// The queues as tables in the application database (SQLite or PostgreSQL).
public final class SQLMessageBus: MessageBus {
    let database: any Database
    let limits: [QueueName: QueueLimits]
    let retryPolicy: RetryPolicy
    let logger: Logger
    /// The current moment: claims, leases, retries and postponements are counted from it (tests move it).
    let clock: @Sendable () -> Date
    private let signals: [QueueName: WakeSignal]

    /// An upper bound of a queue's depth, so that publishing far below the maximum length does not count
    /// the queue each time: acknowledgements are not subtracted, so the bound only grows until the next
    /// exact count (at most a second old, and always when within 20 % of the limit). It is raised inside the
    /// transaction: one that rolls back, or a body run again, leaves it higher than the depth, which is safe.
    private struct DepthBound {
        var depth: Int
        var countedAt: ContinuousClock.Instant

        /// Trusted for a second after the count.
        var isFresh: Bool { ContinuousClock.now - countedAt < .seconds(1) }
    }

    private let depthBounds = Mutex<[QueueName: DepthBound]>([:])

    /// Creates the bus.
    /// - Parameters:
    ///   - clock: the current moment, from which leases, retry backoffs and postponements are counted.
    ///   - intervalClock: the clock ``waitForWork(_:timeout:)`` times out on.
    public init(database: any Database, limits: [QueueName: QueueLimits], retryPolicy: RetryPolicy,
                clock: @escaping @Sendable () -> Date = { Date() }, intervalClock: some Clock<Duration> = ContinuousClock(),
                logger: Logger) {
        self.database = database
        self.limits = limits
        self.retryPolicy = retryPolicy
        self.clock = clock
        self.logger = logger
        self.signals = Dictionary(uniqueKeysWithValues: QueueName.allCases.map { ($0, WakeSignal(clock: intervalClock)) })
    }

    func limits(_ queue: QueueName) -> QueueLimits { limits[queue] ?? QueueLimits.seedDefault(for: queue) }

    public func publish(_ items: [QueueItem], to queue: QueueName, in transaction: any SQLConnection, now: Date) async throws {
        let queueLimits = limits(queue)
        let result: Result<Void, StoreError>
        let known = depthBounds.withLock { bounds -> Int? in
            guard let bound = bounds[queue], bound.isFresh, (bound.depth + items.count) * 10 < queueLimits.maxLength * 8 else { return nil }
            bounds[queue]?.depth += items.count
            return bound.depth
        }
        do {
            let depth = try await QueueTable(transaction).publish(items, to: queueLimits, now: now, knownDepth: known)
            if known == nil { depthBounds.withLock { $0[queue] = DepthBound(depth: depth, countedAt: .now) } }
            result = .success(())
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success:
            // Counted, and this process's consumers woken, once the messages are committed: the transaction may still
            // roll back, or run this body again.
            let published = items.count
            let signal = signals[queue]
            transaction.afterCommit {
                Counter(label: "sauda_queue_published_total", dimensions: [("queue", queue.shortName)]).increment(by: published)
                signal?.notify()
            }
        case .failure(let error):
            if error.code == .queueFull { rejected(items.count, by: queueLimits, queue: queue) }
            throw error
        }
    }

    /// Counts the queue unless a depth bound of the last second shows room for `maximum` more (the bound is never
    /// below the depth, so room it shows is there). Near the limit an accepted message is thus counted twice, here
    /// and in ``publish(_:to:in:now:)``.
    public func ensureRoom(upTo maximum: Int, in queue: QueueName, in transaction: any SQLConnection,
                           needed: @Sendable () async throws -> Int) async throws {
        let queueLimits = limits(queue)
        let roomKnown = depthBounds.withLock { bounds in
            guard let bound = bounds[queue], bound.isFresh else { return false }
            return bound.depth + maximum <= queueLimits.maxLength
        }
        if roomKnown { return }
        let depth = try await QueueTable(transaction).depth(queueLimits.name)
        depthBounds.withLock { $0[queue] = DepthBound(depth: depth, countedAt: .now) }
        guard depth + maximum > queueLimits.maxLength else { return }
        let count = try await needed()
        guard count > 0, depth + count > queueLimits.maxLength else { return }
        rejected(count, by: queueLimits, queue: queue)
        throw StoreError(.queueFull, "queue \(queueLimits.name) is full (\(depth) of \(queueLimits.maxLength) messages)")
    }

    /// Counts and logs work a full queue refused.
    private func rejected(_ count: Int, by queueLimits: QueueLimits, queue: QueueName) {
        Counter(label: "sauda_queue_rejected_total", dimensions: [("queue", queue.shortName)]).increment(by: count)
        Counter(label: FailureMetric.label, dimensions: FailureMetric.dimensions(component: "queue", cause: "full")).increment(by: count)
        logger.error("queue full: new work rejected", metadata: [
            "queue": "\(queueLimits.name)", "max_length": "\(queueLimits.maxLength)", "rejected": "\(count)"])
    }

    public func receive(from queue: QueueName, limit: Int, consumer: String) async throws -> [Delivery] {
        try await receive(from: queue, limit: limit, consumer: consumer, excludingTenants: [])
    }

    public func receive(from queue: QueueName, limit: Int, consumer: String,
                        excludingTenants: Set<String>) async throws -> [Delivery] {
        let name = limits(queue).name
        let lease = retryPolicy.leaseDuration
        let messages = try await database.transaction { sql in
            try await QueueTable(sql).claim(queue: name, limit: limit, owner: consumer, leaseDuration: lease, now: self.clock(),
                                            excludingTenants: excludingTenants)
        }
        for message in messages where message.attempts > 1 {
            logger.notice("redelivering message", metadata: ["queue": "\(name)", "queue_id": "\(message.id)",
                                                             "attempt": "\(message.attempts)"])
        }
        return messages.map { Delivery(queue: queue, message: $0) }
    }

    public func acknowledge(_ deliveries: [Delivery], in transaction: any SQLConnection) async throws {
        try await QueueTable(transaction).ack(deliveries.map(\.message.id))
    }

    public func relay(_ items: [QueueItem], to queue: QueueName, in transaction: any SQLConnection, now: Date) async throws {
        try await publish(items, to: queue, in: transaction, now: now)
    }

    public func deadLetter(_ deliveries: [Delivery], reason: String, error: String, in transaction: any SQLConnection, now: Date) async throws {
        try await QueueTable(transaction).deadLetter(deliveries.map(\.message.id), reason: reason, error: error, now: now)
    }

    public func settle(_ deliveries: [Delivery]) async {}

    public func retry(_ delivery: Delivery, error: String) async throws -> Bool {
        let policy = retryPolicy
        let delay = policy.backoff(afterAttempt: delivery.message.attempts) * Double.random(in: 0.8...1.2)
        let maxAttempts = limits(delivery.queue).maxAttempts ?? policy.maxAttempts
        let dead = try await database.transaction { sql in
            try await QueueTable(sql).retry(delivery.message, error: error, delay: delay, maxAttempts: maxAttempts, now: self.clock())
        }
        if dead {
            Counter(label: "sauda_queue_dead_lettered_total", dimensions: [("queue", delivery.queue.shortName), ("reason", "max_attempts")]).increment()
            Counter(label: FailureMetric.label, dimensions: FailureMetric.dimensions(component: "queue", cause: "max_attempts")).increment()
            logger.error("message dead-lettered after its last attempt", metadata: [
                "queue": "\(delivery.message.queue)", "queue_id": "\(delivery.message.id)", "error": "\(error)"])
        } else {
            logger.warning("delivery failed, will retry", metadata: [
                "queue": "\(delivery.message.queue)", "queue_id": "\(delivery.message.id)",
                "attempt": "\(delivery.message.attempts)", "delay_s": "\(Int(delay))", "error": "\(error)"])
        }
        return dead
    }

    public func release(_ deliveries: [Delivery], consumer: String) async throws {
        guard !deliveries.isEmpty else { return }
        try await database.transaction { sql in
            try await QueueTable(sql).release(owner: consumer, ids: deliveries.map(\.message.id))
        }
    }

    public func postpone(_ delivery: Delivery, consumer: String, by delay: Duration) async throws {
        let until = clock().addingTimeInterval(delay.timeInterval)
        try await database.transaction { sql in
            try await QueueTable(sql).postpone(owner: consumer, id: delivery.message.id, until: until)
        }
    }

    public func depth(_ queue: QueueName) async throws -> Int {
        let name = limits(queue).name
        return try await database.read { sql in try await QueueTable(sql).depth(name) }
    }

    public func deadLetters(_ queue: QueueName) async throws -> Int {
        let name = limits(queue).name
        return try await database.read { sql in try await QueueTable(sql).deadLetterCount(name) }
    }

    public func notify(_ queue: QueueName) { signals[queue]?.notify() }

    public func waitForWork(_ queue: QueueName, timeout: Duration) async {
        await signals[queue]?.wait(timeout: timeout)
    }

    /// Dead-letters expired and poisoned messages of every queue.
    /// - Returns: how many were moved.
    @discardableResult
    public func sweep() async throws -> Int {
        var moved = 0
        for queue in QueueName.allCases {
            let name = limits(queue).name
            let maxAttempts = limits(queue).maxAttempts ?? retryPolicy.maxAttempts
            let swept = try await database.transaction { sql in
                try await QueueTable(sql).sweep(queue: name, maxAttempts: maxAttempts, now: self.clock())
            }
            for (message, reason) in swept {
                Counter(label: "sauda_queue_dead_lettered_total", dimensions: [("queue", queue.shortName), ("reason", reason)]).increment()
                Counter(label: FailureMetric.label, dimensions: FailureMetric.dimensions(component: "queue", cause: reason)).increment()
                logger.error("message dead-lettered", metadata: ["queue": "\(name)", "queue_id": "\(message.id)",
                                                                 "reason": "\(reason)", "attempts": "\(message.attempts)"])
            }
            moved += swept.count
        }
        return moved
    }
}
