import Hummingbird

/// Answers a request for an admin API path with a method the path does not have with 405 and `Allow`, instead of
/// the router's 404 (a path that exists is not "not found").
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The registered endpoints, each path under `/api/v1/` in OpenAPI form.
    let endpoints: [APIEndpoint]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = Self.methods(for: request.uri.path, in: endpoints)
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { throw error }
            let list = allowed.joined(separator: ", ")
            throw APIError(.methodNotAllowed, "\(request.method.rawValue) is not allowed here; use \(list)", headers: [.allow: list])
        }
    }

    /// The methods registered for `path` (`/api/v1/contacts/42`), sorted; empty when no endpoint has that path.
    static func methods(for path: String, in endpoints: [APIEndpoint]) -> [String] {
        let prefix = "/api/v1/"
        guard path.hasPrefix(prefix) else { return [] }
        let segments = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        let matching = endpoints.filter { endpoint in
            let template = endpoint.path.split(separator: "/", omittingEmptySubsequences: false)
            guard template.count == segments.count else { return false }
            return zip(template, segments).allSatisfy { pattern, segment in
                (pattern.hasPrefix("{") && !segment.isEmpty) || pattern == segment
            }
        }
        return Set(matching.map(\.method)).sorted()
    }
}
