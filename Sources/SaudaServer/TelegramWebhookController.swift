import Foundation
import Hummingbird
import Logging
import SaudaChannelTelegram
import SaudaChannels
import SaudaCore

/// `POST /webhooks/telegram/{public_id}`: Telegram's webhook of a business's bot. The address names the connection by
/// its random public id (never the token); the header `X-Telegram-Bot-Api-Secret-Token` must carry the connection's
/// webhook secret (compared in constant time; a wrong or missing one is 401 and nothing is read). The body is one
/// `Update`: recorded through ``TelegramInbound`` before the answer, so a 200 means it is durable, and a duplicate
/// delivery is recognised by its message's key.
///
/// Answers: 404 for an address of no running bot; 413 for a body over `maxBodyBytes`; 400 for a body that is no update
/// (no object, no numeric `update_id`) or whose message is not as Telegram writes it (nothing stored); 503 with
/// `Retry-After` while the connection is paused or the queues are full (Telegram delivers again); 200 `{…outcome}`
/// otherwise.
struct TelegramWebhookController: Sendable {
    let connections: TelegramConnections
    let inbound: TelegramInbound
    let maxBodyBytes: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("webhooks/telegram/:connection", use: receive)
    }

    @Sendable func receive(request: Request, context: AppRequestContext) async throws -> Response {
        let publicID = try context.parameters.require("connection")
        guard let endpoint = connections.endpoint(publicID: publicID) else {
            throw APIError(.notFound, "no Telegram bot at this address")
        }
        guard let expected = endpoint.webhookSecret, let given = request.headers[.telegramSecretToken],
              CRMWebhookController.same(given, expected) else {
            throw APIError(.unauthorized, "the X-Telegram-Bot-Api-Secret-Token header does not match the bot's webhook secret")
        }
        if let reason = endpoint.stopReason {
            throw APIError(.serviceUnavailable, "the bot receives nothing now: \(reason)", headers: [.retryAfter: "60"])
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maxBodyBytes) } catch {
            throw APIError(.contentTooLarge, "request body is larger than \(maxBodyBytes) bytes")
        }
        let update: TelegramUpdate
        do {
            update = try TelegramUpdate.parse(try JSONValue.parse(Data(buffer.readableBytesView)))
        } catch let error as TelegramUpdate.Unreadable {
            throw APIError(.badRequest, error.description)
        } catch {
            throw APIError(.badRequest, "the body is not JSON: \(error)")
        }
        let outcome: InboundOutcome
        do {
            outcome = try await inbound.accept([update], bot: endpoint.bot, client: endpoint.client)
        } catch let error as GatewayError {
            throw APIError(error)
        } catch let error as TelegramError {
            // A business connection named could not be read from Telegram now: nothing was recorded, Telegram delivers again.
            throw APIError(.serviceUnavailable, "the update waits: \(error.message)", headers: [.retryAfter: "5"])
        }
        context.logger.debug("telegram webhook", metadata: ["connection": "\(endpoint.connectionID)", "update": "\(update.updateID)",
                                                          "accepted": "\(outcome.accepted)", "duplicates": "\(outcome.duplicates)",
                                                          "ignored": "\(outcome.ignored)", "refused": "\(outcome.refused)"])
        if outcome.refusedCount > 0, let first = outcome.refusals.first {
            throw APIError(first.kind == .tooLarge ? .contentTooLarge : .badRequest, first.description)
        }
        return try JSONResponse.make(outcome)
    }
}
