import Synchronization

/// Holds a simulated API's answers while closed, and lets every held one go when opened: a struggling provider
/// whose calls hang for as long as a test needs, without the test waiting for a fixed delay.
final class AnswerGate: Sendable {
    private struct State {
        var closed = false
        var held: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Answers wait from now on.
    func close() { state.withLock { $0.closed = true } }

    /// Answers go at once from now on, and every held one goes now.
    func open() {
        let held = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = false
            defer { state.held = [] }
            return state.held
        }
        for answer in held { answer.resume() }
    }

    /// Answers held now.
    var heldCount: Int { state.withLock { $0.held.count } }

    /// Returns at once while open; while closed, when the gate opens.
    func pass() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let goNow = state.withLock { state -> Bool in
                guard state.closed else { return true }
                state.held.append(continuation)
                return false
            }
            if goNow { continuation.resume() }
        }
    }
}
