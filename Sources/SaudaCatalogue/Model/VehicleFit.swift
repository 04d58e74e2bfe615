import Foundation

/// A car a product fits (car goods only): the make, the model, its years and whether the shop has the pattern
/// (лекало) to make the product for it. A car without a pattern can still be served by an individual measurement.
public struct VehicleFit: Sendable, Hashable, Codable {
    /// The make as the shop writes it (`Toyota`).
    public var brand: String
    /// The model (`Camry`, `Land Cruiser Prado`).
    public var model: String
    /// The model years covered.
    public var years: YearRange
    /// Whether a ready pattern exists for this car.
    public var patternAvailable: Bool

    /// Creates a fit.
    public init(brand: String, model: String, years: YearRange = .any, patternAvailable: Bool = true) {
        self.brand = brand
        self.model = model
        self.years = years
        self.patternAvailable = patternAvailable
    }

    /// Whether the fit is for this car (make and model compared without case; a `nil` year matches any years).
    public func matches(brand: String, model: String, year: Int? = nil) -> Bool {
        self.brand.caseInsensitiveCompare(brand) == .orderedSame && self.model.caseInsensitiveCompare(model) == .orderedSame
            && (year.map(years.contains) ?? true)
    }
}
