import Foundation

/// Which language model answers.
public enum ModelProvider: String, Sendable, Hashable, CaseIterable {
    /// Google Gemini.
    case gemini
    /// An OpenAI-compatible server (OpenAI, Ollama, llama.cpp, vLLM).
    case openai
    /// The deterministic rule engine that needs no network.
    case offline
}

/// Settings of the language models and of the guard around them.
public struct ModelSettings: Sendable, Hashable {
    /// The provider (`SAUDA_MODEL_PROVIDER`); without it Gemini when `GEMINI_API_KEY` is set, an
    /// OpenAI-compatible server when `OPENAI_BASE_URL` is set, the offline engine otherwise.
    public var provider: ModelProvider = .offline
    /// `GEMINI_API_KEY`.
    public var geminiAPIKey: String?
    /// `GEMINI_MODEL`, `gemini-2.5-pro` by default (the earlier system's choice).
    public var geminiModel = "gemini-2.5-pro"
    /// `GEMINI_BASE_URL`.
    public var geminiBaseURL = "https://generativelanguage.googleapis.com/v1beta"
    /// `OPENAI_BASE_URL` (up to and including `/v1`).
    public var openAIBaseURL = "https://api.openai.com/v1"
    /// `OPENAI_API_KEY` (local servers take none).
    public var openAIAPIKey: String?
    /// `OPENAI_MODEL`.
    public var openAIModel = "gpt-4o-mini"
    /// `OPENAI_TRANSCRIPTION_MODEL`.
    public var openAITranscriptionModel = "whisper-1"
    /// `MODEL_TURN_DEADLINE_SECONDS`: a whole turn, every model call and tool included; default 60 s.
    public var turnDeadlineSeconds = 60
    /// `MODEL_REQUESTS_PER_MINUTE`: calls a minute the provider allows the key; `nil`: the provider's published
    /// first paid tier for the model (none for a local server); 0 in the environment: no limit.
    public var requestsPerMinute: Int?
    /// `MODEL_TOKENS_PER_MINUTE`: input tokens a minute the provider allows the key; `nil` and 0 as above.
    public var tokensPerMinute: Int?
    /// `MODEL_MAX_IN_FLIGHT`: model calls running at once over every business (and the HTTP/1.1 connections to the
    /// provider); default 256.
    public var maxInFlight = 256
    /// `MODEL_TENANT_CONCURRENCY`: model calls one business may have running at once; default half of
    /// `MODEL_MAX_IN_FLIGHT`, so a flood of one business leaves room for the others.
    public var tenantConcurrency: Int?
    /// `MODEL_CIRCUIT_FAILURES`: failures in a row that open the circuit breaker.
    public var circuitFailures = 5
    /// `MODEL_CIRCUIT_OPEN_SECONDS`: how long the breaker stays open before one trial call.
    public var circuitOpenSeconds = 30
    /// `MODEL_FALLBACK`: `offline` (the rule engine answers) or `apology` (a fixed apology, `GuardedModel.apology`).
    public var fallback = "offline"
    /// `MODEL_TOOL_ROUNDS`: most rounds of tool calls in one turn.
    public var toolRounds = 5

    /// Creates defaults.
    public init() {}

    /// Model calls one business may have running at once: `MODEL_TENANT_CONCURRENCY`, or half of
    /// `MODEL_MAX_IN_FLIGHT`.
    public var tenantInFlight: Int { min(maxInFlight, tenantConcurrency ?? max(1, maxInFlight / 2)) }

    /// The model of the provider in use.
    public var model: String {
        switch provider {
        case .gemini: geminiModel
        case .openai: openAIModel
        case .offline: "offline"
        }
    }

    /// The base URL of the provider in use.
    public var baseURL: String {
        switch provider {
        case .gemini: geminiBaseURL
        case .openai: openAIBaseURL
        case .offline: ""
        }
    }

    static func load(_ reader: inout Reader) -> ModelSettings {
        var settings = ModelSettings()
        settings.geminiAPIKey = reader.string("GEMINI_API_KEY")
        settings.geminiModel = reader.string("GEMINI_MODEL") ?? settings.geminiModel
        settings.geminiBaseURL = reader.url("GEMINI_BASE_URL") ?? settings.geminiBaseURL
        let openAIBase = reader.url("OPENAI_BASE_URL")
        settings.openAIBaseURL = openAIBase ?? settings.openAIBaseURL
        settings.openAIAPIKey = reader.string("OPENAI_API_KEY")
        settings.openAIModel = reader.string("OPENAI_MODEL") ?? settings.openAIModel
        settings.openAITranscriptionModel = reader.string("OPENAI_TRANSCRIPTION_MODEL") ?? settings.openAITranscriptionModel
        if let raw = reader.string("SAUDA_MODEL_PROVIDER") {
            if let provider = ModelProvider(rawValue: raw.lowercased()) { settings.provider = provider } else {
                reader.fail("SAUDA_MODEL_PROVIDER", "expected gemini, openai or offline", raw)
            }
        } else if settings.geminiAPIKey != nil {
            settings.provider = .gemini
        } else if openAIBase != nil || settings.openAIAPIKey != nil {
            settings.provider = .openai
        }
        if settings.provider == .gemini, settings.geminiAPIKey == nil {
            reader.fail("GEMINI_API_KEY", "required when SAUDA_MODEL_PROVIDER=gemini (get one at https://aistudio.google.com/apikey)", "")
        }
        if settings.provider == .openai, settings.openAIAPIKey == nil,
           URL(string: settings.openAIBaseURL)?.host?.hasSuffix("openai.com") == true {
            reader.fail("OPENAI_API_KEY", "required for \(settings.openAIBaseURL) (local servers such as Ollama need only OPENAI_BASE_URL)", "")
        }
        settings.turnDeadlineSeconds = reader.int("MODEL_TURN_DEADLINE_SECONDS", in: 1...600) ?? settings.turnDeadlineSeconds
        settings.requestsPerMinute = reader.int("MODEL_REQUESTS_PER_MINUTE", in: 0...1_000_000)
        settings.tokensPerMinute = reader.int("MODEL_TOKENS_PER_MINUTE", in: 0...1_000_000_000)
        settings.maxInFlight = reader.int("MODEL_MAX_IN_FLIGHT", in: 1...4096) ?? settings.maxInFlight
        settings.tenantConcurrency = reader.int("MODEL_TENANT_CONCURRENCY", in: 1...4096)
        settings.circuitFailures = reader.int("MODEL_CIRCUIT_FAILURES", in: 1...1000) ?? settings.circuitFailures
        settings.circuitOpenSeconds = reader.int("MODEL_CIRCUIT_OPEN_SECONDS", in: 1...3600) ?? settings.circuitOpenSeconds
        settings.toolRounds = reader.int("MODEL_TOOL_ROUNDS", in: 1...20) ?? settings.toolRounds
        if let raw = reader.string("MODEL_FALLBACK") {
            if ["offline", "apology"].contains(raw.lowercased()) { settings.fallback = raw.lowercased() } else {
                reader.fail("MODEL_FALLBACK", "expected offline or apology", raw)
            }
        }
        return settings
    }
}

extension Reader {
    /// An http(s) URL without a trailing slash.
    mutating func url(_ name: String) -> String? {
        guard let raw = string(name) else { return nil }
        guard let url = URL(string: raw), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            fail(name, "expected an http:// or https:// URL", raw)
            return nil
        }
        return raw.hasSuffix("/") ? String(raw.dropLast()) : raw
    }
}
