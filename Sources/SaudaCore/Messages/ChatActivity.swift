/// Shows a customer that their reply is being written (Telegram's «печатает…») while a turn works on their messages.
/// A channel without such a sign has none; the agent runs its turns the same either way.
public protocol ChatActivity: Sendable {
    /// Runs `body`, showing the sign in the conversation's chat meanwhile. Showing it never fails or delays `body`.
    /// - Parameter connection: the channel connection the customer wrote to, when known.
    func whileReplying<T: Sendable>(in key: ConversationKey, connection: String?, _ body: @Sendable () async throws -> T) async throws -> T
}
