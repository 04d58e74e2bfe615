import Hummingbird
import SaudaChannels

extension APIError {
    /// The HTTP answer to a gateway's refusal: 400 for invalid input, 413 for input over a limit, 404 for an unknown
    /// tenant, 403 for a suspended business, 503 with `Retry-After: 60` for a full queue (the client or provider retries).
    init(_ error: GatewayError) {
        switch error.kind {
        case .invalid: self.init(.badRequest, error.reason)
        case .tooLarge: self.init(.contentTooLarge, error.reason)
        case .unknownTenant: self.init(.notFound, error.reason)
        case .queueFull: self.init(.serviceUnavailable, error.reason, headers: [.retryAfter: "60"])
        case .suspended: self.init(.forbidden, error.reason)
        }
    }
}
