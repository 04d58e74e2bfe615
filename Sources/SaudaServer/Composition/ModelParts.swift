import AsyncHTTPClient
import Logging
import SaudaAgent
import SaudaCore
import SaudaModels
import SaudaStore
import ServiceLifecycle

/// The language model of the settings (`MODEL_PROVIDER`), its transcriber and the log of their token usage.
public struct ModelParts: Sendable {
    /// The language model the agent calls (the guarded remote model, or the offline engine), metered.
    public let model: any LanguageModel
    /// The guard around a remote model, for `/health`; `nil` with the offline engine.
    public let modelGuard: GuardedModel?
    /// Voice notes → text with the remote model's provider, metered; `nil` when the provider cannot transcribe.
    public let transcriber: MeteredTranscriber?
    /// Token usage of every model call.
    public let usageLog: UsageLog

    /// Builds the model of `settings.models`; nothing is called until the agent runs.
    public init(settings: ModelSettings, database: any Database, logger: Logger) {
        let (baseModel, guardedModel, transcriber) = Self.makeModel(settings, logger: logger)
        let usageLog = UsageLog(database: database, logger: logger)
        self.usageLog = usageLog
        model = MeteredModel(baseModel, sink: usageLog)
        modelGuard = guardedModel
        self.transcriber = transcriber.map { MeteredTranscriber($0, sink: usageLog) }
    }

    /// What must run for the model: the usage log, which writes the usage in batches (its last batch on shutdown).
    public var services: [any Service] { [usageLog] }

    /// The model of `settings` without usage records: the offline engine, or the guarded remote model; for commands that
    /// call it outside the agent (`sauda eval intent --model`).
    public static func unmetered(_ settings: ModelSettings, logger: Logger) -> any LanguageModel {
        makeModel(settings, logger: logger).0
    }

    /// The model of the settings: the offline engine, or a remote model behind a ``GuardedModel`` (within the
    /// provider's budget, ``ProviderLimits/init(settings:)``) with the offline engine (or the apology) as its fallback.
    static func makeModel(_ settings: ModelSettings, logger: Logger) -> (any LanguageModel, GuardedModel?, (any Transcriber)?) {
        guard settings.provider != .offline else { return (OfflineEngine(), nil, nil) }
        // The budget retries the model's 429s, keeping the call's place in line; the client retries the rest. The
        // transcriber is outside the budget and retries its 429s itself.
        let primary = remoteModel(settings, retry: ModelRetryPolicy(retriesRateLimits: false), logger: logger)
        let guarded = GuardedModel(
            primary: primary, fallback: settings.fallback == "offline" ? OfflineEngine() : nil,
            breaker: CircuitBreaker(failureThreshold: settings.circuitFailures, openDuration: .seconds(settings.circuitOpenSeconds)),
            budget: ProviderBudget(name: settings.provider.rawValue, limits: ProviderLimits(settings: settings)),
            callDeadline: .seconds(settings.turnDeadlineSeconds), logger: logger)
        return (guarded, guarded, remoteModel(settings, retry: ModelRetryPolicy(), logger: logger) as? any Transcriber)
    }

    /// The provider's client of `settings` (Gemini or an OpenAI-compatible server).
    private static func remoteModel(_ settings: ModelSettings, retry: ModelRetryPolicy, logger: Logger) -> any LanguageModel {
        let http = ModelHTTPClient(client: ModelHTTPClient.providers(connectionsPerHost: settings.maxInFlight))
        if settings.provider == .gemini {
            return GeminiModel(
                configuration: .init(apiKey: settings.geminiAPIKey ?? "", model: settings.geminiModel, baseURL: settings.geminiBaseURL,
                                     requestTimeout: .seconds(settings.turnDeadlineSeconds), retry: retry),
                http: http, logger: logger)
        }
        return OpenAIModel(
            configuration: .init(baseURL: settings.openAIBaseURL, apiKey: settings.openAIAPIKey, model: settings.openAIModel,
                                 transcriptionModel: settings.openAITranscriptionModel,
                                 requestTimeout: .seconds(settings.turnDeadlineSeconds), retry: retry),
            http: http, logger: logger)
    }
}
