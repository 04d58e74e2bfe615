import Crypto
import Foundation
import Hummingbird
import Logging
import SaudaCRM
import SaudaCRMSync
import SaudaCore
import SaudaStore

/// `POST /webhooks/crm/{tenant}/{secret}`: what a business's CRM reports (a booking cancelled or moved in YCLIENTS or
/// Bitrix24, a deal's stage in amoCRM). The address's secret is checked in constant time (an unknown business or a
/// wrong secret is 404 alike), the CRM's adapter verifies and reads the post (Bitrix24's `application_token`, the
/// account named in it), and the events are applied to Sauda's records and shown to the operators.
struct CRMWebhookController: Sendable {
    let database: any Database
    let sealer: SecretSealer
    let adapters: any CRMAdapterSource
    let applier: CRMEventApplier
    let maxBodyBytes: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("webhooks/crm/:tenant/:secret", use: receive)
    }

    @Sendable func receive(request: Request, context: AppRequestContext) async throws -> Response {
        let tenantID = try context.parameters.require("tenant")
        let given = try context.parameters.require("secret")
        let sealer = self.sealer
        let found = try await database.read { sql -> (CRMConnection, String)? in
            guard let connection = try await CRMConnectionRepository(sql).find(tenantID: tenantID),
                  let secret = try await CRMWebhookSecret.reveal(sql, tenantID: tenantID, sealer: sealer) else { return nil }
            return (connection, secret)
        }
        guard let (connection, secret) = found, Self.same(given, secret) else {
            throw APIError(.notFound, "no CRM webhook at this address")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maxBodyBytes) } catch {
            throw APIError(.contentTooLarge, "request body is larger than \(maxBodyBytes) bytes")
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let contentType = (request.headers[.contentType] ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        let post = CRMWebhookRequest(contentType: contentType, headers: headers, body: Array(buffer.readableBytesView))
        let events: [CRMEvent]
        do {
            guard let binding = try await adapters.binding(tenantID: tenantID) else { throw APIError(.conflict, "the CRM connection is paused") }
            events = try await binding.adapter.parseWebhook(post)
        } catch let error as CRMError {
            switch error {
            case .refused(.accessDenied, let reason): throw APIError(.forbidden, reason)
            case .refused(_, let reason): throw APIError(.badRequest, reason)
            case .unsupported: throw APIError(.notFound, "\(connection.type.rawValue) sends no events Sauda reads")
            case .notConfigured(let reason): throw APIError(.conflict, "the CRM connection is not configured: \(reason)")
            case .retryable(let reason, _), .rateLimited(_, let reason): throw APIError(.serviceUnavailable, reason)
            }
        }
        let outcome = try await applier.apply(events, tenantID: tenantID, type: connection.type, now: Date())
        return try JSONResponse.make(outcome)
    }

    /// Whether two secrets are equal, in time that does not depend on where they differ.
    static func same(_ given: String, _ expected: String) -> Bool {
        let (left, right) = (SHA256.hash(data: Data(given.utf8)), SHA256.hash(data: Data(expected.utf8)))
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
