import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process for tests, started with `posix_spawn` and awaited by a thread of its own.
///
/// Foundation's `Process` runs its bookkeeping (a run loop, a `select` on a socket pair) on Dispatch's global
/// threads, the same few threads Swift concurrency runs on (two on this machine). This type keeps off those
/// threads: the process is spawned directly and `waitpid` blocks a dedicated thread. Its standard output and
/// error go to a file, read after it exits. Waits have limits, so a child that hangs fails its test instead
/// of holding up the whole run.
public final class ChildProcess: Sendable {
    private final class ExitState: Sendable {
        let state = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))
    }
    private let exit = ExitState()
    private final class KillFlag: Sendable {
        let flag = Mutex(false)
    }
    /// The process id.
    public let processIdentifier: pid_t
    /// Where the process writes its output.
    public let outputFile: URL

    /// A process could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        /// `errno` of `posix_spawn`.
        public let code: Int32
        public var description: String { "posix_spawn failed: \(String(cString: strerror(code)))" }
    }

    /// Starts `executable` with `arguments`.
    public init(executable: String, arguments: [String], environment: [String: String], directory: URL? = nil,
                outputFile: URL? = nil) throws {
        let output = outputFile ?? FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).log")
        self.outputFile = output
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Glibc's chdir file action is not imported: a shell changes the directory and execs the program.
        let command = directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0.path, executable] + arguments }
            ?? [executable] + arguments
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var spawned: pid_t = 0
        let code = posix_spawn(&spawned, command[0], &actions, nil, argv, envp)
        guard code == 0 else { throw SpawnError(code: code) }
        let pid = spawned
        processIdentifier = pid
        let exit = self.exit
        let waiter = Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1, errno == EINTR {}
            // WIFEXITED / WEXITSTATUS / WTERMSIG spelled out: the C macros are not imported.
            let signal = status & 0x7f
            let result = signal == 0 ? (status >> 8) & 0xff : 128 + signal
            let waiters = exit.state.withLock { state -> [CheckedContinuation<Int32, Never>] in
                state.status = result
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: result) }
        }
        waiter.start()
    }

    /// Sends a signal (`SIGTERM`, `SIGKILL`).
    public func signal(_ number: Int32) {
        kill(processIdentifier, number)
    }

    /// Waits until the process exits.
    /// - Returns: its exit status (128 + the signal when a signal ended it).
    @discardableResult
    public func exited() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status = exit.state.withLock { state -> Int32? in
                if let status = state.status { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// Waits until the process exits, at most `limit`; a process still running then is killed (`SIGKILL`),
    /// so that a child that hangs fails its test instead of holding up the whole run.
    /// - Returns: its exit status, or `nil` when it had to be killed.
    public func exited(within limit: Duration) async -> Int32? {
        let killed = KillFlag()
        let killer = Task { [processIdentifier] in
            try await Task.sleep(for: limit)
            killed.flag.withLock { $0 = true }
            kill(processIdentifier, SIGKILL)
        }
        let status = await exited()
        killer.cancel()
        let timedOut = killed.flag.withLock { $0 }
        return timedOut ? nil : status
    }

    /// What the process wrote so far.
    public var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    /// Runs a process to its end, killing it after `limit`.
    /// - Returns: its exit status (-1 when it was killed for running too long) and everything it wrote.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                           limit: Duration = .seconds(300)) async throws -> (status: Int32, output: String) {
        let child = try ChildProcess(executable: executable, arguments: arguments, environment: environment)
        let status = await child.exited(within: limit) ?? -1
        let output = child.output
        try? FileManager.default.removeItem(at: child.outputFile)
        return (status, output)
    }
}
