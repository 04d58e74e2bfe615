import Foundation
import Hummingbird
import Logging
import SaudaChannelWappi
import SaudaChannels
import SaudaCore

/// `POST /webhooks/wappi/{tenant}/{secret}`: Wappi's webhook. The secret path segment is checked by
/// ``WappiWebhookMiddleware`` before the handler gets its ``WappiWebhookRequestContext``; the events'
/// `profile_id` is checked here, every event of the `{"messages":[…]}` envelope is recorded, and the answer
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

    func addRoutes(to router: Router<AppRequestContext>) {
        router.group("webhooks/wappi")
            .add(middleware: WappiWebhookMiddleware(accounts: accounts))
            .group(context: WappiWebhookRequestContext.self)
            .post(":tenant/:secret", use: receive)
    }

    @Sendable func receive(request: Request, context: WappiWebhookRequestContext) async throws -> Response {
        let tenant = context.tenantID
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maxBodyBytes) } catch {
            throw APIError(.contentTooLarge, "request body is larger than \(maxBodyBytes) bytes")
        }
        let events: [WappiMessage]
        do { events = try WappiWebhookDelivery.events(in: Data(buffer.readableBytesView), profileID: context.profileID) } catch {
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
