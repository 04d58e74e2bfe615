import Hummingbird
import HummingbirdTesting
import SaudaCore
@testable import SaudaServer
import Testing

/// A method an admin path does not have gets 405 with `Allow` (schemathesis's "wrong response to undeclared method").
@Suite struct MethodNotAllowedTests {
    static let endpoints = [APIEndpoint(method: "GET", path: "contacts", summary: "", role: .viewer),
                            APIEndpoint(method: "GET", path: "contacts/{contact}", summary: "", role: .viewer),
                            APIEndpoint(method: "POST", path: "contacts/{contact}/pause", summary: "", role: .operator),
                            APIEndpoint(method: "DELETE", path: "whitelist/{phone}", summary: "", role: .admin),
                            APIEndpoint(method: "POST", path: "whitelist", summary: "", role: .admin),
                            APIEndpoint(method: "GET", path: "whitelist", summary: "", role: .viewer)]

    @Test func thePathsMethodsAreFound() {
        #expect(MethodNotAllowedMiddleware<AppRequestContext>.methods(for: "/api/v1/whitelist", in: Self.endpoints) == ["GET", "POST"])
        #expect(MethodNotAllowedMiddleware<AppRequestContext>.methods(for: "/api/v1/contacts/42/pause", in: Self.endpoints) == ["POST"])
        #expect(MethodNotAllowedMiddleware<AppRequestContext>.methods(for: "/api/v1/contacts//pause", in: Self.endpoints).isEmpty)
        #expect(MethodNotAllowedMiddleware<AppRequestContext>.methods(for: "/api/v1/nothing", in: Self.endpoints).isEmpty)
        #expect(MethodNotAllowedMiddleware<AppRequestContext>.methods(for: "/health", in: Self.endpoints).isEmpty)
    }

    @Test func anUndeclaredMethodGets405WithAllowAndAnUnknownPathStill404() async throws {
        try await withRunningApp { client in
            try await client.execute(uri: "/api/v1/whitelist", method: .patch) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, POST")
            }
            try await client.execute(uri: "/api/v1/no-such-thing", method: .patch) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
