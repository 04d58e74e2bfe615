import Hummingbird
import SaudaCore

/// Who may read the installation-wide figures of `/stats`, `/metrics` and the detail of `/health`: a caller with an
/// admin API token (`Authorization: Bearer …`, role `admin`). These figures combine every tenant, so an anonymous
/// visitor (or a viewer of one business) must not read them.
struct OperationsAccess: Sendable {
    let authenticator: AdminAuthenticator

    /// Whether `request` carries credentials at all (an `Authorization` header).
    static func presentsToken(_ request: Request) -> Bool {
        request.headers[.authorization] != nil
    }

    /// Refuses a caller of `request` without an admin token.
    /// - Throws: ``APIError`` 401 without a token or with an unknown one, 403 for a role below `admin`, 429 over the
    ///   token's rate.
    func requireAdmin(_ request: Request) async throws {
        guard Self.presentsToken(request) else { throw Self.tokenMissing }
        let caller = try await authenticator.authenticate(request)
        try AdminAuthenticator.check(caller, allows: .admin)
    }

    /// The answer to an anonymous caller of an installation-wide endpoint.
    static let tokenMissing = AdminAuthenticator.unauthorized(
        "these figures cover the whole installation and need an admin API token: send «Authorization: Bearer <token>» "
            + "(create one with «sauda token create --role admin»)")
}
