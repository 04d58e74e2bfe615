import Foundation

/// A working week written for people and command lines: `mon-fri 10:00-18:00, sat 11:00-16:00` (groups separated
/// by commas, each a day or a range of days in Monday-first order, then opening and closing times; a day not named
/// is closed).
public enum WorkingWeekText {
    /// Reads a written week.
    /// - Throws: ``BusinessSettingsProblem`` for the field `working_hours`, naming the group that cannot be read.
    public static func parse(_ text: String) throws(BusinessSettingsProblem) -> [Weekday: OpeningHours] {
        var week: [Weekday: OpeningHours] = [:]
        let groups = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard groups.contains(where: { !$0.isEmpty }) else { throw problem("empty: write days and hours such as «mon-fri 10:00-18:00»") }
        for group in groups where !group.isEmpty {
            let words = group.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words.count == 2 else {
                throw problem("«\(group)» is not days and hours such as «mon-fri 10:00-18:00»")
            }
            let days = try self.days(words[0], group: group)
            let times = words[1].replacingOccurrences(of: "–", with: "-").split(separator: "-", omittingEmptySubsequences: false)
            guard times.count == 2 else { throw problem("«\(words[1])» in «\(group)» is not hours such as 10:00-18:00") }
            for day in days {
                guard week[day] == nil else { throw problem("\(day.rawValue) is given twice") }
                week[day] = OpeningHours(opens: String(times[0]), closes: String(times[1]))
            }
        }
        return week
    }

    /// Writes a week as ``parse(_:)`` reads it, joining consecutive days with the same hours (`mon-fri 10:00-18:00`);
    /// `closed` when no day works.
    public static func format(_ week: [Weekday: OpeningHours]) -> String {
        var groups: [(first: Weekday, last: Weekday, hours: OpeningHours)] = []
        for day in Weekday.allCases {
            guard let hours = week[day] else { continue }
            if let last = groups.last, last.hours == hours, let lastIndex = Weekday.allCases.firstIndex(of: last.last),
               Weekday.allCases.firstIndex(of: day) == lastIndex + 1 {
                groups[groups.count - 1].last = day
            } else {
                groups.append((day, day, hours))
            }
        }
        guard !groups.isEmpty else { return "closed" }
        return groups.map { group in
            let days = group.first == group.last ? short(group.first) : "\(short(group.first))-\(short(group.last))"
            return "\(days) \(group.hours.opens)-\(group.hours.closes)"
        }.joined(separator: ", ")
    }

    private static func short(_ day: Weekday) -> String { String(day.rawValue.prefix(3)) }

    private static func days(_ text: String, group: String) throws(BusinessSettingsProblem) -> [Weekday] {
        let ends = text.replacingOccurrences(of: "–", with: "-").split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(ends.count) else { throw problem("«\(text)» in «\(group)» is not a day or a range of days such as mon-fri") }
        var named: [Weekday] = []
        for end in ends {
            guard let day = Weekday(name: end) else {
                throw problem("«\(end)» in «\(group)» is not a day: use mon, tue, wed, thu, fri, sat, sun")
            }
            named.append(day)
        }
        guard named.count == 2, let first = Weekday.allCases.firstIndex(of: named[0]), let last = Weekday.allCases.firstIndex(of: named[1]) else {
            return named
        }
        guard first <= last else { throw problem("«\(text)» in «\(group)» runs backwards: write the days Monday first, such as mon-fri") }
        return Array(Weekday.allCases[first...last])
    }

    private static func problem(_ reason: String) -> BusinessSettingsProblem {
        BusinessSettingsProblem(field: "working_hours", reason: reason)
    }
}
