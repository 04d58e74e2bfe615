/// How the benchmarks offer their messages: message `i` belongs to conversation `i % conversations`, and the
/// messages of one conversation are written one after another, each after the previous one was accepted.
///
/// The order matters to ``ReplyTracker``: it learns which messages a reply answers from the one message the
/// reply names and the order the messages were accepted in. Written concurrently, two messages of one
/// conversation could reach the gateway in the other order than the tracker recorded them; a reply naming
/// the later one then left the earlier one waiting in the tracker for good, although the customer had been
/// answered (seen as a benchmark that never ended, about one run in ten).
enum BenchmarkLoad {
    /// Writes `count` messages as fast as `workers` writers can, each conversation owned by one writer.
    static func burst(count: Int, conversations: Int, workers: Int,
                      _ write: @escaping @Sendable (Int) async throws -> Void) async throws {
        let conversations = max(1, conversations)
        try await withThrowingTaskGroup(of: Void.self) { writers in
            for worker in 0..<max(1, min(workers, conversations)) {
                writers.addTask {
                    for index in 0..<count where (index % conversations) % workers == worker {
                        try await write(index)
                    }
                }
            }
            try await writers.waitForAll()
        }
    }

    /// Writes `count` messages at `rate` per second: message `i` is due `i / rate` seconds after the start,
    /// and starts no earlier than the previous message of its conversation was accepted.
    static func paced(count: Int, conversations: Int, rate: Int,
                      _ write: @escaping @Sendable (Int) async throws -> Void) async throws {
        let conversations = max(1, conversations)
        let interval = Duration.nanoseconds(1_000_000_000 / max(1, rate))
        let start = ContinuousClock.now
        var previous: [Int: Task<Void, any Error>] = [:]
        for index in 0..<count {
            let due = start + interval * index
            if due > .now { try await Task.sleep(until: due) }
            let before = previous[index % conversations]
            previous[index % conversations] = Task {
                try await before?.value
                try await write(index)
            }
        }
        for task in previous.values { try await task.value }
    }
}
