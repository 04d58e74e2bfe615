import Foundation
import SaudaCore

/// What a model provider allows one API key (one project, for Gemini), and how much of it one business may hold.
///
/// The rates are counted over a sliding window (a minute, as the providers count them): a call is admitted while
/// fewer than ``requestsPerMinute`` calls and fewer than ``tokensPerMinute`` input tokens went out in the last
/// ``window``. `nil` is no limit, which suits a local server (vLLM, Ollama, llama.cpp) that queues on its own.
public struct ProviderLimits: Sendable, Hashable {
    /// Calls a minute; `nil`: no limit.
    public var requestsPerMinute: Int?
    /// Input tokens a minute (Gemini and OpenAI count the prompt); `nil`: no limit.
    public var tokensPerMinute: Int?
    /// Calls running at once, over every business (also the size of the HTTP/1.1 connection pool; over HTTP/2 they
    /// share connections).
    public var maxInFlight: Int
    /// Calls one business may have running at once, so that a flood of one business leaves room for the others.
    public var tenantInFlight: Int
    /// The span the rates are counted over: a minute (tests shorten it).
    public var window: Duration

    /// Creates limits.
    public init(requestsPerMinute: Int?, tokensPerMinute: Int?, maxInFlight: Int = 256, tenantInFlight: Int? = nil,
                window: Duration = .seconds(60)) {
        self.requestsPerMinute = requestsPerMinute.map { max(1, $0) }
        self.tokensPerMinute = tokensPerMinute.map { max(1, $0) }
        self.maxInFlight = max(1, maxInFlight)
        self.tenantInFlight = min(self.maxInFlight, max(1, tenantInFlight ?? maxInFlight))
        self.window = window > .zero ? window : .seconds(60)
    }

    /// No limit but the calls in flight.
    public static let unlimited = ProviderLimits(requestsPerMinute: nil, tokensPerMinute: nil)

    /// The limits the provider publishes for a paying account's first tier (the tier a business reaches by linking
    /// billing), by model:
    ///
    /// | provider, model | calls/min | input tokens/min |
    /// | --- | --- | --- |
    /// | Gemini 2.5 Pro (and other `pro` models) | 150 | 2,000,000 |
    /// | Gemini 2.5 Flash | 1,000 | 1,000,000 |
    /// | Gemini Flash-Lite, 2.0 Flash | 4,000 / 2,000 | 4,000,000 |
    /// | OpenAI `gpt-4o-mini`, `gpt-4.1-mini`, `gpt-4.1-nano` | 500 | 200,000 |
    /// | OpenAI, other models | 500 | 30,000 |
    /// | an OpenAI-compatible server not at `api.openai.com` | none | none |
    ///
    /// A business on another tier sets `MODEL_REQUESTS_PER_MINUTE` and `MODEL_TOKENS_PER_MINUTE`.
    public static func published(provider: ModelProvider, model: String, baseURL: String) -> ProviderLimits {
        let model = model.lowercased()
        switch provider {
        case .gemini:
            if model.contains("flash-lite") { return ProviderLimits(requestsPerMinute: 4_000, tokensPerMinute: 4_000_000) }
            if model.contains("2.0-flash") { return ProviderLimits(requestsPerMinute: 2_000, tokensPerMinute: 4_000_000) }
            if model.contains("flash") { return ProviderLimits(requestsPerMinute: 1_000, tokensPerMinute: 1_000_000) }
            return ProviderLimits(requestsPerMinute: 150, tokensPerMinute: 2_000_000)
        case .offline:
            return .unlimited
        case .openai:
            guard URL(string: baseURL)?.host?.hasSuffix("openai.com") == true else { return .unlimited }
            let small = ["gpt-4o-mini", "gpt-4.1-mini", "gpt-4.1-nano"].contains { model.hasPrefix($0) }
            return ProviderLimits(requestsPerMinute: 500, tokensPerMinute: small ? 200_000 : 30_000)
        }
    }
}

