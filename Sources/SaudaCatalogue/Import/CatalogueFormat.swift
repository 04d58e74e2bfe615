import Foundation

/// A file format the catalogue is imported from or exported to.
public enum CatalogueFormat: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Comma- (or semicolon-) separated values, one product a row (docs/catalogue.md#csv).
    case csv
    /// Sauda's JSON shape (docs/catalogue.md#json).
    case json
    /// The Yandex Market feed, `<yml_catalog>` (docs/catalogue.md#yml); import only.
    case yml

    /// The format a file's extension names: `.csv` (also `.tsv`), `.json`, `.yml` / `.xml`; `nil` for any other.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "csv", "tsv": self = .csv
        case "json": self = .json
        case "yml", "xml": self = .yml
        default: return nil
        }
    }

    /// Whether Sauda can write a catalogue in this format.
    public var canExport: Bool { self != .yml }

    /// The raw value.
    public var description: String { rawValue }
}
