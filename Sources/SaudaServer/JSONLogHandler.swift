import Foundation
import Logging

/// Writes one JSON object per log line (`LOG_FORMAT=json`), by default to standard error.
///
/// Fields: `time` (ISO 8601 in UTC with milliseconds), `level`, `label`, `message`, `source` (the module), `error`
/// when the line has one, and every metadata field under its own key: the handler's (`request_id`, `tenant`, …), the
/// metadata provider's and the line's, a later one winning. Metadata values stay strings, arrays and objects. A
/// metadata key that is one of the fixed fields is written as `metadata.<key>`, so it cannot hide them. Newlines and
/// other control characters are escaped, so a line is always one object.
public struct JSONLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// The lowest level written.
    public var logLevel: Logger.Level = .info
    /// Metadata of every line.
    public var metadata: Logger.Metadata = [:]
    /// Adds metadata when a line is written.
    public var metadataProvider: Logger.MetadataProvider?
    let output: @Sendable (Data) -> Void

    /// The fields every line has; metadata never replaces them.
    static let fixedFields: Set<String> = ["time", "level", "label", "message", "source", "error"]

    /// Creates a handler writing to `output` (standard error by default), one line a call.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil,
                output: @escaping @Sendable (Data) -> Void = JSONLogHandler.writeToStandardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.output = output
    }

    /// Writes a line to standard error; lines of concurrent loggers do not interleave.
    public static func writeToStandardError(_ line: Data) {
        LogOutput.writeToStandardError(line)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = LogOutput.merged(metadata, provider: metadataProvider, line: event.metadata)
        output(Self.line(time: Date(), level: event.level, label: label, message: event.message.description, source: event.source,
                         error: event.error, metadata: merged))
    }

    /// One line: the JSON object and a newline.
    static func line(time: Date, level: Logger.Level, label: String, message: String, source: String, error: (any Error)?,
                     metadata: Logger.Metadata) -> Data {
        var object: [String: Any] = [:]
        for (key, value) in metadata { object[fixedFields.contains(key) ? "metadata.\(key)" : key] = json(value) }
        object["time"] = time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
        object["level"] = level.rawValue
        object["label"] = label
        object["message"] = message
        object["source"] = source
        if let error { object["error"] = "\(error)" }
        var data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data(#"{"level":"error","message":"log line could not be written as JSON"}"#.utf8)
        data.append(0x0A)
        return data
    }

    /// A metadata value as a JSON value.
    static func json(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array(let array): array.map(json)
        case .dictionary(let dictionary): dictionary.mapValues(json)
        }
    }
}
