import Foundation
import SaudaCore
import SaudaOutbound
import SaudaTestSupport
import Synchronization
import Testing

/// The guarded fetcher against listeners of the test's own on 127.0.0.1: what is refused is refused before a
/// connection is made, what is allowed is fetched, and a refusal is permanent.
@Suite struct OutboundFetcherTests {
    static let audio = Array("OggS-voice-note".utf8)

    /// Answers fixed addresses for names and records the names it was asked.
    final class FixedResolver: HostResolver {
        let answers: [String: [IPAddress]]
        let asked = Mutex<[String]>([])

        init(_ answers: [String: [String]] = [:]) {
            self.answers = answers.mapValues { $0.compactMap { IPAddress($0) } }
        }

        func addresses(of host: String) async throws(OutboundFetchError) -> [IPAddress] {
            asked.withLock { $0.append(host) }
            guard let found = answers[host] else { throw .hostNotFound(host) }
            return found
        }
    }

    static func fetcher(allowing hosts: [String] = [], resolver: any HostResolver = SystemHostResolver(),
                        maximumBytes: Int = 1 << 20, timeout: Duration = .seconds(20)) throws -> OutboundFetcher {
        let allowed = try hosts.map { try #require(OutboundHost.parse($0), "\($0)") }
        return OutboundFetcher(policy: OutboundPolicy(allowedHosts: allowed, maximumBytes: maximumBytes, timeout: timeout), resolver: resolver)
    }

    /// The error a fetch ends with, or `nil` when it succeeded.
    static func failure(_ fetcher: OutboundFetcher, _ link: String) async -> OutboundFetchError? {
        do {
            _ = try await fetcher.get(link)
            return nil
        } catch {
            return error
        }
    }

    static func expectForbiddenAddress(_ error: OutboundFetchError?, _ expected: AddressClass? = nil,
                                       sourceLocation: SourceLocation = #_sourceLocation) {
        guard case let .forbiddenAddress(_, _, kind) = error else {
            Issue.record("expected a forbidden address, got \(error.map(String.init(describing:)) ?? "a response")", sourceLocation: sourceLocation)
            return
        }
        if let expected { #expect(kind == expected, sourceLocation: sourceLocation) }
        #expect(error?.isRetryable == false && error?.isRefusal == true, sourceLocation: sourceLocation)
    }

    static func serving(_ path: String = "/audio") -> @Sendable (String) -> LoopbackHTTPServer.Reply {
        { $0 == path ? .ok(body: audio) : .status(404) }
    }

    @Test func anAllowedLoopbackHostIsFetched() async throws {
        try await LoopbackHTTPServer.with(routes: Self.serving()) { server in
            let response = try await Self.fetcher(allowing: ["127.0.0.1:\(server.port)"]).get("\(server.root)/audio")
            #expect(response.status == 200 && Array(response.body) == Self.audio)
            #expect(response.contentType == "audio/ogg" && response.url == "\(server.root)/audio")
            #expect(server.requests == ["/audio"])
        }
    }

    @Test func loopbackThatIsNotAllowedIsRefusedBeforeAnyConnection() async throws {
        try await LoopbackHTTPServer.with(routes: Self.serving()) { server in
            let fetcher = try Self.fetcher()
            for link in ["\(server.root)/audio", "http://localhost:\(server.port)/audio", "http://LOCALHOST.:\(server.port)/audio",
                         "http://127.1:\(server.port)/audio", "http://2130706433:\(server.port)/audio",
                         "http://[::ffff:127.0.0.1]:\(server.port)/audio", "http://[::ffff:7f00:1]:\(server.port)/audio",
                         "http://[::1]:\(server.port)/audio", "http://0.0.0.0:\(server.port)/audio", "http://[::]:\(server.port)/audio"] {
                let error = await Self.failure(fetcher, link)
                Self.expectForbiddenAddress(error)
                guard case let .forbiddenAddress(_, _, kind) = error else { continue }
                #expect(kind == .loopback || kind == .unspecified, "\(link)")
            }
            #expect(server.connections == 0)
        }
    }

    @Test func anAllowedHostsOtherPortsAreRefused() async throws {
        try await LoopbackHTTPServer.with(routes: Self.serving()) { allowed in
            try await LoopbackHTTPServer.with(routes: Self.serving()) { other in
                let fetcher = try Self.fetcher(allowing: ["127.0.0.1:\(allowed.port)"])
                Self.expectForbiddenAddress(await Self.failure(fetcher, "\(other.root)/audio"), .loopback)
                #expect(other.connections == 0)
                // A host allowed without a port is allowed on every port.
                _ = try await Self.fetcher(allowing: ["127.0.0.1"]).get("\(other.root)/audio")
                #expect(other.requests == ["/audio"])
            }
        }
    }

    @Test func aRedirectFromAnAllowedHostToAForbiddenTargetIsRefused() async throws {
        try await LoopbackHTTPServer.with(routes: Self.serving()) { other in
            let targets = ["/to-other-port": "\(other.root)/audio", "/to-localhost": "http://localhost:\(other.port)/audio",
                           "/to-metadata": "http://169.254.169.254/latest/meta-data/", "/to-private": "http://10.0.0.1/audio",
                           "/to-mapped": "http://[::ffff:127.0.0.1]:\(other.port)/audio"]
            try await LoopbackHTTPServer.with(routes: { targets[$0].map { .redirect(to: $0) } ?? .status(404) }) { allowed in
                let fetcher = try Self.fetcher(allowing: ["127.0.0.1:\(allowed.port)"])
                for path in targets.keys.sorted() {
                    Self.expectForbiddenAddress(await Self.failure(fetcher, "\(allowed.root)\(path)"))
                }
                #expect(allowed.requests == targets.keys.sorted())
                #expect(other.connections == 0)
            }
        }
    }

    @Test func schemesOtherThanHTTPAndHTTPSAreRefused() async throws {
        let socket = FileManager.default.temporaryDirectory.appendingPathComponent("sauda-outbound-\(UUID().uuidString.prefix(8)).sock").path
        let encoded = socket.replacingOccurrences(of: "/", with: "%2F")
        let resolver = FixedResolver()
        try await LoopbackHTTPServer.with(routes: Self.serving()) { server in
            let unix = try await LoopbackHTTPServer.start(unixSocket: socket, routes: Self.serving("/x"))
            let fetcher = try Self.fetcher(allowing: ["127.0.0.1", "localhost"], resolver: resolver)
            for link in ["http+unix://\(encoded)/x", "HTTP+UNIX://\(encoded)/x", "https+unix://\(encoded)/x", "unix://\(socket)",
                         "file:///etc/passwd", "file://localhost/etc/passwd", "ftp://127.0.0.1:\(server.port)/audio",
                         "gopher://127.0.0.1:\(server.port)/_GET%20/audio", "ws://127.0.0.1:\(server.port)/audio", "/audio", "127.0.0.1/audio"] {
                let error = await Self.failure(fetcher, link)
                switch error {
                case .forbiddenScheme, .invalidURL: #expect(error?.isRetryable == false && error?.isRefusal == true, "\(link)")
                default: Issue.record("\(link): expected a refused scheme, got \(String(describing: error))")
                }
            }
            // Redirects to such schemes are refused the same way.
            let redirects = ["/to-unix": "http+unix://\(encoded)/x", "/to-file": "file:///etc/passwd"]
            try await LoopbackHTTPServer.with(routes: { redirects[$0].map { .redirect(to: $0) } ?? .status(404) }) { redirecting in
                for path in redirects.keys {
                    let error = await Self.failure(fetcher, "\(redirecting.root)\(path)")
                    guard case .forbiddenScheme = error else { Issue.record("\(path): \(String(describing: error))"); continue }
                }
            }
            await unix.stop()
            #expect(unix.connections == 0 && server.connections == 0)
            #expect(resolver.asked.withLock { $0 }.isEmpty)
        }
    }

    @Test func credentialsInTheURLAreRefused() async throws {
        try await LoopbackHTTPServer.with(routes: Self.serving()) { server in
            let fetcher = try Self.fetcher(allowing: ["127.0.0.1:\(server.port)"])
            for link in ["http://user:secret@127.0.0.1:\(server.port)/audio", "http://user@127.0.0.1:\(server.port)/audio",
                         "http://:secret@127.0.0.1:\(server.port)/audio"] {
                let error = await Self.failure(fetcher, link)
                #expect(error == .credentialsInURL, "\(link)")
                #expect(error.map { !$0.description.contains("secret") } ?? false)
            }
            #expect(server.connections == 0)
        }
    }

    @Test func literalInternalAddressesAreRefusedWithoutResolving() async throws {
        let resolver = FixedResolver()
        let fetcher = try Self.fetcher(resolver: resolver)
        let links: [(String, AddressClass)] = [
            ("http://169.254.169.254/latest/meta-data/iam/", .linkLocal), ("http://10.0.0.1/audio", .privateNetwork),
            ("https://192.168.1.1:8443/audio", .privateNetwork), ("http://172.20.0.5/audio", .privateNetwork),
            ("http://100.64.0.1/audio", .sharedAddressSpace), ("http://[fd00::1]/audio", .privateNetwork),
            ("http://[fe80::1]/audio", .linkLocal), ("http://[::ffff:169.254.169.254]/latest/meta-data/", .linkLocal),
            ("http://[::ffff:10.0.0.1]/audio", .privateNetwork), ("http://224.0.0.1/audio", .multicast),
            ("http://255.255.255.255/audio", .broadcast),
        ]
        for (link, expected) in links {
            Self.expectForbiddenAddress(await Self.failure(fetcher, link), expected)
        }
        #expect(resolver.asked.withLock { $0 }.isEmpty)
    }

    @Test func aNameIsRefusedWhenAnyOfItsAddressesIsInternal() async throws {
        let resolver = FixedResolver(["mixed.test": ["8.8.8.8", "127.0.0.1"], "internal.test": ["10.1.2.3"],
                                      "mapped.test": ["::ffff:127.0.0.1"], "metadata.test": ["169.254.169.254"]])
        let fetcher = try Self.fetcher(resolver: resolver)
        Self.expectForbiddenAddress(await Self.failure(fetcher, "http://mixed.test/audio"), .loopback)
        Self.expectForbiddenAddress(await Self.failure(fetcher, "http://internal.test/audio"), .privateNetwork)
        Self.expectForbiddenAddress(await Self.failure(fetcher, "https://mapped.test/audio"), .loopback)
        Self.expectForbiddenAddress(await Self.failure(fetcher, "http://metadata.test/latest/meta-data/"), .linkLocal)
        #expect(await Self.failure(fetcher, "http://missing.test/audio") == .hostNotFound("missing.test"))
    }

    @Test func theConnectionGoesToTheAddressThatWasChecked() async throws {
        try await LoopbackHTTPServer.with(routes: Self.serving()) { server in
            // The system cannot resolve media.test: the fetch reaches the listener only through the resolver's answer,
            // which the HTTP client does not look up again.
            let resolver = FixedResolver(["media.test": ["127.0.0.1"]])
            let fetcher = try Self.fetcher(allowing: ["media.test"], resolver: resolver)
            let response = try await fetcher.get("http://Media.Test:\(server.port)/audio")
            #expect(Array(response.body) == Self.audio && response.url == "http://media.test:\(server.port)/audio")
            #expect(resolver.asked.withLock { $0 } == ["media.test"])
            #expect(server.connections == 1)
        }
    }

    @Test func redirectsWithinAllowedHostsAreFollowed() async throws {
        try await LoopbackHTTPServer.with(routes: Self.serving()) { second in
            let routes: @Sendable (String) -> LoopbackHTTPServer.Reply = { path in
                switch path {
                case "/start": .redirect(to: "/hop?step=2", status: 301)
                case "/hop?step=2": .redirect(to: "\(second.root)/audio", status: 307)
                default: .status(404)
                }
            }
            try await LoopbackHTTPServer.with(routes: routes) { first in
                let fetcher = try Self.fetcher(allowing: ["127.0.0.1:\(first.port)", "127.0.0.1:\(second.port)"])
                let response = try await fetcher.get("\(first.root)/start")
                #expect(Array(response.body) == Self.audio && response.url == "\(second.root)/audio")
                #expect(first.requests == ["/start", "/hop?step=2"] && second.requests == ["/audio"])
            }
        }
    }

    @Test func atMostThreeRedirectsAreFollowed() async throws {
        let routes: @Sendable (String) -> LoopbackHTTPServer.Reply = { path in
            guard let step = Int(path.dropFirst(3)), path.hasPrefix("/r/") else { return .status(404) }
            return step < 4 ? .redirect(to: "/r/\(step + 1)") : .ok(body: OutboundFetcherTests.audio)
        }
        try await LoopbackHTTPServer.with(routes: routes) { server in
            let fetcher = try Self.fetcher(allowing: ["127.0.0.1:\(server.port)"])
            #expect(Array(try await fetcher.get("\(server.root)/r/1").body) == Self.audio)
            #expect(server.requests == ["/r/1", "/r/2", "/r/3", "/r/4"])
            let error = await Self.failure(fetcher, "\(server.root)/r/0")
            #expect(error == .tooManyRedirects(limit: 3) && error?.isRetryable == false)
            #expect(server.requests.count == 8, "four requests of the refused fetch: the first and three redirects")
        }
    }

    @Test func anAnswerOverTheLimitIsRefusedAndIsNotRetryable() async throws {
        let routes: @Sendable (String) -> LoopbackHTTPServer.Reply = { path in
            switch path {
            case "/declared": .stream(count: 512 << 10, declaresLength: true)
            case "/chunked": .stream(count: 512 << 10, declaresLength: false)
            case "/fits": .stream(count: 64 << 10, declaresLength: false)
            default: .status(404)
            }
        }
        try await LoopbackHTTPServer.with(routes: routes) { server in
            let fetcher = try Self.fetcher(allowing: ["127.0.0.1:\(server.port)"], maximumBytes: 64 << 10)
            for path in ["/declared", "/chunked"] {
                let error = await Self.failure(fetcher, "\(server.root)\(path)")
                #expect(error == .tooLarge(limit: 64 << 10), "\(path)")
                #expect(error?.isRetryable == false && error?.isRefusal == true)
            }
            #expect(try await fetcher.get("\(server.root)/fits").body.count == 64 << 10)
        }
    }

    @Test func fourHundredsAreFinalAndFiveHundredsMayBeRetried() async throws {
        try await LoopbackHTTPServer.with(routes: { $0 == "/down" ? .status(503) : .status(404) }) { server in
            let fetcher = try Self.fetcher(allowing: ["127.0.0.1:\(server.port)"])
            let missing = await Self.failure(fetcher, "\(server.root)/missing")
            #expect(missing == .status(404) && missing?.isRetryable == false)
            let down = await Self.failure(fetcher, "\(server.root)/down")
            #expect(down == .status(503) && down?.isRetryable == true)
        }
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        try await LoopbackHTTPServer.with(routes: { _ in .silent }) { server in
            let fetcher = try Self.fetcher(allowing: ["127.0.0.1:\(server.port)"], timeout: .milliseconds(300))
            let error = await Self.failure(fetcher, "\(server.root)/audio")
            #expect(error == .timedOut && error?.isRetryable == true)
        }
    }
}
