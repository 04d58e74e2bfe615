import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOHTTP1
@testable import SaudaServer
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// The web chat's public edge: rates per address, session and business with 429 and `Retry-After`, JSON only,
/// server-made session ids, live streams only for real businesses and within their counts.
@Suite struct WebChatEdgeTests {
    /// The system with `configure`d settings on a scratch SQLite file, served on a free port, with a second business.
    static func withEdge(_ configure: @escaping @Sendable (inout EdgeSettings) -> Void,
                         _ test: @Sendable @escaping (any TestClientProtocol, SaudaSystem) async throws -> Void) async throws {
        try await withRunningSystem(configure: { configure(&$0.edge) }) { client, system in
            _ = try await system.database.transaction { sql in
                try await TenantRepository(sql).create(Tenant(id: "other", name: "Другой магазин", timeZone: "Asia/Almaty"), now: Date())
            }
            try await test(client, system)
        }
    }

    static func post(_ client: any TestClientProtocol, tenant: String = "default", session: String, text: String = "Сколько стоят EVA коврики?",
                     id: String, contentType: String = "application/json") async throws -> (HTTPResponse.Status, String?, String) {
        try await client.execute(uri: "/api/v1/webchat/\(tenant)/messages", method: .post, headers: [.contentType: contentType],
                                 body: json(["session": session, "text": text, "id": id])) { response in
            (response.status, response.headers[.retryAfter], String(buffer: response.body))
        }
    }

    @Test func oneSessionOverItsRateGets429WithRetryAfterAndOthersGoOn() async throws {
        try await Self.withEdge({ $0.sessionRate = .init(perMinute: 1, burst: 3) }) { client, _ in
            for index in 0..<3 { #expect(try await Self.post(client, session: "flood", id: "m\(index)").0 == .accepted) }
            let (status, retryAfter, body) = try await Self.post(client, session: "flood", id: "m3")
            #expect(status == .tooManyRequests)
            #expect(Int(retryAfter ?? "") ?? 0 >= 1, "Retry-After in whole seconds")
            #expect(body.contains("chat session"))
            #expect(try await Self.post(client, session: "calm", id: "c0").0 == .accepted, "another session is not held back")
        }
    }

    @Test func oneAddressOverItsRateGets429() async throws {
        try await Self.withEdge({ $0.addressRate = .init(perMinute: 1, burst: 4) }) { client, _ in
            for index in 0..<4 { #expect(try await Self.post(client, session: "s\(index)", id: "m").0 == .accepted) }
            let (status, retryAfter, body) = try await Self.post(client, session: "fresh", id: "m")
            #expect(status == .tooManyRequests && retryAfter != nil)
            #expect(body.contains("your address"), "new session ids do not get round the address's rate")
        }
    }

    /// A flood of one business's chat is refused at that business's rate; another business's customers are not.
    @Test func aFloodedBusinessIsLimitedAloneAndNothingOfAnotherIsRefused() async throws {
        try await Self.withEdge({ edge in
            edge.tenantRate = .init(perMinute: 1, burst: 10)
            edge.addressRate = .init(perMinute: 100_000, burst: 100_000)
        }) { client, _ in
            var refused = 0
            for index in 0..<40 {
                let (status, _, _) = try await Self.post(client, session: "visitor-\(index)", id: "m")
                if status == .tooManyRequests { refused += 1 } else { #expect(status == .accepted) }
            }
            #expect(refused >= 29, "at most the burst and one refill got through: \(40 - refused)")
            for index in 0..<10 {
                #expect(try await Self.post(client, tenant: "other", session: "customer-\(index)", id: "m").0 == .accepted)
            }
        }
    }

    @Test func onlyJSONIsAccepted() async throws {
        try await Self.withEdge({ _ in }) { client, _ in
            let (status, _, body) = try await Self.post(client, session: "s", id: "m", contentType: "text/plain")
            #expect(status == .unsupportedMediaType)
            #expect(body.contains("Content-Type"))
            #expect(try await Self.post(client, session: "s", id: "m", contentType: "application/json; charset=utf-8").0 == .accepted)
            let customer = try await conversation(client, session: "s").messages.filter { $0.role == "customer" }
            #expect(customer.count == 1, "only the JSON post was stored")
        }
    }

    @Test func theServerHandsOutRandomSessionIdsOnlyForRealBusinesses() async throws {
        try await Self.withEdge({ _ in }) { client, _ in
            var seen: Set<String> = []
            for _ in 0..<5 {
                try await client.execute(uri: "/api/v1/webchat/default/sessions", method: .post) { response in
                    #expect(response.status == .created)
                    let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: String]
                    let session = try #require(object?["session"])
                    #expect(session.hasPrefix("web-") && session.count == 26)
                    #expect(session.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
                    seen.insert(session)
                }
            }
            #expect(seen.count == 5)
            try await client.execute(uri: "/api/v1/webchat/nobody/sessions", method: .post) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func liveStreamsOpenOnlyForRealBusinessesAndWithinTheirCounts() async throws {
        try await Self.withEdge({ $0.streamsPerSession = 1 }) { client, _ in
            try await client.execute(uri: "/api/v1/webchat/nobody/sessions/s/events", method: .get) { response in
                #expect(response.status == .notFound)
            }
            let port = try #require(client.port)
            func open(_ session: String) async throws -> HTTPClientResponse {
                let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/webchat/default/sessions/\(session)/events")
                return try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            }
            // The answer's head comes once the stream is counted: the first stays open while the next are tried.
            let first = try await open("s")
            #expect(first.status == .ok)
            let second = try await open("s")
            #expect(second.status == .tooManyRequests, "the session's second stream was refused")
            #expect(second.headers.first(name: "Retry-After") != nil)
            let other = try await open("other")
            #expect(other.status == .ok, "another session has its own count")
            _ = first
        }
    }

    /// A stream whose reader left frees its place by the next heartbeat: a page reloaded is not refused its stream.
    @Test func aStreamWhoseReaderLeftFreesItsPlace() async throws {
        try await Self.withEdge({ edge in
            edge.streamsPerSession = 1
            edge.streamHeartbeatSeconds = 1
        }) { client, _ in
            let port = try #require(client.port)
            let url = "http://127.0.0.1:\(port)/api/v1/webchat/default/sessions/reloaded/events"
            // The first reader reads the stream's opening and leaves.
            let first = Task {
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
                for try await _ in response.body { break }
                return response.status
            }
            #expect(try await first.value == .ok)
            // The next one is refused only until the heartbeat finds the first gone (about a second).
            var status: HTTPResponseStatus = .tooManyRequests
            for _ in 0..<100 where status == .tooManyRequests {
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
                status = response.status
                if status == .tooManyRequests { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(status == .ok, "the stream of a reader that left still counted")
        }
    }
}
