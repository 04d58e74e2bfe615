import Foundation

extension WorkingCalendar {
    private static let russianDays = [2: "пн", 3: "вт", 4: "ср", 5: "чт", 6: "пт", 7: "сб", 1: "вс"]

    /// The working hours for a prompt: «10:00 - 18:00» (``hoursText(separator:)``) when Monday to Friday work the same
    /// hours and no other day works (as the installation's calendar always does), else each run of days with the same
    /// hours, Monday first: «пн–пт 10:00 - 18:00, сб 11:00 - 16:00».
    public func weekText(separator: String) -> String {
        let mondayFirst = [2, 3, 4, 5, 6, 7, 1]
        let days = mondayFirst.compactMap { weekday in minutes(weekday: weekday).map { (weekday, $0) } }
        if Set(days.map(\.1)).count <= 1, workingWeekdays == [2, 3, 4, 5, 6] { return hoursText(separator: separator) }
        var runs: [(first: Int, last: Int, hours: Range<Int>)] = []
        for (weekday, hours) in days {
            if let last = runs.last, last.hours == hours, mondayFirst.firstIndex(of: weekday) == (mondayFirst.firstIndex(of: last.last) ?? -2) + 1 {
                runs[runs.count - 1].last = weekday
            } else {
                runs.append((weekday, weekday, hours))
            }
        }
        return runs.map { run in
            let first = Self.russianDays[run.first] ?? "", last = Self.russianDays[run.last] ?? ""
            let name = run.first == run.last ? first : "\(first)–\(last)"
            return "\(name) \(Self.clockText(minute: run.hours.lowerBound))\(separator)\(Self.clockText(minute: run.hours.upperBound))"
        }.joined(separator: ", ")
    }
}
