import Foundation

/// Runs a model turn with tools until the model gives its final answer: each round's calls run through the
/// registry, their results go back with the model's own turn (replayed unchanged), and the next round
/// starts. The number of rounds is bounded; a malformed function call gets one more attempt.
public struct ToolCallingLoop: Sendable {
    /// The model.
    public let model: any LanguageModel
    /// The tools.
    public let registry: ToolRegistry
    /// Most rounds with tool calls before the turn is given up.
    public let maximumRounds: Int

    /// What a turn did.
    public struct Outcome: Sendable {
        /// The final answer.
        public var response: ModelResponse
        /// Every round of tool calls, in order.
        public var exchanges: [ToolExchange]
        /// Tokens of every call of the turn.
        public var usage: TokenUsage
        /// Model calls made.
        public var calls: Int
    }

    /// Creates a loop.
    public init(model: any LanguageModel, registry: ToolRegistry, maximumRounds: Int = 5) {
        self.model = model
        self.registry = registry
        self.maximumRounds = max(1, maximumRounds)
    }

    /// Runs the turn. The request's tools are replaced by the registry's.
    public func run(_ request: ModelRequest, context: ToolContext) async throws(ModelError) -> Outcome {
        var request = request
        request.tools = registry.declarations
        var usage = TokenUsage.zero
        var calls = 0
        var malformedRetried = false
        while true {
            let response: ModelResponse
            do {
                calls += 1
                response = try await model.respond(to: request)
            } catch where error.kind == .malformedResponse && !malformedRetried {
                malformedRetried = true
                continue
            }
            usage = usage + response.usage
            guard !response.toolCalls.isEmpty else {
                return Outcome(response: response, exchanges: request.exchanges, usage: usage, calls: calls)
            }
            guard request.exchanges.count < maximumRounds else {
                throw ModelError(.malformedResponse, "the model still called tools after \(maximumRounds) rounds")
            }
            var results: [ToolResult] = []
            for call in response.toolCalls { results.append(await registry.run(call, context: context)) }
            request.exchanges.append(ToolExchange(calls: response.toolCalls, results: results,
                                                  providerTurn: response.providerTurn, text: response.text))
        }
    }
}
