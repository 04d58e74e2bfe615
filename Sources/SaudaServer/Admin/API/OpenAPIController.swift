import Foundation
import Hummingbird

/// `/openapi.json`: the OpenAPI 3.1 document of the admin API (a resource of this module, checked by the tests
/// against the endpoints the server registers). Served without a token: it holds no data.
struct OpenAPIController: Sendable {
    let endpoints: [APIEndpoint]

    /// The document as shipped.
    static let document: Data? = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Public")
        .flatMap { try? Data(contentsOf: $0) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("openapi.json") { _, _ -> Response in
            guard let document = Self.document else { throw APIError(.notFound, "this build has no OpenAPI document") }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .accessControlAllowOrigin: "*"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: document)))
        }
    }
}
