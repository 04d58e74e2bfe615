import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SaudaCRM
import SaudaCRMYclients
import SaudaCore
import SaudaSimulators

/// The YCLIENTS simulator served on a loopback port, and an adapter pointed at it.
enum YclientsHarness {
    static let company = 558_795
    static let hairdresser = "6544"
    static let haircut = "1896208"
    static let zone = TimeZone(secondsFromGMT: 5 * 3600) ?? .current

    /// A simulator whose limits a test's flow does not reach (the rate-limit test makes its own).
    static func simulator(perSecond: Int = 1000, perMinute: Int = 100_000, clock: some Clock<Duration> = ContinuousClock()) -> YclientsSimulator {
        YclientsSimulator(companyID: company, perSecond: perSecond, perMinute: perMinute, clock: clock)
    }

    /// The next week's slots of the hairdresser's haircut.
    static func query(staff: String? = hairdresser, limit: Int = 5) -> SlotQuery {
        SlotQuery(serviceID: haircut, staffID: staff, from: Date(), until: Date().addingTimeInterval(7 * 86_400), timeZone: zone, limit: limit)
    }

    static func customer() -> CustomerDraft { CustomerDraft(name: "Айгерим", phone: "8 701 123-45-67", email: "a@example.kz") }

    /// Serves `simulator` and calls `body` with an adapter that uses these tokens (and a pacer that never waits).
    static func run(_ simulator: YclientsSimulator, partner: String = "sim-partner", user: String = "sim-user",
                    _ body: @escaping @Sendable (YclientsAdapter, Int) async throws -> Void) async throws {
        try await SimulatorServer.withServer(simulator.router()) { port in
            let settings = YclientsSettings(baseURL: "http://127.0.0.1:\(port)/api/v1", partnerToken: partner, userToken: user,
                                            companyID: String(company), timeZone: zone)
            let adapter = YclientsAdapter(settings: settings, client: .shared, pacer: YclientsPacer(perSecond: 10_000, perMinute: 1_000_000),
                                          timeout: .seconds(10), logger: Logger(label: "test"))
            try await body(adapter, port)
        }
    }
}
