import Foundation
import Synchronization

/// A child process awaited without blocking a thread of Swift's cooperative pool (Foundation's
/// `waitUntilExit` spins a run loop on the calling thread; a few of those at once starve every other test).
/// Its standard output and error go to a file, read after it exits.
public final class ChildProcess: @unchecked Sendable {
    // `@unchecked`: `process` is configured and started in `init`, then only signalled; its exit is observed
    // through `terminationHandler` and kept under the mutex.
    private let process = Process()
    private final class ExitState: Sendable {
        let state = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))
    }
    private let exit = ExitState()
    /// Where the process writes its output.
    public let outputFile: URL

    /// Starts `executable` with `arguments`.
    public init(executable: String, arguments: [String], environment: [String: String], directory: URL? = nil,
                outputFile: URL? = nil) throws {
        let output = outputFile ?? FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).log")
        self.outputFile = output
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = handle
        process.standardError = handle
        let exit = self.exit
        process.terminationHandler = { finished in
            let status = finished.terminationStatus
            let waiters = exit.state.withLock { state -> [CheckedContinuation<Int32, Never>] in
                state.status = status
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: status) }
            try? handle.close()
        }
        try process.run()
    }

    /// The process id.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Sends a signal (`SIGTERM`, `SIGKILL`).
    public func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits until the process exits.
    /// - Returns: its exit status.
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

    /// What the process wrote so far.
    public var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    /// Runs a process to its end.
    /// - Returns: its exit status and everything it wrote.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]) async throws -> (status: Int32, output: String) {
        let child = try ChildProcess(executable: executable, arguments: arguments, environment: environment)
        let status = await child.exited()
        let output = child.output
        try? FileManager.default.removeItem(at: child.outputFile)
        return (status, output)
    }
}
