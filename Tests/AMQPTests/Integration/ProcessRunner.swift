import Foundation

/// Runs a program to its end without blocking a Swift concurrency thread.
enum ProcessRunner {
    struct Result: Sendable {
        var status: Int32
        var output: String
    }

    /// The package's root folder (where Package.swift is), found from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func run(_ executable: String, _ arguments: [String]) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in continuation.resume(returning: process.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        return Result(status: status, output: String(decoding: data, as: UTF8.self))
    }

    /// Runs `rabbitmqctl` against the scratch node of scripts/rabbitmq.sh.
    static func rabbitmqctl(_ arguments: [String]) async throws -> Result {
        try await run("/bin/bash", [packageRoot.appendingPathComponent("scripts/rabbitmq.sh").path, "ctl"] + arguments)
    }
}
