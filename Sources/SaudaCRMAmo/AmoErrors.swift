import Foundation
import SaudaCRM
import SaudaCore

/// How amoCRM's error answers become ``CRMError``'s kinds (the reference's table, crm.md §3.4 and §9): errors come as
/// `application/problem+json` (`title`, `status`, `detail`, and `validation-errors` on a 400); a 429's body may not be
/// JSON at all.
enum AmoErrors {
    /// The error an answer with `status` and `body` means.
    /// - Parameters:
    ///   - retryAfter: the `Retry-After` header, when there was one (seconds).
    ///   - writes: whether the call was a write (a 5xx after a write may have applied it).
    static func map(status: Int, body: Data, retryAfter: String?, writes: Bool, path: String) -> CRMError {
        let problem = try? JSONValue.parse(body)
        let reason = "amoCRM \(status) \(path): \(describe(problem, raw: body))"
        switch status {
        case 429:
            let seconds = retryAfter.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 1
            return .rateLimited(after: .seconds(max(1, seconds)), reason: reason)
        case 400, 422:
            return .refused(.invalidInput, reason: reason)
        case 401:
            return .notConfigured(reason: reason)
        case 402:
            return .notConfigured(reason: reason + " (the account is not paid for or is blocked)")
        case 403:
            return .notConfigured(reason: reason + " (no rights, or this server's IP is not allowed)")
        case 404:
            return .refused(.notFound, reason: reason)
        case 500...:
            return .retryable(reason: reason, outcomeUnknown: writes)
        default:
            return .refused(.other, reason: reason)
        }
    }

    /// A problem's title and detail and its first validation errors (`path code detail`), or the start of a body that
    /// is not JSON.
    static func describe(_ problem: JSONValue?, raw: Data) -> String {
        guard let problem, problem.objectValue != nil else {
            let text = String(decoding: raw.prefix(120), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { return "no body" }
            // amoCRM's 429 (and a proxy's errors) come as an HTML page: its title says enough.
            if text.hasPrefix("<"), let start = text.range(of: "<title>"), let end = text.range(of: "</title>"), start.upperBound <= end.lowerBound {
                return "a page that is not JSON: " + text[start.upperBound..<end.lowerBound]
            }
            return text.hasPrefix("<") ? "a page that is not JSON" : text
        }
        var parts: [String] = []
        for key in ["title", "detail", "hint"] {
            if let text = problem[key]?.stringValue, !text.isEmpty, !parts.contains(text) { parts.append(text) }
        }
        let errors = (problem["validation-errors"]?.arrayValue ?? []).flatMap { $0["errors"]?.arrayValue ?? [] }
        for error in errors.prefix(3) {
            let item = [error["path"]?.stringValue, error["code"]?.stringValue, error["detail"]?.stringValue]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            if !item.isEmpty { parts.append(item) }
        }
        return parts.isEmpty ? "no reason given" : parts.joined(separator: "; ")
    }
}
