import Hummingbird
import SaudaAgent

extension APIError {
    /// The HTTP answer to an operator action's refusal: 400 for invalid input, 404 for what does not exist, 409 for a
    /// collision worth trying again.
    init(_ error: OperatorActionError) {
        switch error.kind {
        case .invalid: self.init(.badRequest, error.reason)
        case .notFound: self.init(.notFound, error.reason)
        case .conflict: self.init(.conflict, error.reason)
        }
    }

    /// Runs an operator action, answering its refusal as the API's error.
    static func answering<T>(_ action: () async throws -> T) async throws -> T {
        do { return try await action() } catch let error as OperatorActionError { throw APIError(error) }
    }
}
