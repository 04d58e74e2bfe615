import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
@testable import SaudaServer
import SaudaTestSupport
import Synchronization
import Testing

/// A wrong webhook secret is refused every time, but logged at most once a tenant a minute.
@Suite struct WebhookSecretWarningTests {
    final class Now: Sendable {
        private let value = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var date: Date { value.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { value.withLock { $0 += seconds } }
    }

    @Test func theThrottleLetsOneLineATenantAMinuteAndCountsTheRest() {
        let now = Now()
        let throttle = LogThrottle(interval: .seconds(60), now: { now.date })
        #expect(throttle.admit("default") == .write(suppressed: 0))
        for _ in 0..<5 { #expect(throttle.admit("default") == .suppress) }
        #expect(throttle.admit("other") == .write(suppressed: 0), "each tenant on its own")
        now.advance(59)
        #expect(throttle.admit("default") == .suppress)
        now.advance(1)
        #expect(throttle.admit("default") == .write(suppressed: 6))
        #expect(throttle.admit("default") == .suppress)
        now.advance(3600)
        #expect(throttle.admit("default") == .write(suppressed: 1))
        #expect(throttle.admit("other") == .write(suppressed: 0))
    }

    @Test func aFloodOfWrongSecretsLogsOneWarning() async throws {
        let capture = LogCapture()
        let now = Now()
        let router = Router(context: AppRequestContext.self)
        router.group("webhooks/wappi")
            .add(middleware: WappiWebhookMiddleware(accounts: ["default": .init(profileID: "p", secret: "right-secret-0123456789")],
                                                    warnings: LogThrottle(now: { now.date })))
            .get(":tenant/:secret") { _, _ in "ok" }
        let app = Application(router: router, logger: capture.logger(level: .debug))
        try await app.test(.router) { client in
            for _ in 0..<50 {
                try await client.execute(uri: "/webhooks/wappi/default/wrong", method: .get) { response in
                    #expect(response.status == .forbidden, "every attempt is refused")
                }
            }
            try await client.execute(uri: "/webhooks/wappi/default/right-secret-0123456789", method: .get) { response in
                #expect(response.status == .ok)
            }
            now.advance(61)
            try await client.execute(uri: "/webhooks/wappi/default/wrong", method: .get) { response in
                #expect(response.status == .forbidden)
            }
        }
        let warnings = capture.lines.filter { $0.message == "wappi webhook with a wrong secret" }
        #expect(warnings.count == 2)
        #expect(warnings.first?.metadata["suppressed"] == nil)
        #expect(warnings.last?.metadata["suppressed"] == "49")
        #expect(warnings.allSatisfy { $0.metadata["tenant"] == "default" })
    }
}
