import Foundation
import Hummingbird
import Logging

/// Gives every request a request id in its log metadata and logs failures with it.
struct RequestLoggingMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = request.headers[.init("X-Request-Id")!] ?? UUID().uuidString.prefix(8).lowercased()
        context.logger[metadataKey: "request_id"] = "\(requestID)"
        do {
            var response = try await next(request, context)
            response.headers[.init("X-Request-Id")!] = String(requestID)
            return response
        } catch let error as APIError {
            context.logger.info("request refused", metadata: ["path": "\(request.uri.path)", "status": "\(error.status.code)",
                                                              "reason": "\(error.reason)"])
            throw error
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw APIError(.internalServerError, "internal error, request id \(requestID)")
        }
    }
}
