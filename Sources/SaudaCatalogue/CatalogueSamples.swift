import Foundation

/// The demo catalogues shipped with Sauda: seed 000's two shops (Samples/README.md says what comes from the seed
/// and what is a representative table).
public enum CatalogueSample: String, Sendable, CaseIterable {
    /// EVOPOLIKI: EVA mats, seat covers, organisers and capes, as CSV.
    case evopoliki
    /// 5DELUXE: premium 5D mats, as JSON.
    case fiveDeluxe = "5deluxe"

    /// The file's format.
    public var format: CatalogueFormat {
        switch self {
        case .evopoliki: .csv
        case .fiveDeluxe: .json
        }
    }

    /// The shop's name.
    public var shopName: String {
        switch self {
        case .evopoliki: "EVOPOLIKI"
        case .fiveDeluxe: "5DELUXE"
        }
    }

    /// Where the file is in the module's resources, `nil` when the bundle lacks it.
    public var url: URL? { Bundle.module.url(forResource: rawValue, withExtension: format.rawValue, subdirectory: "Samples") }

    /// The sample, imported with the standard limits.
    public func load() throws(CatalogueImportError) -> CatalogueImportResult {
        guard let url else { throw .unreadable(path: "Samples/\(rawValue).\(format.rawValue)", reason: "not in the bundle") }
        var result = try CatalogueImporter().load(contentsOf: url, format: format)
        if result.catalogue.name.isEmpty { result.catalogue.name = shopName }
        return result
    }
}
