import Foundation
import SaudaCore

/// A line of `sauda eval datetime`: a client's words, when and where they were written, and the moment meant.
struct DateTimeCase: Decodable {
    var text: String
    var now: String
    var tz: String
    /// The moment meant, or null when the words name none.
    var expected: String?

    /// Evaluates the call-time reading on one line; a reading is right when it is the expected moment to the second.
    static func evaluate(_ line: String) -> Evaluation.Outcome {
        let testCase: DateTimeCase
        switch Evaluation.decode(DateTimeCase.self, from: line) {
        case .success(let decoded): testCase = decoded
        case .failure(let error): return .skipped(error.description)
        }
        guard let timeZone = TimeZone(identifier: testCase.tz) else { return .skipped("unknown time zone \"\(testCase.tz)\"") }
        guard let now = moment(testCase.now) else { return .skipped("\"now\" is not an ISO 8601 moment: \(testCase.now)") }
        var expected: Date?
        if let text = testCase.expected {
            guard let parsed = moment(text) else { return .skipped("\"expected\" is not an ISO 8601 moment: \(text)") }
            expected = parsed
        }
        let reading = CallTimePhrase.parse(testCase.text, now: now, timeZone: timeZone)?.date
        if reading.map({ $0.timeIntervalSince1970.rounded() }) == expected.map({ $0.timeIntervalSince1970.rounded() }) { return .correct }
        return .miss("expected \(format(expected, timeZone)), got \(format(reading, timeZone)): \(Evaluation.quote(testCase.text))")
    }

    static func moment(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    static func format(_ date: Date?, _ timeZone: TimeZone) -> String {
        guard let date else { return "null" }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        return formatter.string(from: date)
    }
}
