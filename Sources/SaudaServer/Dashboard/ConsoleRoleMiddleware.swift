import Hummingbird
import SaudaCore

/// Lets through the console pages and actions of a group only for a caller whose role allows `role`; anyone else
/// gets the 403 page naming both roles.
struct ConsoleRoleMiddleware: RouterMiddleware {
    typealias Context = ConsoleRequestContext

    /// The least role the group's routes need.
    let role: AccessRole

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let page = context.page
        guard page.may(role) else {
            let reason = page.t(.roleTooLow, ConsoleLayout.roleName(page.principal.role, page), ConsoleLayout.roleName(role, page))
            return DashboardController.page(ConsoleLayout.problem(status: 403, title: page.t(.forbiddenTitle), reason: reason, context: page),
                                            status: .forbidden)
        }
        return try await next(request, context)
    }
}
