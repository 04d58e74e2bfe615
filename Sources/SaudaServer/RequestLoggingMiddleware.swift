import Foundation
import Hummingbird
import Logging
import Metrics
import SaudaCore

/// Gives every request an id and logs how it ended.
///
/// The id is the caller's `X-Request-Id` when that is short and safe (1–64 letters, digits, `.`, `_` or `-`),
/// otherwise a new one. It is in the metadata (`request_id`) of every line logged through the request's
/// `context.logger`, and in the `X-Request-Id` header of every response, error responses included. A refused
/// request (4xx) is logged at `info`, an error response of 500 or above at `warning`, and an unexpected error
/// at `error`: it becomes a 500 naming the id and is counted in `sauda_failures_total{component="http"}`.
/// Lines name the route (`/webhooks/wappi/{tenant}/{secret}`), never the path, which may hold a secret.
struct RequestLoggingMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// The longest request id taken from a caller.
    static let maxRequestIDLength = 64

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = Self.requestID(from: request.headers[.requestID])
        var context = context
        context.logger[metadataKey: "request_id"] = .string(requestID)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            var metadata: Logger.Metadata = ["method": "\(request.method)", "route": "\(Self.route(request, context))",
                                             "status": "\(error.status.code)"]
            if let error = error as? APIError { metadata["reason"] = "\(error.reason)" }
            if error.status.code >= 500 {
                context.logger.warning("request failed", metadata: metadata)
            } else {
                context.logger.info("request refused", metadata: metadata)
            }
            response = try error.response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["method": "\(request.method)", "route": "\(Self.route(request, context))",
                                                              "error": "\(error)"])
            Self.countInternalFailure()
            response = try APIError(.internalServerError, "internal error, request id \(requestID)").response(from: request, context: context)
        }
        response.headers[.requestID] = requestID
        context.logger.debug("request handled", metadata: [
            "method": "\(request.method)", "route": "\(Self.route(request, context))", "status": "\(response.status.code)",
            "duration_ms": "\((ContinuousClock.now - started).totalNanoseconds / 1_000_000)"])
        return response
    }

    /// Counts a request that failed with 500 in `sauda_failures_total{component="http",cause="internal"}` (every
    /// such answer, whichever part of the server wrote it).
    static func countInternalFailure() {
        Counter(label: FailureMetric.label, dimensions: FailureMetric.dimensions(component: "http", cause: "internal")).increment()
    }

    /// The caller's request id when it is 1–64 characters of `[A-Za-z0-9._-]`, otherwise a new one (16 hex digits).
    static func requestID(from header: String?) -> String {
        if let header, (1...maxRequestIDLength).contains(header.utf8.count),
           header.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                                    || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }) {
            return header
        }
        return String(UUID.random().uuidString.lowercased().filter { $0 != "-" }.prefix(16))
    }

    /// The matched route for logs; a path no route matched is cut to 100 characters.
    static func route(_ request: Request, _ context: Context) -> String {
        context.endpointPath ?? String(request.uri.path.prefix(100))
    }
}
