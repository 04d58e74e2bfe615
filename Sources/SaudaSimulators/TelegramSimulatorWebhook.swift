import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SaudaCore
import Synchronization

/// Webhooks: `setWebhook`, `deleteWebhook`, `getWebhookInfo`, and the delivery of queued updates (one at a time per
/// chat, in order; chats in parallel up to `max_connections`; retried with a doubling delay or the `Retry-After` given).
extension TelegramSimulator {
    /// What one delivery attempt came to.
    enum DeliveryOutcome {
        case accepted
        case failed(String, retryAfter: Int?)
    }

    func setWebhook(botID: Int64, _ parameters: Parameters) -> Reply {
        let url = parameters.string("url") ?? ""
        if url.isEmpty { return deleteWebhook(botID: botID, parameters) }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), !(parsed.host ?? "").isEmpty else {
            return .badRequest("invalid webhook URL specified")
        }
        let secret = parameters.string("secret_token").flatMap { $0.isEmpty ? nil : $0 }
        if let secret {
            guard secret.count <= 256 else { return .badRequest("secret token is too long") }
            guard secret.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") }) else {
                return .badRequest("secret token contains unallowed characters")
            }
        }
        let maxConnections = min(max(parameters.int("max_connections") ?? 40, 1), 100)
        let allowed = parameters.array("allowed_updates")?.compactMap(\.stringValue)
        let dropPending = parameters.bool("drop_pending_updates") == true
        let now = ContinuousClock.now
        let (reply, poll) = state.withLock { state -> (Reply, Poll?) in
            guard var bot = state.bots[botID] else { return (.unauthorized, nil) }
            if let last = bot.lastSetWebhook, now - last < setWebhookInterval {
                return (.error(429, "Too Many Requests: retry after 1", retryAfter: 1), nil)
            }
            bot.lastSetWebhook = now
            let webhook = Webhook(url: url, secretToken: secret, maxConnections: maxConnections)
            let unchanged = bot.webhook == webhook && (allowed == nil || allowed == bot.allowedUpdates)
            if dropPending { bot.updates.removeAll() }
            if let allowed { bot.allowedUpdates = allowed }
            if !unchanged {
                if bot.webhook?.url != url {
                    bot.lastErrorDate = nil
                    bot.lastErrorMessage = nil
                }
                bot.webhook = webhook
                bot.webhookGeneration += 1
                bot.delivering.removeAll()
            }
            let poll = bot.poll
            bot.poll = nil
            state.bots[botID] = bot
            return (.result(true, description: unchanged ? "Webhook is already set" : "Webhook was set"), poll)
        }
        poll?.continuation.resume(returning: .conflict("Conflict: terminated by setWebhook request"))
        startDeliveries(botID: botID)
        return reply
    }

    func deleteWebhook(botID: Int64, _ parameters: Parameters) -> Reply {
        let dropPending = parameters.bool("drop_pending_updates") == true
        return state.withLock { state in
            guard var bot = state.bots[botID] else { return .unauthorized }
            let had = bot.webhook != nil
            bot.webhook = nil
            bot.webhookGeneration += 1
            bot.delivering.removeAll()
            if dropPending { bot.updates.removeAll() }
            state.bots[botID] = bot
            return .result(true, description: had ? "Webhook was deleted" : "Webhook is already deleted")
        }
    }

    func getWebhookInfo(botID: Int64) -> Reply {
        state.withLock { state in
            guard let bot = state.bots[botID] else { return .unauthorized }
            var info: [String: JSONValue] = ["url": .string(bot.webhook?.url ?? ""), "has_custom_certificate": false,
                                             "pending_update_count": .number(Double(bot.updates.count))]
            if let webhook = bot.webhook {
                info["max_connections"] = .number(Double(webhook.maxConnections))
                info["ip_address"] = "127.0.0.1"
            }
            if let allowed = bot.allowedUpdates { info["allowed_updates"] = .array(allowed.map(JSONValue.string)) }
            if let date = bot.lastErrorDate { info["last_error_date"] = .number(date.timeIntervalSince1970.rounded(.down)) }
            if let message = bot.lastErrorMessage { info["last_error_message"] = .string(message) }
            return .result(.object(info))
        }
    }

    // MARK: Delivery

    /// Starts delivering every update that may go now: the first pending one of each chat not already being delivered,
    /// up to `max_connections` at a time.
    ///
    /// A delivery holds the simulator weakly between attempts, so a simulator a test let go stops retrying.
    func startDeliveries(botID: Int64) {
        let started = state.withLock { state -> (ids: [Int], generation: Int) in
            guard var bot = state.bots[botID], let webhook = bot.webhook else { return ([], 0) }
            var busy = Set(bot.delivering.values)
            var ids: [Int] = []
            for update in bot.updates where bot.delivering.count < webhook.maxConnections {
                guard bot.delivering[update.id] == nil, !busy.contains(update.orderKey) else {
                    busy.insert(update.orderKey)
                    continue
                }
                busy.insert(update.orderKey)
                bot.delivering[update.id] = update.orderKey
                ids.append(update.id)
            }
            state.bots[botID] = bot
            return (ids, bot.webhookGeneration)
        }
        let firstDelay = webhookRetryDelay
        for id in started.ids {
            Task { [weak self] in
                var delay = firstDelay
                while let wait = await self?.attemptDelivery(botID: botID, updateID: id, generation: started.generation, delay: &delay) {
                    try? await Task.sleep(for: wait)
                }
            }
        }
    }

    /// Posts an update once. Returns the wait before the next attempt, or `nil` when done: taken by a 2xx, dropped, or
    /// the webhook changed (the update stays queued for the next webhook or `getUpdates`).
    func attemptDelivery(botID: Int64, updateID: Int, generation: Int, delay: inout Duration) async -> Duration? {
        let target = state.withLock { state -> (url: String, secret: String?, json: JSONValue)? in
            guard let bot = state.bots[botID], let webhook = bot.webhook, bot.webhookGeneration == generation,
                  let update = bot.updates.first(where: { $0.id == updateID }) else {
                return nil
            }
            return (webhook.url, webhook.secretToken, update.json)
        }
        guard let target else {
            finishDelivery(botID: botID, updateID: updateID, generation: generation, delivered: false)
            return nil
        }
        let outcome = await post(target.json, to: target.url, secret: target.secret)
        let failure = state.withLock { state -> (message: String, retryAfter: Int?)? in
            guard var bot = state.bots[botID] else { return nil }
            var failure: (message: String, retryAfter: Int?)?
            switch outcome {
            case .failed(let message, let retryAfter): failure = (message, retryAfter)
            case .accepted where bot.failingDeliveries > 0:
                bot.failingDeliveries -= 1
                failure = ("Read timeout expired", nil)
            case .accepted: failure = nil
            }
            if let failure {
                bot.lastErrorDate = Date()
                bot.lastErrorMessage = failure.message
            }
            state.bots[botID] = bot
            return failure
        }
        guard let failure else {
            finishDelivery(botID: botID, updateID: updateID, generation: generation, delivered: true)
            return nil
        }
        logger.debug("webhook delivery failed", metadata: ["bot": "\(botID)", "update": "\(updateID)", "error": "\(failure.message)"])
        let wait = failure.retryAfter.map { min(Duration.seconds($0), webhookMaxRetryDelay) } ?? delay
        delay = min(delay * 2, webhookMaxRetryDelay)
        return wait
    }

    /// Ends a delivery: a delivered update leaves the queue; the chat is free for its next update (when the delivery
    /// still belongs to the current webhook).
    func finishDelivery(botID: Int64, updateID: Int, generation: Int, delivered: Bool) {
        state.withLock { state in
            guard var bot = state.bots[botID] else { return }
            if delivered { bot.updates.removeAll { $0.id == updateID } }
            if bot.webhookGeneration == generation { bot.delivering[updateID] = nil }
            state.bots[botID] = bot
        }
        startDeliveries(botID: botID)
    }

    /// One POST of an update to the webhook.
    func post(_ update: JSONValue, to url: String, secret: String?) async -> DeliveryOutcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let secret { request.headers.add(name: "X-Telegram-Bot-Api-Secret-Token", value: secret) }
        request.body = .bytes(ByteBuffer(string: update.jsonText))
        do {
            let response = try await webhookClient.execute(request, timeout: .seconds(30))
            _ = try? await response.body.collect(upTo: 1 << 20)
            if (200..<300).contains(response.status.code) { return .accepted }
            let retryAfter = response.headers.first(name: "Retry-After").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            return .failed("Wrong response from the webhook: \(response.status.code) \(response.status.reasonPhrase)", retryAfter: retryAfter)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return .failed("Read timeout expired", retryAfter: nil)
        } catch {
            return .failed("Connection refused", retryAfter: nil)
        }
    }
}
