import SaudaCore

/// A broker queue has no room for a relay's messages: nothing of them was published, and their outbox rows stay
/// to go out once the queue's consumers have made room.
///
/// ``OutboxRelay`` relays the first ``room`` messages (when there is room for some) and holds the queue's later rows
/// back, in their order, while the other queues' rows go on.
public struct QueueFullError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The queue.
    public var queue: QueueName
    /// Messages waiting in the queue when it was counted.
    public var depth: Int
    /// The queue's maximum length.
    public var maxLength: Int

    /// Creates the error.
    public init(queue: QueueName, depth: Int, maxLength: Int) {
        self.queue = queue
        self.depth = depth
        self.maxLength = maxLength
    }

    /// How many more messages the queue holds.
    public var room: Int { max(0, maxLength - depth) }

    public var description: String {
        "queue \(queue.rawValue) is full (\(depth) of \(maxLength) messages waiting)"
    }
}
