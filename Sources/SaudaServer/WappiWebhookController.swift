import Foundation
import Hummingbird
import Logging
import SaudaChannelWappi
import SaudaChannels
import SaudaCore

/// `POST /webhooks/wappi/{public_id}/{webhook_secret}` (a business's channel connection) and
/// `POST /webhooks/wappi/{tenant}/{secret}` (the number of old of `WAPPI_*`): Wappi's webhook. The path is checked by
/// ``WappiWebhookMiddleware`` before the handler gets its ``WappiWebhookRequestContext``; the events'
/// `profile_id` is checked here, every event of the `{"messages":[…]}` envelope is recorded, and the answer
/// goes out once they are durable (never after an agent's turn). Lines are logged through the request's logger,
/// so they carry its `request_id`.
///
/// Limits (``InboundLimits``): a body over `maxBodyBytes` or an envelope of more than 1,000 events is refused whole
/// (413). An event that breaks a limit or Wappi's format is refused alone and the others are recorded (200, with
/// `refused` and `refusals` in the answer), so that a resent post never loses or repeats its valid events; a post
/// of which every event was refused stores nothing and is answered 413 (a field over its limit) or 400, with the
/// first refusal as the reason.
struct WappiWebhookController: Sendable {
    /// A tenant's Wappi profile and webhook secret.
    struct Account: Sendable {
        let profileID: String
        let secret: String
    }

    let gateway: WappiInbound
    let accounts: [String: Account]
    /// The businesses' running WhatsApp connections.
    let connections: WappiConnections?
    let maxBodyBytes: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        router.group("webhooks/wappi")
            .add(middleware: WappiWebhookMiddleware(accounts: accounts, connections: connections))
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
            switch error.kind {
            case .malformed: throw APIError(.badRequest, error.description)
            case .otherProfile: throw APIError(.forbidden, error.description)
            case .tooLarge: throw APIError(.contentTooLarge, error.description)
            }
        }
        let outcome: InboundOutcome
        do {
            // A connection's own pause after the owner wrote from the phone; the number of old keeps WAPPI_HUMAN_PAUSE_MINUTES'.
            let pause = context.connectionID.flatMap { connections?.endpoint(tenantID: tenant, connectionID: $0)?.humanPause }
            outcome = try await gateway.accept(tenantID: tenant, events: events, connectionID: context.connectionID, humanPause: pause)
        } catch let error as GatewayError {
            throw APIError(error)
        }
        context.logger.debug("wappi webhook", metadata: ["tenant": "\(tenant)", "accepted": "\(outcome.accepted)",
                                               "duplicates": "\(outcome.duplicates)", "ignored": "\(outcome.ignored)",
                                               "refused": "\(outcome.refused)"])
        // Nothing of the post was usable, so nothing was stored and refusing it loses nothing.
        if !events.isEmpty, outcome.refusedCount == events.count, let first = outcome.refusals.first {
            throw APIError(first.kind == .tooLarge ? .contentTooLarge : .badRequest, first.description)
        }
        return try JSONResponse.make(outcome)
    }
}
