import Foundation
import SaudaCore
import SaudaStore

/// A message received from a queue, to be acknowledged, retried or released.
public struct Delivery: Sendable, Hashable {
    /// The queue it came from.
    public var queue: QueueName
    /// The stored message (its id is the delivery tag).
    public var message: QueuedMessage

    /// Creates a delivery.
    public init(queue: QueueName, message: QueuedMessage) {
        self.queue = queue
        self.message = message
    }
}

/// The queues between the gateway and the agent.
///
/// Publishing and acknowledging take the caller's database transaction: a bus that lives in the same
/// database commits them with it (exactly-once effects for free); a broker (RabbitMQ) publishes through the
/// outbox and acknowledges after the commit, relying on the idempotent turn.
public protocol MessageBus: Sendable {
    /// Publishes messages as part of `transaction`; once it commits, this process's consumers of the queue (or the
    /// outbox relay, for a broker) are woken, so callers need not notify.
    /// - Throws: ``StoreError/Code/queueFull`` when the queue is at its maximum length.
    func publish(_ items: [QueueItem], to queue: QueueName, in transaction: any SQLConnection, now: Date) async throws
    /// Throws ``StoreError/Code/queueFull`` when `queue` has no room for the work the caller is about to write, as part
    /// of `transaction` and before the caller writes, so that refused work leaves nothing to roll back.
    /// ``publish(_:to:in:now:)`` checks again.
    /// - Parameters:
    ///   - maximum: the most messages the work can add to the queue.
    ///   - needed: asked only when the queue may not hold `maximum` more: how many the work really adds (messages
    ///     accepted before, such as a repeated post, add none). Only those must fit.
    func ensureRoom(upTo maximum: Int, in queue: QueueName, in transaction: any SQLConnection,
                    needed: @Sendable () async throws -> Int) async throws
    /// Leases up to `limit` messages for `consumer`; returns at once, possibly with none.
    func receive(from queue: QueueName, limit: Int, consumer: String) async throws -> [Delivery]
    /// Leases up to `limit` messages for `consumer` as ``receive(from:limit:consumer:)`` does, leaving the messages of
    /// `excludingTenants` for a later receive (a consumer's fair shares among businesses). Messages without a tenant
    /// are never left, and a conversation's order holds. ``SQLMessageBus`` filters its claim; ``RabbitMQBus`` passes over
    /// the deliveries the broker pushed to it and keeps them for a later receive. A bus that cannot filter by tenant
    /// (through the default implementation) ignores the exclusion and returns what ``receive(from:limit:consumer:)`` would.
    func receive(from queue: QueueName, limit: Int, consumer: String, excludingTenants: Set<String>) async throws -> [Delivery]
    /// Moves messages from the outbox onto the queue, as part of the relay's `transaction` (a broker publishes them
    /// and waits for its confirms before the transaction marks the rows relayed).
    func relay(_ items: [QueueItem], to queue: QueueName, in transaction: any SQLConnection, now: Date) async throws
    /// Acknowledges deliveries as part of `transaction`; call ``settle(_:)`` once it committed.
    func acknowledge(_ deliveries: [Delivery], in transaction: any SQLConnection) async throws
    /// Dead-letters deliveries that can never succeed (a malformed body, a permanent refusal) as part of
    /// `transaction`; call ``settle(_:)`` once it committed.
    func deadLetter(_ deliveries: [Delivery], reason: String, error: String, in transaction: any SQLConnection, now: Date) async throws
    /// Finishes deliveries whose acknowledgement or dead-lettering committed: a broker is told only now, so a crash
    /// before the commit redelivers them (the consumers are idempotent). Nothing to do for the queue tables.
    func settle(_ deliveries: [Delivery]) async
    /// Schedules a failed delivery again with backoff, or dead-letters it after the last attempt.
    /// - Returns: whether it was dead-lettered.
    func retry(_ delivery: Delivery, error: String) async throws -> Bool
    /// Gives leased deliveries back without counting the attempt (clean shutdown).
    func release(_ deliveries: [Delivery], consumer: String) async throws
    /// Gives a delivery back to be delivered again after `delay`, without counting the attempt (a rate
    /// limit of the channel, not a failure). Later messages of its partition wait for it.
    func postpone(_ delivery: Delivery, consumer: String, by delay: Duration) async throws
    /// Messages in a queue.
    func depth(_ queue: QueueName) async throws -> Int
    /// Messages dead-lettered from a queue.
    func deadLetters(_ queue: QueueName) async throws -> Int
    /// Tells this process's consumers that a queue has new work that came by another way than ``publish(_:to:in:now:)``
    /// (the outbox relay's, call after the commit).
    func notify(_ queue: QueueName)
    /// Returns when the queue may have work, or after `timeout`.
    func waitForWork(_ queue: QueueName, timeout: Duration) async
}

extension MessageBus {
    /// Ignores the exclusion: fairness among tenants is not provided by this bus.
    public func receive(from queue: QueueName, limit: Int, consumer: String,
                        excludingTenants: Set<String>) async throws -> [Delivery] {
        try await receive(from: queue, limit: limit, consumer: consumer)
    }

    /// ``ensureRoom(upTo:in:in:needed:)`` for work that adds `count` messages in any case.
    public func ensureRoom(for count: Int, in queue: QueueName, in transaction: any SQLConnection) async throws {
        try await ensureRoom(upTo: count, in: queue, in: transaction, needed: { count })
    }

    /// Messages waiting and dead letters of every queue, by short name (`incoming`, `outgoing`, `voice`).
    public func sizes() async throws -> (waiting: [String: Int], deadLetters: [String: Int]) {
        var waiting: [String: Int] = [:]
        var deadLetters: [String: Int] = [:]
        for queue in QueueName.allCases {
            waiting[queue.shortName] = try await depth(queue)
            deadLetters[queue.shortName] = try await self.deadLetters(queue)
        }
        return (waiting, deadLetters)
    }
}
