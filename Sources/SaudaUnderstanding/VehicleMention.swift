import Foundation

/// A car named in customer text, with what was assumed to name it.
public struct VehicleMention: Sendable, Codable, Equatable {
    /// Something the reader filled in or corrected rather than read as written.
    public enum Assumption: Sendable, Codable, Equatable {
        /// The brand was not written; it follows from the model (`камри` → Toyota).
        case brandFromModel(brand: String)
        /// A misspelt name was read as the nearest known one (`тайота` → Toyota).
        case spellingCorrected(written: String, readAs: String)
        /// A two-digit year was given its century (`22 год` → 2022).
        case centuryAdded(written: String, year: Int)
        /// The same model name exists under several brands; the first was taken.
        case ambiguousModel(candidates: [String])
    }

    /// The brand's display name, e.g. `"Toyota"`.
    public var brand: String?
    /// The model's display name, e.g. `"Camry"`.
    public var model: String?
    /// The model year, 1980 up to next year.
    public var year: Int?
    /// What was assumed; empty when everything was written plainly.
    public var assumptions: [Assumption]
    /// How sure the reading is, from 0 to 1: 1 for plain names, lower for each assumption.
    public var confidence: Double

    public init(brand: String? = nil, model: String? = nil, year: Int? = nil, assumptions: [Assumption] = [], confidence: Double = 1) {
        self.brand = brand
        self.model = model
        self.year = year
        self.assumptions = assumptions
        self.confidence = confidence
    }

    /// The car as one phrase: `"Toyota Camry 2022"`.
    public var summary: String {
        [brand, model, year.map(String.init)].compactMap { $0 }.joined(separator: " ")
    }

    /// A confirmation a reply can ask when anything was assumed: `"Toyota Camry 2022 — верно?"`.
    public var confirmationQuestion: String { "\(summary) — верно?" }

    /// True when the reply should confirm the reading before acting on it.
    public var needsConfirmation: Bool { !assumptions.isEmpty }
}
