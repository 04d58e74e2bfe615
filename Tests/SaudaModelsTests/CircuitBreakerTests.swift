import SaudaModels
import SaudaTestSupport
import Testing

/// The breaker on its own, on a clock the test moves.
@Suite struct CircuitBreakerTests {
    @Test func theCircuitOpensAfterTheThresholdAndLetsOneTrialThroughOnlyAfterTheOpenDuration() {
        let clock = ManualClock()
        let breaker = CircuitBreaker(failureThreshold: 3, openDuration: .seconds(30), clock: clock)
        #expect(!breaker.recordFailure("503"))
        #expect(!breaker.recordFailure("503"))
        #expect(breaker.allowsCall())
        #expect(breaker.recordFailure("503"), "the third failure in a row opens the circuit")
        #expect(breaker.snapshot.state == .open && breaker.snapshot.consecutiveFailures == 3)

        clock.advance(by: .seconds(29))
        #expect(!breaker.allowsCall(), "still open one second before the open duration ends")
        clock.advance(by: .seconds(1))
        #expect(breaker.allowsCall(), "the trial call")
        #expect(breaker.snapshot.state == .halfOpen)
        #expect(!breaker.allowsCall(), "only one trial at a time")

        // The trial fails: open again for a whole open duration from now.
        #expect(breaker.recordFailure("503"))
        clock.advance(by: .seconds(29))
        #expect(!breaker.allowsCall())
        clock.advance(by: .seconds(1))
        #expect(breaker.allowsCall())
        breaker.recordSuccess()
        #expect(breaker.snapshot.state == .closed && breaker.snapshot.consecutiveFailures == 0)
        #expect(breaker.allowsCall() && breaker.allowsCall())
    }
}
