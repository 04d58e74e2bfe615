import Foundation

/// Imports a catalogue from CSV, JSON or a Yandex Market feed. Bad rows are reported as ``CatalogueProblem``s while
/// the good ones load; only a file that cannot be read at all throws.
public struct CatalogueImporter: Sendable {
    /// The sizes accepted.
    public var limits: CatalogueLimits
    /// The currency of prices when the file names none (a CSV without a `currency` column); when set, it also
    /// overrides the file's default currency.
    public var defaultCurrency: Currency?

    /// Creates an importer.
    public init(limits: CatalogueLimits = .standard, defaultCurrency: Currency? = nil) {
        self.limits = limits
        self.defaultCurrency = defaultCurrency
    }

    /// Reads and imports a file; the format is the one given or else the one its extension names.
    public func load(contentsOf url: URL, format: CatalogueFormat? = nil) throws(CatalogueImportError) -> CatalogueImportResult {
        guard let format = format ?? CatalogueFormat(fileExtension: url.pathExtension) else {
            throw .unknownFormat(fileExtension: url.pathExtension)
        }
        let size: Int
        do {
            let values = try url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            guard values.isRegularFile == true else { throw CocoaError(.fileReadNoSuchFile) }
            size = values.fileSize ?? 0
        } catch {
            throw .unreadable(path: url.path, reason: FileManager.default.fileExists(atPath: url.path) ? "not a regular file" : "no such file")
        }
        guard size <= limits.maxFileBytes else { throw .fileTooLarge(bytes: size, limit: limits.maxFileBytes) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .unreadable(path: url.path, reason: error.localizedDescription) }
        return try load(data, format: format)
    }

    /// Imports the bytes of a file in `format`.
    public func load(_ data: Data, format: CatalogueFormat) throws(CatalogueImportError) -> CatalogueImportResult {
        guard data.count <= limits.maxFileBytes else { throw .fileTooLarge(bytes: data.count, limit: limits.maxFileBytes) }
        switch format {
        case .csv:
            return try CatalogueCSVImporter(limits: limits, defaultCurrency: defaultCurrency).load(try Self.text(data))
        case .json:
            return try CatalogueJSONImporter(limits: limits, defaultCurrency: defaultCurrency).load(data)
        case .yml:
            return try CatalogueYMLImporter(limits: limits, defaultCurrency: defaultCurrency).load(data)
        }
    }

    /// The text of a CSV file: UTF-8 (a byte-order mark is dropped) or, failing that, Windows-1251 as spreadsheets
    /// in Russian locales save it.
    static func text(_ data: Data) throws(CatalogueImportError) -> String {
        let bom = Data([0xEF, 0xBB, 0xBF])
        let body = data.starts(with: bom) ? data.dropFirst(3) : data[...]
        if let text = String(data: body, encoding: .utf8) { return text }
        if let text = String(data: body, encoding: .windowsCP1251) { return text }
        throw .notText
    }
}
