import Foundation
import SaudaCRM
import SaudaCore

/// How YCLIENTS's answers become ``CRMError``'s kinds (the reference's table, crm.md §1.3, §1.5 and §9).
enum YclientsErrors {
    /// Booking codes of a slot that is no longer free: taken (433), no free staff (436), overlapping appointments (437).
    static let slotTaken: Set<Int> = [433, 436, 437]
    /// Booking codes of bad input: the phone (431), the SMS code (432), no name (435), a service gone (438).
    static let invalid: Set<Int> = [431, 432, 435, 438]

    /// The booking codes of an error body: `meta.errors[].code` (an array), or a `code` in `meta` or `data`.
    static func codes(_ body: JSONValue?) -> [Int] {
        var codes: [Int] = []
        if let errors = body?["meta"]?["errors"]?.arrayValue {
            codes += errors.compactMap { $0["code"].flatMap(YclientsJSON.int) }
        }
        for value in [body?["meta"]?["code"], body?["data"]?["code"], body?["code"]] {
            if let code = value.flatMap(YclientsJSON.int) { codes.append(code) }
        }
        return codes
    }

    /// The message of an error body: `meta.message`, else the first of `meta.errors`, else the start of the text.
    static func message(_ body: JSONValue?, raw: Data) -> String {
        if let message = body?["meta"]?["message"]?.stringValue, !message.isEmpty { return message }
        if let first = body?["meta"]?["errors"]?.arrayValue?.first?["message"]?.stringValue { return first }
        if let errors = body?["meta"]?["errors"]?.objectValue, let first = errors.sorted(by: { $0.key < $1.key }).first {
            return "\(first.key): \(first.value.arrayValue?.first?.stringValue ?? first.value.jsonText)"
        }
        if let message = body?["error_message"]?.stringValue { return message }
        return String(decoding: raw.prefix(200), as: UTF8.self)
    }

    /// The error an answer with `status` and `body` means.
    /// - Parameters:
    ///   - write: whether the call may have changed the branch (a 5xx after a write may have applied it).
    ///   - retryAfter: the `Retry-After` header's seconds, when sent.
    static func map(status: Int, body: JSONValue?, raw: Data, call: String, write: Bool, retryAfter: Double?) -> CRMError {
        let codes = codes(body)
        let text = message(body, raw: raw)
        let reason = "YCLIENTS \(call): \(status)\(codes.first.map { " code \($0)" } ?? "") \(text)"
        if status == 429 {
            return .rateLimited(after: .milliseconds(Int(max(1, retryAfter ?? 1) * 1000)), reason: reason)
        }
        if codes.contains(where: slotTaken.contains) { return .refused(.slotUnavailable, reason: reason) }
        if codes.contains(434) { return .refused(.blocked, reason: reason) }
        if codes.contains(where: invalid.contains) { return .refused(.invalidInput, reason: reason) }
        switch status {
        case 401, 402, 403:
            // A wrong or dead token (a password change kills the user token), missing rights, an expired licence.
            return .notConfigured(reason: reason)
        case 404:
            return .refused(.notFound, reason: reason)
        case 400, 422:
            return .refused(.invalidInput, reason: reason)
        case 500...:
            return .retryable(reason: reason, outcomeUnknown: write)
        default:
            return .refused(.other, reason: reason)
        }
    }
}

/// YCLIENTS's loose JSON: ids as numbers or numeric strings, and three date formats.
enum YclientsJSON {
    /// A number or a numeric string as an integer.
    static func int(_ value: JSONValue) -> Int? {
        if let number = value.numberValue { return Int(exactly: number.rounded()) }
        if let text = value.stringValue { return Int(text.trimmingCharacters(in: .whitespaces)) }
        return nil
    }

    /// An id as text, whether YCLIENTS sent a number or a string.
    static func id(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        if let number = value.numberValue { return String(Int(number)) }
        if let text = value.stringValue, !text.isEmpty { return text }
        return nil
    }

    /// A date in any of the formats YCLIENTS's examples use: `2019-01-17T03:30:00+09:00`, `2019-01-17T19:41:44+0900`,
    /// and the zone-less `2019-01-17 03:30:00` (read in `zone`).
    static func date(_ text: String, zone: TimeZone) -> Date? {
        let formats = ["yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mm:ssXX", "yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX"]
        for format in formats {
            if let date = formatter(format, zone: TimeZone(secondsFromGMT: 0) ?? zone).date(from: text) { return date }
        }
        for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss"] {
            if let date = formatter(format, zone: zone).date(from: text) { return date }
        }
        return nil
    }

    /// `yyyy-MM-dd` of `date` in `zone`.
    static func day(_ date: Date, zone: TimeZone) -> String {
        formatter("yyyy-MM-dd", zone: zone).string(from: date)
    }

    static func formatter(_ format: String, zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter
    }
}
