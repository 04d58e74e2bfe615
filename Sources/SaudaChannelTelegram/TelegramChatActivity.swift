import Foundation
import SaudaCore

/// Shows «печатает…» in a Telegram chat while the agent works on the customer's messages: `sendChatAction` `typing`
/// at once and every 4 seconds (Telegram shows it for 5), until the turn ends. A failed action is left alone: it never
/// delays or fails the turn. Chats of other channels run their turn without it.
public struct TelegramChatActivity: ChatActivity {
    let connections: TelegramConnections
    let interval: Duration

    /// Creates the activity over the running connections.
    public init(connections: TelegramConnections, interval: Duration = .seconds(4)) {
        self.connections = connections
        self.interval = interval
    }

    public func whileReplying<T: Sendable>(in key: ConversationKey, connection: String?, _ body: @Sendable () async throws -> T) async throws -> T {
        guard key.channel == .telegram, let chat = TelegramChat(key.chatID),
              let endpoint = connections.endpoint(tenantID: key.tenantID, botID: chat.botID), endpoint.stopReason == nil else {
            return try await body()
        }
        let (client, clock, interval) = (endpoint.client, connections.intervalClock, self.interval)
        let typing = Task {
            while !Task.isCancelled {
                try? await client.sendTyping(chatID: chat.chatID, businessConnectionID: chat.businessConnectionID)
                do { try await clock.sleep(for: interval) } catch { return }
            }
        }
        defer { typing.cancel() }
        return try await body()
    }
}
