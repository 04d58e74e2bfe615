import Foundation
import Logging

/// Writes the default text log format (`LOG_FORMAT=text`), by default to standard error: the lines of swift-log's
/// `StreamLogHandler` (`<time> <level> <label>: <key=value …> [<source>] <message>`), with the label, the metadata and
/// the message escaped so that no caller-supplied text can start a line of its own: a backslash becomes `\\`, a
/// newline `\n`, a carriage return `\r`, a tab `\t`, and any other control character (C0, DEL, C1, and the Unicode
/// line and paragraph separators) `\u{XX}`.
public struct TextLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// The lowest level written.
    public var logLevel: Logger.Level = .info
    /// Metadata of every line.
    public var metadata: Logger.Metadata = [:]
    /// Adds metadata when a line is written.
    public var metadataProvider: Logger.MetadataProvider?
    let output: @Sendable (String) -> Void

    /// Creates a handler writing to `output` (standard error by default), one line a call.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil,
                output: @escaping @Sendable (String) -> Void = TextLogHandler.writeToStandardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.output = output
    }

    /// Writes a line to standard error; lines of concurrent loggers do not interleave.
    public static func writeToStandardError(_ line: String) {
        LogOutput.writeToStandardError(Data(line.utf8))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = LogOutput.merged(metadata, provider: metadataProvider, line: event.metadata)
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        output(Self.line(timestamp: Self.timestamp(), level: event.level, label: label, metadata: merged, source: event.source,
                         message: event.message.description))
    }

    /// One line, ending in its only newline.
    static func line(timestamp: String, level: Logger.Level, label: String, metadata: Logger.Metadata, source: String,
                     message: String) -> String {
        let fields = metadata.sorted { $0.key < $1.key }.map { "\(escape($0.key))=\(escape($0.value.description))" }
        let labelPart = label.isEmpty ? "" : " \(escape(label))"
        let metadataPart = fields.isEmpty ? "" : " " + fields.joined(separator: " ")
        return "\(timestamp) \(level)\(labelPart):\(metadataPart) [\(escape(source))] \(escape(message))\n"
    }

    /// `text` with backslashes and control characters escaped, so that it holds no line break.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where needsEscape(scalar): escaped += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x5C, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }

    /// The local time as `StreamLogHandler` writes it (`2026-12-05T23:59:59+0500`).
    static func timestamp() -> String {
        var now = time(nil)
        var local = tm()
        guard localtime_r(&now, &local) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
