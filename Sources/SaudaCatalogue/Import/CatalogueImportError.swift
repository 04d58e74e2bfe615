/// Why nothing of a file could be imported.
public enum CatalogueImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file is larger than ``CatalogueLimits/maxFileBytes``.
    case fileTooLarge(bytes: Int, limit: Int)
    /// The extension names no format and none was given.
    case unknownFormat(fileExtension: String)
    /// The text is neither UTF-8 nor Windows-1251.
    case notText
    /// The file is not well-formed in its format (XML, JSON syntax, or a CSV without the required columns).
    case malformed(format: CatalogueFormat, line: Int?, reason: String)
    /// No currency is named: neither in the file nor by the caller.
    case noCurrency(hint: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .fileTooLarge(let bytes, let limit): "the file has \(bytes) bytes; the limit is \(limit) bytes"
        case .unknownFormat(let ext):
            "cannot tell the format from the extension «.\(ext)»: pass --format csv, json or yml"
        case .notText: "the file is neither UTF-8 nor Windows-1251 text"
        case .malformed(let format, let line, let reason):
            "not a valid \(format.rawValue.uppercased()) catalogue\(line.map { " (line \($0))" } ?? ""): \(reason)"
        case .noCurrency(let hint): "no currency: \(hint)"
        }
    }
}
