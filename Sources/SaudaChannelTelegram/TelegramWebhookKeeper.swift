import Foundation
import Logging
import SaudaCore

/// Keeps a bot's webhook registered at its address with its secret and the updates Sauda reads (`setWebhook`, pending
/// updates kept), then reads `getWebhookInfo` every so often: Telegram's last delivery error
/// (`Wrong response from the webhook: …`) shows on the connection while it is recent. Registering again is harmless, so
/// each process that runs the connection registers it once when it starts it.
struct TelegramWebhookKeeper: Sendable {
    let endpoint: TelegramConnections.Endpoint
    let url: String
    let connections: TelegramConnections

    /// How long a delivery error Telegram reported stays shown.
    static let errorShownFor: TimeInterval = 600

    func run() async {
        let timing = connections.timing
        var registered = false
        while !Task.isCancelled {
            var wait = timing.webhookCheck
            do {
                if !registered {
                    guard let secret = endpoint.webhookSecret else {
                        connections.report(connectionID: endpoint.connectionID, error: "the connection has no webhook secret; rotate it")
                        return
                    }
                    try await endpoint.client.setWebhook(url: url, secretToken: secret)
                    registered = true
                    connections.logger.info("telegram webhook registered", metadata: ["connection": "\(endpoint.connectionID)"])
                }
                let info = try await endpoint.client.webhookInfo()
                connections.report(connectionID: endpoint.connectionID, error: nil)
                if info.url != url {
                    // Someone set another address (or deleted it): registered again at once.
                    registered = false
                    wait = .zero
                }
                let recent = info.lastErrorDate.map { connections.wallClock().timeIntervalSince($0) < Self.errorShownFor } ?? false
                connections.webhookReported(connectionID: endpoint.connectionID, error: recent ? info.lastErrorMessage : nil)
            } catch {
                switch error.kind {
                case .unauthorized:
                    connections.report(connectionID: endpoint.connectionID, error: "Telegram refused the bot's token (\(error.message))")
                    wait = timing.refusedDelay
                case .rateLimited:
                    wait = error.retryAfter ?? timing.retryDelay
                case .rejected where !registered:
                    // Telegram refuses the address itself (Telegram needs HTTPS on port 443, 80, 88 or 8443): its people must act.
                    connections.report(connectionID: endpoint.connectionID, error: "Telegram refused the webhook address \(url): \(error.message)")
                    wait = timing.refusedDelay
                case .blocked, .rejected, .conflict, .transient, .malformed:
                    connections.logger.warning("registering a Telegram webhook failed", metadata: ["connection": "\(endpoint.connectionID)",
                                                                                                  "error": "\(error)"])
                    if !registered { connections.webhookReported(connectionID: endpoint.connectionID, error: "the webhook is not registered: \(error.message)") }
                    wait = timing.retryDelay
                }
            }
            guard await connections.pause(wait) else { return }
        }
    }
}
