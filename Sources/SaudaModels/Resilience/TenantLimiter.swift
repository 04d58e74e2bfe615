import Foundation
import Synchronization

/// Bounds the model calls one tenant runs at once, so one busy business cannot take every connection to
/// the provider (and its rate limit) from the others. Waiters are served in arrival order.
public final class TenantLimiter: Sendable {
    private struct Slots {
        var running = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
    }

    private let state = Mutex<[String: Slots]>([:])
    private let nextID = Atomic<UInt64>(0)
    let limit: Int

    /// Creates a limiter with `limit` calls per tenant.
    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Runs `body` once a slot of `tenant` is free.
    /// - Throws: ``ModelError/Kind/deadlineExceeded`` when the task is cancelled while it waits.
    public func run<T: Sendable>(tenant: String, _ body: () async throws(ModelError) -> T) async throws(ModelError) -> T {
        guard await acquire(tenant) else { throw ModelError(.deadlineExceeded, "the turn ended while waiting for a model slot") }
        defer { release(tenant) }
        return try await body()
    }

    private func acquire(_ tenant: String) async -> Bool {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                // nil: queued; release or cancellation resumes it.
                let immediate = state.withLock { slots -> Bool? in
                    if Task.isCancelled { return false }
                    if slots[tenant, default: Slots()].running < limit {
                        slots[tenant, default: Slots()].running += 1
                        return true
                    }
                    slots[tenant, default: Slots()].waiters.append((id, continuation))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { slots -> CheckedContinuation<Bool, Never>? in
                guard let index = slots[tenant]?.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return slots[tenant]?.waiters.remove(at: index).continuation
            }
            waiter?.resume(returning: false)
        }
    }

    private func release(_ tenant: String) {
        let next = state.withLock { slots -> CheckedContinuation<Bool, Never>? in
            guard var entry = slots[tenant] else { return nil }
            if entry.waiters.isEmpty {
                entry.running -= 1
                slots[tenant] = entry.running == 0 ? nil : entry
                return nil
            }
            let waiter = entry.waiters.removeFirst()
            slots[tenant] = entry
            return waiter.continuation
        }
        next?.resume(returning: true)
    }
}
