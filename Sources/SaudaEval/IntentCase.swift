import Foundation
import SaudaCore

/// A line of `sauda eval intent`: a client's answer and its intent.
struct IntentCase: Decodable {
    var text: String
    var label: String

    /// Evaluates the reply-intent rule on one line.
    static func evaluate(_ line: String) -> Evaluation.Outcome {
        let testCase: IntentCase
        switch Evaluation.decode(IntentCase.self, from: line) {
        case .success(let decoded): testCase = decoded
        case .failure(let error): return .skipped(error.description)
        }
        guard let expected = ReplyIntent(rawValue: testCase.label) else {
            return .skipped("\"label\" must be yes, no, unsure or other, not \"\(testCase.label)\"")
        }
        let intent = ReplyIntent.of(testCase.text)
        return intent == expected
            ? .correct
            : .miss("expected \(expected.rawValue), got \(intent.rawValue): \(Evaluation.quote(testCase.text))")
    }
}
