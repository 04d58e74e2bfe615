import Crypto
import Foundation
import Hummingbird
import Logging
import SaudaChannelWappi
import SaudaChannels
import SaudaCore

/// `POST /webhooks/wappi/{tenant}/{secret}`: Wappi's webhook. The secret path segment and the events'
/// `profile_id` are checked, every event of the `{"messages":[…]}` envelope is recorded, and the answer
/// goes out once they are durable (never after an agent's turn). Lines are logged through the request's logger,
/// so they carry its `request_id`.
struct WappiWebhookController: Sendable {
    /// A tenant's Wappi profile and webhook secret.
    struct Account: Sendable {
        let profileID: String
        let secret: String
    }

    let gateway: WappiInbound
    let accounts: [String: Account]
    let maxBodyBytes: Int

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("webhooks/wappi/:tenant/:secret", use: receive)
    }

    @Sendable func receive(request: Request, context: BasicRequestContext) async throws -> Response {
        let tenant = try context.parameters.require("tenant")
        let secret = try context.parameters.require("secret")
        guard let account = accounts[tenant] else { throw APIError(.notFound, "no WhatsApp number is configured for tenant «\(tenant)»") }
        // Compared as digests so that the time taken does not reveal how much of the secret matched.
        guard SHA256.hash(data: Data(secret.utf8)) == SHA256.hash(data: Data(account.secret.utf8)) else {
            context.logger.warning("wappi webhook with a wrong secret", metadata: ["tenant": "\(tenant)"])
            throw APIError(.forbidden, "wrong webhook secret")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maxBodyBytes) } catch {
            throw APIError(.contentTooLarge, "request body is larger than \(maxBodyBytes) bytes")
        }
        let events: [WappiMessage]
        do { events = try WappiWebhookDelivery.events(in: Data(buffer.readableBytesView), profileID: account.profileID) } catch {
            throw APIError(error.kind == .otherProfile ? .forbidden : .badRequest, error.description)
        }
        do {
            let outcome = try await gateway.accept(tenantID: tenant, events: events)
            context.logger.debug("wappi webhook", metadata: ["tenant": "\(tenant)", "accepted": "\(outcome.accepted)",
                                                   "duplicates": "\(outcome.duplicates)", "ignored": "\(outcome.ignored)"])
            return try JSONResponse.make(outcome)
        } catch let error as GatewayError {
            throw APIError(error)
        }
    }
}
