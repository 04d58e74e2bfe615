import Foundation
import SaudaCore

/// A line of `sauda eval intent`: a client's answer, its intent and, optionally, the bot's message it answers.
struct IntentCase: Decodable {
    var text: String
    var label: String
    /// The bot's message the answer answers; a reader with a model gets ``defaultBotMessage`` without it.
    var bot: String?

    /// The offer an answer of a set without `bot` is read against.
    static let defaultBotMessage = "Могу оформить для Вас заказ или записать на удобное время. Оформляем?"

    /// The case of a line and its label, or why the line is not one.
    static func decoded(_ line: String) -> Result<(IntentCase, ReplyIntent), EvaluationCaseError> {
        switch Evaluation.decode(IntentCase.self, from: line) {
        case .success(let decoded):
            guard let expected = ReplyIntent(rawValue: decoded.label) else {
                return .failure(EvaluationCaseError("\"label\" must be yes, no, unsure or other, not \"\(decoded.label)\""))
            }
            return .success((decoded, expected))
        case .failure(let error):
            return .failure(error)
        }
    }

    /// Evaluates the reply-intent rule on one line.
    static func evaluate(_ line: String) -> Evaluation.Outcome {
        let (testCase, expected): (IntentCase, ReplyIntent)
        switch decoded(line) {
        case .success(let decoded): (testCase, expected) = decoded
        case .failure(let error): return .skipped(error.description)
        }
        let intent = ReplyIntent.of(testCase.text)
        return intent == expected
            ? .correct
            : .miss("expected \(expected.rawValue), got \(intent.rawValue): \(Evaluation.quote(testCase.text))")
    }
}
