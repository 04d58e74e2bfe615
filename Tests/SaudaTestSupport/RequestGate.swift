/// Lets at most a number of a test's requests run at once and the others wait their turn, in order: twenty simulated
/// customers polling a server through a client whose pool has eight connections would otherwise wait for a connection
/// past the client's own time on a loaded machine (`getConnectionFromPoolTimeout`).
public actor RequestGate {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Creates a gate for `permits` requests at once.
    public init(permits: Int) {
        free = max(1, permits)
    }

    /// Runs `body` once a permit is free and frees it afterwards, also when `body` throws.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if free > 0 {
            free -= 1
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
        defer { release() }
        return try await body()
    }

    private func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
