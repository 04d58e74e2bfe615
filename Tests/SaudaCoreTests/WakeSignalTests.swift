import SaudaCore
import SaudaTestSupport
import Testing

/// A wake signal's waits end at a notification, at their timeout on the signal's clock, or when cancelled, and
/// say which.
@Suite(.timeLimit(.minutes(1))) struct WakeSignalTests {
    @Test func aNotificationWakesTheWaiterAndSaysSo() async {
        let clock = ManualClock()
        let signal = WakeSignal(clock: clock)
        let waiter = Task { await signal.wait(timeout: .seconds(30)) }
        await clock.waitForSleepers()
        signal.notify()
        #expect(await waiter.value, "woken by the notification")
        #expect(clock.sleeperCount == 0, "the timeout's sleep ended with the wait")
    }

    @Test func aNotificationBeforeAnyoneWaitsIsKeptForTheNextWait() async {
        let signal = WakeSignal(clock: ManualClock())
        signal.notify()
        #expect(await signal.wait(timeout: .seconds(30)), "the earlier notification ends the wait at once")
    }

    @Test func theTimeoutRunsOnTheSignalsClock() async {
        let clock = ManualClock()
        let signal = WakeSignal(clock: clock)
        let waiter = Task { await signal.wait(timeout: .seconds(5)) }
        await clock.waitForSleepers()
        clock.advance(by: .seconds(4))
        #expect(clock.sleeperCount == 1, "still waiting before its timeout")
        clock.advance(by: .seconds(1))
        #expect(await waiter.value == false, "timed out, not notified")
        // A notification after the timeout is kept for the next wait, not lost on the one that ended.
        signal.notify()
        #expect(await signal.wait(timeout: .seconds(5)))
    }

    @Test func cancellingTheWaitingTaskEndsTheWait() async {
        let clock = ManualClock()
        let signal = WakeSignal(clock: clock)
        let waiter = Task { await signal.wait(timeout: .seconds(3_600)) }
        await clock.waitForSleepers()
        waiter.cancel()
        #expect(await waiter.value == false)
    }

    @Test func everyWaiterWakesAtOneNotification() async {
        let clock = ManualClock()
        let signal = WakeSignal(clock: clock)
        let waiters = (0..<3).map { _ in Task { await signal.wait(timeout: .seconds(30)) } }
        await clock.waitForSleepers(3)
        signal.notify()
        for waiter in waiters { #expect(await waiter.value) }
    }
}
