import Foundation
import SaudaCore
import Testing

/// The follow-up rules with an injected clock: intervals, working hours, night and weekend shifting, DST.
@Suite struct FollowUpPlanTests {
    static func moment(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }

    static func plan(zone: String = "Asia/Almaty") throws -> FollowUpPlan {
        FollowUpPlan(intervals: [24, 72, 168, 336, 720],
                     calendar: WorkingCalendar(timeZone: try #require(TimeZone(identifier: zone)), startHour: 10, endHour: 18))
    }

    @Test func eachTouchIsItsIntervalAfterThePreviousInsideWorkingHours() throws {
        let plan = try Self.plan()
        // Tuesday 24 November 2026, 12:00 in Almaty (UTC+5).
        let reply = try Self.moment("2026-11-24T07:00:00Z")
        let first = plan.dueTime(touch: 1, after: reply)
        #expect(first == (try Self.moment("2026-11-25T07:00:00Z")), "24 h later, Wednesday 12:00")
        let second = plan.dueTime(touch: 2, after: first)
        #expect(second == (try Self.moment("2026-11-30T05:00:00Z")), "72 h later is Saturday 12:00: Monday 10:00 instead")
        #expect(plan.dueTime(touch: 3, after: second) == (try Self.moment("2026-12-07T05:00:00Z")), "168 h: Monday 10:00")
        #expect(plan.dueTime(touch: 5, after: second) == (try Self.moment("2026-12-30T05:00:00Z")), "720 h: Wednesday 10:00")
    }

    @Test func aTouchDueAtNightWaitsForTheNextWorkingMorning() throws {
        let plan = try Self.plan()
        // The bot answered on Wednesday at 23:30 in Almaty: 24 h later is Thursday night, so Friday 10:00.
        let late = try Self.moment("2026-11-25T18:30:00Z")
        #expect(plan.dueTime(touch: 1, after: late) == (try Self.moment("2026-11-27T05:00:00Z")))
        // Early morning: the same day at 10:00.
        let early = try Self.moment("2026-11-24T01:00:00Z")
        #expect(plan.dueTime(touch: 1, after: early) == (try Self.moment("2026-11-25T05:00:00Z")))
        // Friday 17:30 + 24 h is Saturday: Monday 10:00.
        let friday = try Self.moment("2026-11-27T12:30:00Z")
        #expect(plan.dueTime(touch: 1, after: friday) == (try Self.moment("2026-11-30T05:00:00Z")))
    }

    @Test func holidaysAreSkipped() throws {
        var plan = try Self.plan()
        plan.calendar.holidays = ["2026-12-16", "2026-12-17"]
        // Tuesday 15 December 12:00 + 24 h falls on Independence Day: Friday 18 December 10:00.
        let reply = try Self.moment("2026-12-15T07:00:00Z")
        #expect(plan.dueTime(touch: 1, after: reply) == (try Self.moment("2026-12-18T05:00:00Z")))
    }

    @Test func aZoneWithDaylightSavingTimeCountsElapsedHoursThenWorkingHoursOfThatDay() throws {
        let plan = try Self.plan(zone: "Europe/Berlin")
        // Friday 23 October 2026, 12:00 CEST (UTC+2); 72 h later is Monday 11:00 CET (UTC+1) after the change back.
        let reply = try Self.moment("2026-10-23T10:00:00Z")
        #expect(plan.dueTime(touch: 2, after: reply) == (try Self.moment("2026-10-26T10:00:00Z")))
        // Saturday 28 March 2026 15:00 CET + 24 h is Sunday (clocks went forward): Monday 10:00 CEST (UTC+2).
        let spring = try Self.moment("2026-03-28T14:00:00Z")
        #expect(plan.dueTime(touch: 1, after: spring) == (try Self.moment("2026-03-30T08:00:00Z")))
    }

    @Test func aClearAnswerEndsTheChainAndAnAnsweredMessageStartsANewOne() {
        #expect(FollowUpPolicy.afterTurn(intent: .yes, botReplied: true) == .stop(.clientSaidYes))
        #expect(FollowUpPolicy.afterTurn(intent: .no, botReplied: true) == .stop(.clientSaidNo))
        #expect(FollowUpPolicy.afterTurn(intent: .unsure, botReplied: true) == .restart(.unsureAnswer))
        #expect(FollowUpPolicy.afterTurn(intent: .other, botReplied: true) == .restart(.noReply))
        #expect(FollowUpPolicy.afterTurn(intent: .other, botReplied: false) == .stop(.clientResponded))
        #expect(FollowUpPolicy.afterTurn(intent: .no, botReplied: false) == .stop(.clientSaidNo))
        #expect(FollowUpPlan.styles.count == FollowUpPlan.touches)
    }
}
