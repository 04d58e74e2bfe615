import Foundation
import SaudaChannels
import SaudaCore

/// Reads the fields of one Wappi event object, noting the first that is present but not of the JSON type Wappi
/// writes (`null` counts as absent).
struct WappiFields {
    let object: [String: JSONValue]
    /// The first field of the wrong type or with an impossible value.
    private(set) var violation: InboundViolation?

    /// Latest time an event may carry: 2100-01-01 (Unix seconds).
    static let latestTime: Double = 4_102_444_800

    init(_ object: [String: JSONValue]) {
        self.object = object
    }

    /// The first of `names` present as text; one present as anything else is noted when `checked`.
    mutating func string(_ names: String..., checked: Bool = true) -> String? {
        for name in names {
            switch object[name] {
            case nil, .null?: continue
            case .string(let text)?: return text
            case _?: if checked { note(name, "must be a string") }
            }
        }
        return nil
    }

    /// The first of `names` present as true or false; one present as anything else is noted.
    mutating func bool(_ names: String...) -> Bool? {
        for name in names {
            switch object[name] {
            case nil, .null?: continue
            case .bool(let value)?: return value
            case _?: note(name, "must be true or false")
            }
        }
        return nil
    }

    /// When the event happened: `time` in Unix seconds, or `timestamp` as RFC 3339 text or Unix seconds; `nil` when
    /// neither is present. A time of the wrong type, unreadable or outside 1970–2100 is noted.
    mutating func time() -> Date? {
        switch object["time"] {
        case nil, .null?: break
        case .number(let seconds)?: return date(seconds, field: "time")
        case _?:
            note("time", "must be a number of Unix seconds")
            return nil
        }
        switch object["timestamp"] {
        case nil, .null?: return nil
        case .number(let seconds)?: return date(seconds, field: "timestamp")
        case .string(let text)?:
            guard let date = ISO8601.parse(text) else {
                note("timestamp", "must be an RFC 3339 time")
                return nil
            }
            return date
        case _?:
            note("timestamp", "must be an RFC 3339 time or a number of Unix seconds")
            return nil
        }
    }

    private mutating func date(_ seconds: Double, field: String) -> Date? {
        guard seconds.isFinite, (0...Self.latestTime).contains(seconds) else {
            note(field, "must be a time between 1970 and 2100")
            return nil
        }
        return Date(timeIntervalSince1970: seconds)
    }

    private mutating func note(_ field: String, _ problem: String) {
        if violation == nil { violation = InboundViolation(.invalid, field: field, problem) }
    }
}
