import Hummingbird

extension APIError {
    /// The HTTP answer to a refused administration: 400 for a bad value or confirmation, 404 for an unknown business or
    /// link, 409 for one that exists already, the default business or a suspended business, 410 for a used or
    /// expired link, 403 for a wrong password or a suspended account.
    init(_ error: AdministrationError) {
        let status: HTTPResponse.Status = switch error {
        case .invalid, .confirmationMismatch: .badRequest
        case .unknownBusiness, .unknownInvite: .notFound
        case .businessExists, .accountExists, .defaultBusiness, .businessSuspended: .conflict
        case .inviteUsed, .inviteExpired: .gone
        case .wrongPassword, .accountSuspended: .forbidden
        }
        self.init(status, error.description)
    }

    /// The answer to a caller who is not the installation's owner.
    static let ownerOnly = APIError(.forbidden, "only the installation's owner may do this (an owner is made with «sauda owner create»)")
}
