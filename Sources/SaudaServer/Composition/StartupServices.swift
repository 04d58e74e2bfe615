import Logging
import ServiceLifecycle
import Synchronization

/// The outcome of a process's start-up work, for whoever waits for it (the HTTP server before it binds).
final class StartupGate<Value: Sendable>: Sendable {
    private enum State {
        case pending(next: UInt64, waiters: [UInt64: CheckedContinuation<Value, any Error>])
        case finished(Result<Value, any Error>)
    }

    private let state = Mutex(State.pending(next: 0, waiters: [:]))

    /// Records the outcome and wakes every waiter; later calls are ignored.
    func finish(_ result: Result<Value, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Value, any Error>] in
            guard case .pending(_, let waiters) = state else { return [] }
            state = .finished(result)
            return Array(waiters.values)
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    /// The value once the work is done.
    /// - Throws: what the work threw, or `CancellationError` when the waiting task is cancelled first.
    func value() async throws -> Value {
        let id = state.withLock { state -> UInt64 in
            guard case .pending(let next, let waiters) = state else { return 0 }
            state = .pending(next: next + 1, waiters: waiters)
            return next
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let ready = state.withLock { state -> Result<Value, any Error>? in
                    switch state {
                    case .finished(let result):
                        return result
                    case .pending(let next, var waiters):
                        if Task.isCancelled { return .failure(CancellationError()) }
                        waiters[id] = continuation
                        state = .pending(next: next, waiters: waiters)
                        return nil
                    }
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Value, any Error>? in
                guard case .pending(let next, var waiters) = state, let waiter = waiters.removeValue(forKey: id) else { return nil }
                state = .pending(next: next, waiters: waiters)
                return waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// The value, if the work is done and succeeded.
    var finishedValue: Value? {
        state.withLock { state in
            guard case .finished(.success(let value)) = state else { return nil }
            return value
        }
    }
}

/// Runs a process's start-up work (migrations, the default tenant and its demo knowledge base, the first admin token)
/// once the database serves queries, then the services that must not start before it, in a group of their own.
///
/// It follows the database in the application's services, so graceful shutdown reaches it (and, through it, its
/// services in reverse order) before the database.
struct StartupServices<Value: Sendable>: Service {
    let work: @Sendable () async throws -> Value
    let gate: StartupGate<Value>
    let services: [any Service]
    let logger: Logger

    func run() async throws {
        let value: Value
        do { value = try await work() } catch {
            gate.finish(.failure(error))
            throw error
        }
        gate.finish(.success(value))
        guard !services.isEmpty else {
            // A service that returns early would end the whole group.
            try? await gracefulShutdown()
            return
        }
        try await ServiceGroup(configuration: .init(services: services, logger: logger)).run()
    }
}
