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

    /// Closes, on the broker, the connections whose client named itself `name` (connection_name),
    /// leaving the other tests' connections alone. Returns how many it closed.
    static func closeConnections(named name: String) async throws -> Int {
        let list = try await rabbitmqctl(["-q", "list_connections", "--no-table-headers", "pid", "client_properties"])
        let pids = list.output.split(separator: "\n")
            .filter { $0.contains("{\"connection_name\",\"\(name)\"}") }
            .compactMap { $0.split(separator: "\t").first.map(String.init) }
        for pid in pids {
            _ = try await rabbitmqctl(["close_connection", pid, "killed by the Sauda test"])
        }
        return pids.count
    }
}
