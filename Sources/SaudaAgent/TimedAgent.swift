/// An agent whose calls are timed (the sales agent's `sauda_turn_model_seconds`), failed calls included.
struct TimedAgent: ConversationAgent {
    let agent: any ConversationAgent
    let record: @Sendable (ContinuousClock.Instant) -> Void

    func reply(to context: ConversationContext) async throws -> AgentReply {
        let started = ContinuousClock.now
        defer { record(started) }
        return try await agent.reply(to: context)
    }
}
