import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SaudaCRM
import SaudaCRMAmo
import SaudaCore
import SaudaSimulators
import Synchronization

/// A credentials store that remembers what it was given, and can refuse the next seal.
final class RecordingCredentialsStore: CRMCredentialsStore {
    private let state = Mutex((stored: [String](), refusals: 0))

    /// Everything sealed so far, in order.
    var stored: [String] { state.withLock { $0.stored } }

    /// The next `count` seals fail (a vault that is down).
    func refuseNext(_ count: Int) { state.withLock { $0.refusals += count } }

    func storeRenewedCredentials(_ credentials: String) async throws(CRMError) {
        let refused = state.withLock { state -> Bool in
            guard state.refusals == 0 else {
                state.refusals -= 1
                return true
            }
            state.stored.append(credentials)
            return false
        }
        if refused { throw .retryable(reason: "the vault is down", outcomeUnknown: false) }
    }
}

/// The amoCRM simulator on a loopback port, and an adapter pointed at it.
enum AmoHarness {
    static let phone = "+77011234567"

    /// A lead as the agent would write it.
    static func lead(_ title: String = "EVA коврики, Toyota Camry 2020", phone: String = phone) -> LeadDraft {
        LeadDraft(title: title, customerName: "Айгерим", phone: phone, channel: "whatsapp", stage: "qualified",
                  details: ["car": "Toyota Camry 2020", "city": "Алматы", "delivery": "курьер"], summary: "Хочет коврики с доставкой",
                  createdAt: Date(timeIntervalSince1970: 1_790_000_000))
    }

    /// Settings for the simulator on `port`: the key in the key field 700001 unless `keyField` is false, `car` and
    /// `city` in the simulator's text fields.
    static func settings(port: Int, keyField: Bool = true) -> AmoSettings {
        AmoSettings(baseURL: "http://127.0.0.1:\(port)", subdomain: "sim", accountID: 31_000_001, keyFieldID: keyField ? 700_001 : nil,
                    detailFields: ["car": 700_002, "city": 700_003])
    }

    /// A simulator that lets many calls through a second (the rate limit has its own test).
    static func simulator(requestsPerSecond: Int = 10_000, clock: some Clock<Duration> = ContinuousClock()) -> AmoSimulator {
        AmoSimulator(requestsPerSecond: requestsPerSecond, clock: clock)
    }

    /// Serves `simulator` and calls `body` with an adapter signed in with `credentials` (the long-lived token when `nil`).
    static func run(_ simulator: AmoSimulator, credentials: AmoCredentials? = nil, store: RecordingCredentialsStore? = nil,
                    keyField: Bool = true, timeout: Duration = .seconds(10), now: @escaping @Sendable () -> Date = { Date() },
                    _ body: @escaping @Sendable (AmoAdapter, Int) async throws -> Void) async throws {
        try await SimulatorServer.withServer(simulator.router()) { port in
            let adapter = AmoAdapter(settings: settings(port: port, keyField: keyField),
                                     credentials: credentials ?? .longLived(token: simulator.longLivedToken), store: store,
                                     client: .shared, logger: Logger(label: "test"), timeout: timeout, now: now)
            try await body(adapter, port)
        }
    }

    /// OAuth credentials for a pair the simulator issued.
    static func oauth(_ simulator: AmoSimulator, expiresAt: Date? = nil) -> (AmoCredentials, refreshToken: String) {
        let pair = simulator.issueTokens()
        let tokens = AmoOAuthTokens(accessToken: pair.accessToken, refreshToken: pair.refreshToken, clientID: simulator.clientID,
                                    clientSecret: simulator.clientSecret, redirectURI: simulator.redirectURI, expiresAt: expiresAt)
        return (.oauth(tokens), pair.refreshToken)
    }

    /// A raw call to the simulator: status, content type, body.
    static func call(_ port: Int, _ path: String, method: HTTPMethod = .GET, token: String? = "sim-token",
                     body: String? = nil, contentType: String = "application/json") async throws -> (status: Int, contentType: String, body: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers.first(name: "Content-Type") ?? "", String(buffer: bytes))
    }
}
