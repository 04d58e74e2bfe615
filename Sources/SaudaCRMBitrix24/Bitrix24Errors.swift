import Foundation
import SaudaCRM

/// How Bitrix24's errors become ``CRMError``'s kinds (the reference's table, crm.md §2.5 and §2.2).
enum Bitrix24Errors {
    /// Error codes that need a person: a wrong, expired or revoked webhook, a missing scope, REST off for the plan, the
    /// user's rights, a manual block by Bitrix24's support, a deleted portal.
    static let needsAPerson: Set<String> = [
        "NO_AUTH_FOUND", "expired_token", "invalid_token", "insufficient_scope", "ACCESS_DENIED", "INVALID_CREDENTIALS",
        "OVERLOAD_LIMIT", "PORTAL_DELETED", "ERROR_METHOD_NOT_FOUND", "INVALID_REQUEST",
    ]

    /// The error an answer with `status` and the body's `error`/`error_description` means.
    /// - Parameters:
    ///   - write: whether the call was a write (a 5xx after a write may have applied it).
    ///   - limitBackoff: the wait to give for a `QUERY_LIMIT_EXCEEDED` (the adapter doubles it per refusal in a row).
    ///   - operatingResetIn: the wait until the resource-time buckets reset, when known (`time.operating_reset_at`).
    static func map(status: Int, code: String, description: String, write: Bool, limitBackoff: Duration,
                    operatingResetIn: Duration?) -> CRMError {
        let reason = "Bitrix24 \(status) \(code.isEmpty ? "" : code + ": ")\(description)"
        if code == "QUERY_LIMIT_EXCEEDED" { return .rateLimited(after: limitBackoff, reason: reason) }
        // The booking module: the resource is busy at that time (or gone).
        if code == "1018" { return .refused(.slotUnavailable, reason: reason) }
        if code == "OPERATION_TIME_LIMIT" || status == 429 {
            return .rateLimited(after: operatingResetIn ?? .seconds(60), reason: reason)
        }
        if needsAPerson.contains(code) || status == 401 || description == "Access denied." {
            return .notConfigured(reason: reason)
        }
        if code == "NOT_FOUND" || code == "OWNER_NOT_FOUND" || description == "Not found" || status == 404 {
            return .refused(.notFound, reason: reason)
        }
        if status >= 500 { return .retryable(reason: reason, outcomeUnknown: write) }
        if status == 403 { return .notConfigured(reason: reason) }
        if status == 400 { return .refused(.invalidInput, reason: reason) }
        return .refused(.other, reason: reason)
    }
}
