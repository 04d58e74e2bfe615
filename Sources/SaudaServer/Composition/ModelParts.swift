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

    /// The model of the settings: the offline engine, or a remote model behind a ``GuardedModel`` with the
    /// offline engine (or the apology) as its fallback.
    static func makeModel(_ settings: ModelSettings, logger: Logger) -> (any LanguageModel, GuardedModel?, (any Transcriber)?) {
        let http = ModelHTTPClient(client: ModelHTTPClient.providers)
        let primary: any LanguageModel
        switch settings.provider {
        case .offline:
            return (OfflineEngine(), nil, nil)
        case .gemini:
            primary = GeminiModel(
                configuration: .init(apiKey: settings.geminiAPIKey ?? "", model: settings.geminiModel, baseURL: settings.geminiBaseURL,
                                     requestTimeout: .seconds(settings.turnDeadlineSeconds)),
                http: http, logger: logger)
        case .openai:
            primary = OpenAIModel(
                configuration: .init(baseURL: settings.openAIBaseURL, apiKey: settings.openAIAPIKey, model: settings.openAIModel,
                                     transcriptionModel: settings.openAITranscriptionModel,
                                     requestTimeout: .seconds(settings.turnDeadlineSeconds)),
                http: http, logger: logger)
        }
        let guarded = GuardedModel(
            primary: primary, fallback: settings.fallback == "offline" ? OfflineEngine() : nil,
            breaker: CircuitBreaker(failureThreshold: settings.circuitFailures, openDuration: .seconds(settings.circuitOpenSeconds)),
            limiter: TenantLimiter(limit: settings.tenantConcurrency), callDeadline: .seconds(settings.turnDeadlineSeconds), logger: logger)
        return (guarded, guarded, primary as? any Transcriber)
    }
}
