import SaudaCore
@testable import SaudaModels
import Testing

/// The budget's bookkeeping, instant by instant: the rates over a sliding minute, businesses served in turn with the
/// oldest call first, each business's share of the calls in flight, and what a 429 does.
@Suite struct BudgetLedgerTests {
    static let start = AnyClock.Instant(offset: .zero)

    static func at(_ seconds: Double) -> AnyClock.Instant { start + .milliseconds(Int64(seconds * 1000)) }

    static func waiter(_ id: UInt64, _ tenant: String, tokens: Int = 10, arrived: Double = 0) -> BudgetLedger.Waiter {
        BudgetLedger.Waiter(id: id, tenant: tenant, tokens: tokens, arrived: at(arrived))
    }

    @Test func callsBeyondTheRequestsOfAMinuteWaitUntilTheOldestLeavesTheWindow() {
        var ledger = BudgetLedger(limits: ProviderLimits(requestsPerMinute: 3, tokensPerMinute: nil))
        for id in 0..<5 { ledger.enqueue(Self.waiter(UInt64(id), "shop")) }
        let first = ledger.admit(now: Self.at(0))
        #expect(first.admitted.map(\.id) == [0, 1, 2])
        #expect(first.lookAgainAt == Self.at(60))
        for waiter in first.admitted { ledger.finish(waiter, usedTokens: nil) }
        let admitted1 = ledger.admit(now: Self.at(59.9))
        #expect(admitted1.admitted.isEmpty, "finished calls still count within the minute")
        let admitted2 = ledger.admit(now: Self.at(60))
        #expect(admitted2.admitted.map(\.id) == [3, 4])
    }

    @Test func businessesAreServedInTurnAndEachOldestFirst() {
        var ledger = BudgetLedger(limits: ProviderLimits(requestsPerMinute: nil, tokensPerMinute: nil, maxInFlight: 3))
        for id in 0..<6 { ledger.enqueue(Self.waiter(UInt64(id), "busy", arrived: Double(id))) }
        ledger.enqueue(Self.waiter(100, "quiet", arrived: 10))
        let admitted = ledger.admit(now: Self.at(10)).admitted
        #expect(admitted.map(\.id) == [0, 100, 1], "the quiet business does not wait behind the busy one's whole line")
        #expect(ledger.waiting == 4)
        #expect(ledger.oldestArrival == Self.at(2))
        ledger.finish(admitted[0], usedTokens: nil)
        let admitted3 = ledger.admit(now: Self.at(11))
        #expect(admitted3.admitted.map(\.id) == [2])
    }

    @Test func oneBusinessHoldsNoMoreThanItsShareOfTheCallsInFlight() {
        var ledger = BudgetLedger(limits: ProviderLimits(requestsPerMinute: nil, tokensPerMinute: nil, maxInFlight: 10, tenantInFlight: 2))
        for id in 0..<5 { ledger.enqueue(Self.waiter(UInt64(id), "busy")) }
        let admitted = ledger.admit(now: Self.at(0)).admitted
        #expect(admitted.map(\.id) == [0, 1])
        ledger.enqueue(Self.waiter(100, "other"))
        let admitted4 = ledger.admit(now: Self.at(0))
        #expect(admitted4.admitted.map(\.id) == [100], "the busy business's line waits; another's call goes")
        ledger.finish(admitted[1], usedTokens: nil)
        let admitted5 = ledger.admit(now: Self.at(1))
        #expect(admitted5.admitted.map(\.id) == [2])
    }

    @Test func tokensOfAMinuteAreCountedByTheProvidersFigureOnceTheCallReturns() {
        var ledger = BudgetLedger(limits: ProviderLimits(requestsPerMinute: nil, tokensPerMinute: 1_000))
        ledger.enqueue(Self.waiter(1, "shop", tokens: 600))
        ledger.enqueue(Self.waiter(2, "shop", tokens: 600))
        let first = ledger.admit(now: Self.at(0))
        #expect(first.admitted.map(\.id) == [1])
        #expect(first.lookAgainAt == Self.at(60))
        // The provider counted 300 tokens, not the 600 estimated: the second call fits now.
        ledger.finish(first.admitted[0], usedTokens: 300)
        let admitted6 = ledger.admit(now: Self.at(1))
        #expect(admitted6.admitted.map(\.id) == [2])
    }

    @Test func aCallLargerThanTheWholeBudgetGoesAloneOnceTheWindowIsEmpty() {
        var ledger = BudgetLedger(limits: ProviderLimits(requestsPerMinute: nil, tokensPerMinute: 1_000))
        ledger.enqueue(Self.waiter(1, "shop", tokens: 100))
        ledger.enqueue(Self.waiter(2, "shop", tokens: 5_000))
        let first = ledger.admit(now: Self.at(0))
        #expect(first.admitted.map(\.id) == [1])
        #expect(first.lookAgainAt == Self.at(60))
        let admitted7 = ledger.admit(now: Self.at(60))
        #expect(admitted7.admitted.map(\.id) == [2])
    }

