/// Why a call to a CRM failed, in the four kinds the caller acts on.
public enum CRMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Transient: the network, a 5xx, a conflict. `outcomeUnknown`: a write may have happened (the answer was lost
    /// after the request was sent), so the caller looks it up (``CRMAdapter/reconcile(_:)``) before writing again.
    case retryable(reason: String, outcomeUnknown: Bool)
    /// The CRM's rate limit: try the same call again after `after`.
    case rateLimited(after: Duration, reason: String)
    /// Refused for good for this input: a slot taken, invalid input, a blocked customer, a missing record.
    case refused(CRMRefusal, reason: String)
    /// Needs a person: missing, wrong or revoked credentials, a missing scope, an unpaid account. The connection turns
    /// `failing` with the reason and the conversation goes on without the CRM.
    case notConfigured(reason: String)
    /// The adapter cannot do this (``CRMAdapter/capabilities`` does not list it).
    case unsupported(CRMCapability)

    /// The reason, for logs, the console and the sync's dead letters.
    public var description: String {
        switch self {
        case .retryable(let reason, let unknown): unknown ? "\(reason) (the write may have happened)" : reason
        case .rateLimited(let after, let reason): "\(reason) (again after \(after))"
        case .refused(let kind, let reason): "\(kind.rawValue): \(reason)"
        case .notConfigured(let reason): "not configured: \(reason)"
        case .unsupported(let capability): "this CRM cannot \(capability.rawValue)"
        }
    }
}

/// The kinds of a CRM's refusal.
public enum CRMRefusal: String, Sendable, Hashable, Codable {
    /// The slot was taken between the offer and the booking.
    case slotUnavailable = "slot_unavailable"
    /// The CRM refused a field's value.
    case invalidInput = "invalid_input"
    /// The customer is blocked (a blacklist).
    case blocked
    /// The record does not exist.
    case notFound = "not_found"
    /// The credentials may not do this.
    case accessDenied = "access_denied"
    /// Anything else the CRM refused.
    case other
}
