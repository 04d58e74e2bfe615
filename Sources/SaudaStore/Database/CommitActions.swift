import Synchronization

/// What a transaction body leaves to be done once its transaction has committed, such as counting the messages it
/// published. Dropped when the transaction rolls back, so a body that runs again (SQLite runs a group's bodies again
/// when one of them has to be undone) counts its work once.
final class CommitActions: Sendable {
    private let actions = Mutex<[@Sendable () -> Void]>([])

    func add(_ action: @escaping @Sendable () -> Void) {
        actions.withLock { $0.append(action) }
    }

    /// Runs the actions in the order they were added, once.
    func run() {
        let taken = actions.withLock { actions -> [@Sendable () -> Void] in
            let taken = actions
            actions = []
            return taken
        }
        for action in taken { action() }
    }
}