    @Test func a429PausesEveryCallBringsTheRatesDownToWhatTheProviderLetThroughAndKeepsTheCallsPlace() {
        var ledger = BudgetLedger(limits: ProviderLimits(requestsPerMinute: 10, tokensPerMinute: nil))
        for id in 0..<4 { ledger.enqueue(Self.waiter(UInt64(id), "shop")) }
        let sent = ledger.admit(now: Self.at(0)).admitted
        #expect(sent.count == 4)
        ledger.enqueue(Self.waiter(10, "shop", arrived: 0.2))
        ledger.rateLimited(sent[0], sentAt: Self.at(0), retryAfter: .seconds(2), now: Self.at(0.5))
        #expect(ledger.requestsPerMinuteNow == 3, "three of the four may still go through")
        ledger.rateLimited(sent[1], sentAt: Self.at(0), retryAfter: .seconds(2), now: Self.at(0.6))
        #expect(ledger.requestsPerMinuteNow == 2, "the provider let two through: two a minute is what it allows")
        ledger.enqueue(sent[1], atHead: true)
        ledger.enqueue(sent[0], atHead: true)
        let paused = ledger.admit(now: Self.at(1))
        #expect(paused.admitted.isEmpty)
        #expect(paused.lookAgainAt == Self.at(2.6), "the longest wait asked for holds every call")
        let admitted8 = ledger.admit(now: Self.at(2.6))
        #expect(admitted8.lookAgainAt == Self.at(60), "refused calls count in the window too")
        let resumed = ledger.admit(now: Self.at(60))
        #expect(resumed.admitted.map(\.id) == [0, 1], "the refused calls go first, in their order")
        ledger.rateLimited(resumed.admitted[0], sentAt: Self.at(60), retryAfter: nil, now: Self.at(61))
        #expect(ledger.requestsPerMinuteNow == 1)
        #expect(ledger.pausedUntil == Self.at(62), "a 429 without a wait pauses a second")
    }

    @Test func whenTheProviderLetNothingThroughTheRatesAreHalved() {
        // Another program spends the key's minute: the provider refuses Sauda's first call.
        var ledger = BudgetLedger(limits: ProviderLimits(requestsPerMinute: 10, tokensPerMinute: nil))
        ledger.enqueue(Self.waiter(1, "shop"))
        let sent = ledger.admit(now: Self.at(0)).admitted
        ledger.rateLimited(sent[0], sentAt: Self.at(0), retryAfter: .seconds(1), now: Self.at(0.1))
        #expect(ledger.requestsPerMinuteNow == 5)
        ledger.enqueue(sent[0], atHead: true)
        let again = ledger.admit(now: Self.at(60)).admitted
        #expect(again.map(\.id) == [1])
        ledger.rateLimited(again[0], sentAt: Self.at(60), retryAfter: .seconds(1), now: Self.at(60.1))
        #expect(ledger.requestsPerMinuteNow == 2, "refused again after the halving: halved again")
    }

    @Test func theRatesGrowBackATwentiethEachWindowAfterThePause() {
        var ledger = BudgetLedger(limits: ProviderLimits(requestsPerMinute: 100, tokensPerMinute: nil))
        ledger.enqueue(Self.waiter(1, "shop"))
        let sent = ledger.admit(now: Self.at(0)).admitted
        ledger.rateLimited(sent[0], sentAt: Self.at(0), retryAfter: .seconds(10), now: Self.at(0))
        #expect(ledger.requestsPerMinuteNow == 50)
        ledger.enqueue(sent[0], atHead: true)
        _ = ledger.admit(now: Self.at(5))
        #expect(ledger.requestsPerMinuteNow == 50, "no growing back while paused")
        _ = ledger.admit(now: Self.at(70))
        #expect(ledger.requestsPerMinuteNow == 55)
        _ = ledger.admit(now: Self.at(700))
        #expect(ledger.requestsPerMinuteNow == 100)
    }

    @Test func aWithdrawnCallLeavesItsLine() {
        var ledger = BudgetLedger(limits: ProviderLimits(requestsPerMinute: 1, tokensPerMinute: nil))
        ledger.enqueue(Self.waiter(1, "shop"))
        ledger.enqueue(Self.waiter(2, "shop"))
        ledger.enqueue(Self.waiter(3, "other"))
        let admitted9 = ledger.admit(now: Self.at(0))
        #expect(admitted9.admitted.map(\.id) == [1])
        let withdrawn = ledger.withdraw(id: 2, tenant: "shop")
        #expect(withdrawn)
        let withdrawnAgain = ledger.withdraw(id: 2, tenant: "shop")
        #expect(!withdrawnAgain, "no longer waiting")
        #expect(ledger.waitingByTenant == ["other": 1])
        let admitted12 = ledger.admit(now: Self.at(60))
        #expect(admitted12.admitted.map(\.id) == [3])
    }
}
