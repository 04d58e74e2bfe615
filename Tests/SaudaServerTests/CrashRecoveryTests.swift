import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SaudaCore
import SaudaServer
import SaudaTestSupport
import Synchronization
import Testing

/// Kills a real `sauda serve` process with SIGKILL in the middle of a burst, starts it again, and checks
/// that every message the server accepted is answered exactly once.
@Suite(.serialized) struct CrashRecoveryTests {
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["SAUDA_BINARY"] { return path }
        return FileManager.default.currentDirectoryPath + "/.build/debug/sauda"
    }

    /// A `sauda serve` process on a scratch database in `directory`.
    final class Server: Sendable {
        let child: ChildProcess
        let port: Int

        init(directory: URL, port: Int) throws {
            self.port = port
            var environment = ProcessInfo.processInfo.environment
            environment["DATABASE_URL"] = "sqlite:" + directory.appendingPathComponent("crash.sqlite").path
            environment["LOG_LEVEL"] = "warning"
            environment["QUEUE_LEASE_SECONDS"] = "5"
            environment.merge(CrashRecoveryTests.unlimitedWebChat) { _, new in new }
            child = try ChildProcess(executable: CrashRecoveryTests.binary, arguments: ["serve", "--port", "\(port)"],
                                     environment: environment, directory: directory,
                                     outputFile: directory.appendingPathComponent("serve-\(port)-\(UUID().uuidString.prefix(4)).log"))
        }

        /// Kills the server with SIGKILL and waits until it is gone.
        func kill() async {
            child.signal(SIGKILL)
            _ = await child.exited(within: .seconds(30))
        }

        /// Sends SIGTERM and returns the exit status (-1 when the server had not stopped after 60 s and was killed).
        @discardableResult
        func terminate() async -> Int32 {
            child.signal(SIGTERM)
            return await child.exited(within: .seconds(60)) ?? -1
        }

        /// What the server wrote so far.
        var output: String { child.output }
    }

    /// Runs `body` with a second server, stopped afterwards whatever happens.
    static func withServer(directory: URL, port: Int, _ body: (Server) async throws -> Void) async throws {
        let server = try Server(directory: directory, port: port)
        do { try await body(server) } catch {
            await server.terminate()
            throw error
        }
        await server.terminate()
    }

    /// Web-chat rates high enough for a test's burst from one address to one business (the rates are tested in
    /// ``WebChatEdgeTests``).
    static let unlimitedWebChat: [String: String] = Dictionary(uniqueKeysWithValues: ["ADDRESS", "SESSION", "TENANT"].flatMap { scope in
        [("WEBCHAT_\(scope)_PER_MINUTE", "1000000"), ("WEBCHAT_\(scope)_BURST", "100000")]
    })

    static func request(_ url: String, method: HTTPMethod = .GET, body: [String: Any]? = nil) async throws -> (Int, Data) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), Data(bytes.readableBytesView))
    }

    static func waitHealthy(port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let (status, _) = try? await request("http://127.0.0.1:\(port)/health"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw StoreErrorLike("server on port \(port) did not become healthy")
    }

    final class AcceptedLog: Sendable {
        let ids = Mutex<[String: [String]]>([:])
        let killed = Mutex(false)
        func add(_ id: String, session: String) { ids.withLock { $0[session, default: []].append(id) } }
        var count: Int { ids.withLock { $0.values.reduce(0) { $0 + $1.count } } }
        var snapshot: [String: [String]] { ids.withLock { $0 } }
    }

    struct StoreErrorLike: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CrashRecoveryTests.binary),
                   "needs the sauda binary: run `swift build` first (scripts/test.sh does)"))
    func everyAcceptedMessageIsAnsweredExactlyOnceAfterSIGKILL() async throws {
        try await withTemporaryDirectory { directory in
            let port = try freeLoopbackPort()
            let first = try Server(directory: directory, port: port)
            try await Self.waitHealthy(port: port)
            let accepted = AcceptedLog()
            let sessions = 20
            let burst = 400
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var index = worker
                        while index < burst, !accepted.killed.withLock({ $0 }) {
                            let session = "crash-\(index % sessions)"
                            let id = "c\(index)"
                            let result = try? await Self.request("http://127.0.0.1:\(port)/api/v1/webchat/default/messages", method: .POST,
                                                                 body: ["session": session, "text": "Сколько стоят коврики? №\(index)", "id": id])
                            if let (status, _) = result, status == 202 || status == 200 {
                                accepted.add("wc:\(session):\(id)", session: session)
                            }
                            index += 8
                        }
                    }
                }
                group.addTask {
                    while accepted.count < burst / 3 {
                        try? await Task.sleep(for: .milliseconds(5))
                    }
                    await first.kill()
                    accepted.killed.withLock { $0 = true }
                }
            }
            let acceptedBeforeRestart = accepted.snapshot
            let total = acceptedBeforeRestart.values.reduce(0) { $0 + $1.count }
            #expect(total >= burst / 3)
            #expect(total < burst, "the kill must land in the middle of the burst")

            try await Self.withServer(directory: directory, port: port + 1) { _ in
                try await Self.waitHealthy(port: port + 1)
                let (missing, duplicates) = try await Self.verifyAnswers(acceptedBeforeRestart, port: port + 1)
                #expect(missing.isEmpty, "accepted but never answered: \(missing)")
                #expect(duplicates.isEmpty, "answered more than once: \(duplicates)")
            }
        }
    }

    /// Polls the restarted server until every accepted message is answered, and reports any message never
    /// answered or answered twice.
    static func verifyAnswers(_ accepted: [String: [String]], port: Int) async throws -> ([String: [String]], [String]) {
        let deadline = ContinuousClock.now + .seconds(90)
        var missing = accepted
        var duplicates: [String] = []
        while ContinuousClock.now < deadline {
            missing = [:]
            duplicates = []
            for (session, ids) in accepted {
                let (_, data) = try await request("http://127.0.0.1:\(port)/api/v1/webchat/default/sessions/\(session)/messages")
                let body = try JSONDecoder().decode(ConversationBody.self, from: data)
                var counts: [String: Int] = [:]
                for reply in body.messages where reply.role == "bot" {
                    for id in reply.answers ?? [] { counts[id, default: 0] += 1 }
                }
                duplicates += counts.filter { $0.value > 1 }.map(\.key)
                let open = ids.filter { counts[$0] == nil }
                if !open.isEmpty { missing[session] = open }
            }
            if missing.isEmpty { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        return (missing, duplicates)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CrashRecoveryTests.binary),
                   "needs the sauda binary: run `swift build` first (scripts/test.sh does)"))
    func sigtermDrainsAndExitsCleanlyWithoutLosingMessages() async throws {
        try await withTemporaryDirectory { directory in
            let port = try freeLoopbackPort()
            let first = try Server(directory: directory, port: port)
            try await Self.waitHealthy(port: port)
            var accepted: [String: [String]] = [:]
            for index in 0..<60 {
                let session = "term-\(index % 6)"
                let (status, _) = try await Self.request("http://127.0.0.1:\(port)/api/v1/webchat/default/messages", method: .POST,
                                                         body: ["session": session, "text": "Есть доставка? \(index)", "id": "t\(index)"])
                if status == 202 { accepted[session, default: []].append("wc:\(session):t\(index)") }
            }
            #expect(accepted.values.reduce(0) { $0 + $1.count } == 60)
            let exitStatus = await first.terminate()
            #expect(exitStatus == 0, "SIGTERM ends the server cleanly")
            try await Self.withServer(directory: directory, port: port + 1) { second in
                try await Self.waitHealthy(port: port + 1)
                let (missing, duplicates) = try await Self.verifyAnswers(accepted, port: port + 1)
                #expect(missing.isEmpty, "accepted but never answered: \(missing)")
                #expect(duplicates.isEmpty, "answered more than once: \(duplicates)")

                // The first start wrote a first admin token to a private file beside the database and told only the
                // file's path, once; the token opens the admin API of the restarted server.
                let file = directory.appendingPathComponent(FirstAdminTokenFile.name).path
                #expect(PrivateFile.permissions(file) == 0o600)
                let token = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(token.hasPrefix("sda_"))
                #expect(first.output.contains(FirstAdminTokenFile.name), "the first start tells where the token is")
                #expect(!first.output.contains("sda_") && !second.output.contains("sda_"), "the token never reaches the output")
                #expect(!second.output.contains(FirstAdminTokenFile.name), "the token is made only on the very first start")
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port + 1)/api/v1/whitelist")
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                #expect(response.status == .ok)
            }
        }
    }
}
