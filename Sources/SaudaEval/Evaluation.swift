import Foundation
import SaudaCore

/// `sauda eval`: runs one of Sauda's rules over a labelled set in JSON Lines and reports its accuracy.
///
/// Every line is one case. A case the rule gets wrong is reported as one line (its line number, what was
/// expected, what the rule said, and the text); a line that is not a readable case is reported as skipped and
/// left out of the figures. The run ends with the summary `{"total":N,"correct":K,"accuracy":A}`.
public struct Evaluation: Sendable {
    /// Which rule is evaluated.
    public enum Kind: String, Sendable, CaseIterable {
        /// The moderator's rules: is the writer a client (true / false / unknown)?
        case classify
        /// The reply-intent rule behind follow-ups: yes / no / unsure / other.
        case intent
        /// The reading of the moment a client names for a call.
        case datetime
        /// The order funnel's rules over scripted conversations with the demo shops.
        case funnel
    }

    /// The figures of a run.
    public struct Summary: Sendable, Codable, Equatable {
        /// Cases evaluated (skipped lines not counted).
        public var total: Int
        /// Cases the rule got right.
        public var correct: Int
        /// `correct / total`, 0 without cases.
        public var accuracy: Double

        /// Figures of `correct` out of `total`.
        public init(total: Int, correct: Int, accuracy: Double) {
            self.total = total
            self.correct = correct
            self.accuracy = accuracy
        }

        /// Figures of `correct` out of `total`, the accuracy their ratio (0 without cases).
        public init(total: Int, correct: Int) {
            self.init(total: total, correct: correct, accuracy: total == 0 ? 0 : Double(correct) / Double(total))
        }

        /// The summary as the one JSON line that ends a run.
        public var jsonLine: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            // A summary of three numbers always encodes.
            return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
    }

    /// What became of one line.
    public enum Outcome: Sendable, Equatable {
        /// The rule got it right.
        case correct
        /// The rule got it wrong: what to report.
        case miss(String)
        /// Not a readable case: why.
        case skipped(String)
    }

    public let kind: Kind

    /// An evaluation of `kind`.
    public init(kind: Kind) {
        self.kind = kind
    }

    /// Evaluates every non-empty line of `text`.
    /// - Parameters:
    ///   - report: receives each miss, and each skipped line, as one line of text.
    /// - Returns: the figures.
    public func run(_ text: String, report: (String) -> Void) -> Summary {
        var total = 0
        var correct = 0
        for (number, line) in Self.cases(in: text) {
            switch evaluate(line: line) {
            case .correct:
                total += 1
                correct += 1
            case .miss(let description):
                total += 1
                report("line \(number): \(description)")
            case .skipped(let reason):
                report("line \(number): skipped, \(reason)")
            }
        }
        return Summary(total: total, correct: correct)
    }

    /// The non-empty lines of a set, trimmed, with their line numbers (from 1).
    static func cases(in text: String) -> [(number: Int, line: String)] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { offset, line in
            let trimmed = TextAnalysis.trimmed(String(line))
            return trimmed.isEmpty ? nil : (offset + 1, trimmed)
        }
    }

    /// Evaluates one line.
    public func evaluate(line: String) -> Outcome {
        switch kind {
        case .classify: ClassificationCase.evaluate(line)
        case .intent: IntentCase.evaluate(line)
        case .datetime: DateTimeCase.evaluate(line)
        case .funnel: FunnelCase.evaluate(line)
        }
    }

    /// Decodes a case, or says why the line is not one.
    static func decode<Case: Decodable>(_ type: Case.Type, from line: String) -> Result<Case, EvaluationCaseError> {
        do {
            return .success(try JSONDecoder().decode(Case.self, from: Data(line.utf8)))
        } catch let DecodingError.keyNotFound(key, _) {
            return .failure(EvaluationCaseError("the field \"\(key.stringValue)\" is missing"))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return .failure(EvaluationCaseError("\"\(field)\" has the wrong type"))
        } catch {
            return .failure(EvaluationCaseError("not a JSON object"))
        }
    }

    /// A short quotation of a case's text for a report line.
    static func quote(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " / ")
        return flat.count > 120 ? "«\(flat.prefix(117))…»" : "«\(flat)»"
    }
}

/// Why a line is not a readable case.
public struct EvaluationCaseError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
