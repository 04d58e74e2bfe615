import Foundation
import Logging
import SaudaCore
import SaudaModels
import SaudaStore
import Synchronization

/// The language model of each business (docs/businesses.md, "The model"): a business whose settings name a
/// `model_provider` or a `model`, or that stored its own key (`model.api_key`), is answered by that provider and model,
/// through a client built for it on first use and kept while the choice stays the same. Every such client sits behind
/// the installation's guard and meter, as the installation's model does: timeouts, retries, the circuit breaker, the
/// budget with its calls per business, and the usage log. A business that chose nothing is answered by the
/// installation's model.
///
/// The choice is read from the ``BusinessDirectory`` on every call, so a change is used within the directory's time to
/// live (at once in the process that saved it). A business whose provider has no key (neither its own nor the
/// installation's) is answered by the installation's model, with one warning naming the business and the setting.
public final class BusinessModels: LanguageModel {
    /// What decides a business's client: a change of any part builds a new one.
    struct Choice: Hashable, Sendable {
        let provider: ModelProvider
        let model: String
        /// When the business's own key was written (its revision), `nil`: the installation's key.
        let ownKeyWritten: Date?
        /// The own key's hint, so that a key replaced within the same instant is still a new choice.
        let ownKeyHint: String?
    }

    /// A business's model and the choice it was built for.
    private struct Built: Sendable {
        let choice: Choice
        let model: any LanguageModel
    }

    private let installation: any LanguageModel
    private let settings: ModelSettings
    private let businesses: BusinessDirectory
    private let database: any Database
    private let secrets: SecretSealer?
    private let make: @Sendable (ModelSettings) -> any LanguageModel
    private let logger: Logger
    private let built = Mutex<[String: Built]>([:])
    private let warned = Mutex<Set<String>>([])

    /// Creates the models of the businesses.
    /// - Parameters:
    ///   - installation: the installation's model (guarded and metered), for a business that chose none.
    ///   - settings: the installation's model settings: its keys, base URLs, limits and resilience.
    ///   - businesses: each business's settings and the hint of its own key.
    ///   - database: where the businesses' own keys are sealed.
    ///   - secrets: opens them; `nil`: own keys are not used (the installation's model answers, with a warning).
    ///   - make: builds the guarded and metered model of model settings (the installation's with the business's
    ///     provider, model and key).
    public init(installation: any LanguageModel, settings: ModelSettings, businesses: BusinessDirectory, database: any Database,
                secrets: SecretSealer?, logger: Logger, make: @escaping @Sendable (ModelSettings) -> any LanguageModel) {
        self.installation = installation
        self.settings = settings
        self.businesses = businesses
        self.database = database
        self.secrets = secrets
        self.logger = logger
        self.make = make
    }

    /// The installation's model's name.
    public var name: String { installation.name }

    /// Answers with the model of the request's business.
    public func respond(to request: ModelRequest) async throws(ModelError) -> ModelResponse {
        try await model(for: request.tenantID).respond(to: request)
    }

    /// The model that answers a business: its own, or the installation's.
    public func model(for tenantID: String?) async -> any LanguageModel {
        guard let tenantID, let profile = try? await businesses.profile(tenantID) else { return installation }
        guard let choice = choice(profile) else { return installation }
        if let known = built.withLock({ $0[tenantID] }), known.choice == choice { return known.model }
        guard let model = await build(choice, tenantID: tenantID) else { return installation }
        built.withLock { built in
            if built.count > 10_000 { built.removeAll() }
            built[tenantID] = Built(choice: choice, model: model)
        }
        logger.info("a business's own model is in use", metadata: [
            "tenant": "\(tenantID)", "provider": "\(choice.provider.rawValue)", "model": "\(choice.model)",
            "key": "\(choice.ownKeyWritten == nil ? "installation" : "own")",
        ])
        return model
    }

    /// What the business chose, `nil` when it is the installation's model.
    func choice(_ profile: BusinessProfile) -> Choice? {
        let provider = profile.settings.provider ?? settings.provider
        let model = profile.settings.model ?? (provider == settings.provider ? settings.model : Self.defaultModel(provider, settings))
        let ownKey = provider == .offline ? nil : profile.modelAPIKey
        if provider == settings.provider, model == settings.model, ownKey == nil { return nil }
        if provider == .offline, settings.provider == .offline { return nil }
        return Choice(provider: provider, model: provider == .offline ? "offline" : model, ownKeyWritten: ownKey?.updatedAt,
                      ownKeyHint: ownKey?.hint)
    }

    /// The business's client, `nil` when it cannot be made (no key for its provider).
    private func build(_ choice: Choice, tenantID: String) async -> (any LanguageModel)? {
        var chosen = settings
        chosen.provider = choice.provider
        switch choice.provider {
        case .gemini: chosen.geminiModel = choice.model
        case .openai: chosen.openAIModel = choice.model
        case .offline: return make(chosen)
        }
        if choice.ownKeyWritten != nil {
            guard let key = await ownKey(tenantID) else { return nil }
            if choice.provider == .gemini { chosen.geminiAPIKey = key } else { chosen.openAIAPIKey = key }
        } else if !Self.hasKey(choice.provider, settings) {
            warnOnce(tenantID, "model_provider", "the business's model provider has no API key: neither its own (model_api_key) nor the installation's; the installation's model answers",
                     provider: choice.provider)
            return nil
        }
        return make(chosen)
    }

    /// The business's own key, opened; `nil` (with a warning) when it cannot be.
    private func ownKey(_ tenantID: String) async -> String? {
        guard let secrets else {
            warnOnce(tenantID, "model_api_key", "the business's own model key cannot be opened without a master key; the installation's model answers",
                     provider: nil)
            return nil
        }
        do {
            return try await database.read { sql in
                try await SecretRepository(sql).reveal(tenantID: tenantID, name: BusinessProfile.modelAPIKeySecretName, sealer: secrets)
            }
        } catch {
            warnOnce(tenantID, "model_api_key", "the business's own model key cannot be read (\(type(of: error))); the installation's model answers",
                     provider: nil)
            return nil
        }
    }

    private func warnOnce(_ tenantID: String, _ setting: String, _ message: String, provider: ModelProvider?) {
        let first = warned.withLock { warned in
            if warned.count > 10_000 { warned.removeAll() }
            return warned.insert(tenantID + "\u{1F}" + setting + "\u{1F}" + (provider?.rawValue ?? "")).inserted
        }
        guard first else { return }
        logger.warning("\(message)", metadata: ["tenant": "\(tenantID)", "setting": "\(setting)",
                                                "provider": "\(provider?.rawValue ?? "")"])
    }

    /// The installation's model name for a provider it does not use.
    static func defaultModel(_ provider: ModelProvider, _ settings: ModelSettings) -> String {
        switch provider {
        case .gemini: settings.geminiModel
        case .openai: settings.openAIModel
        case .offline: "offline"
        }
    }

    /// Whether the installation can call `provider` with its own key (a local OpenAI-compatible server needs none).
    static func hasKey(_ provider: ModelProvider, _ settings: ModelSettings) -> Bool {
        switch provider {
        case .gemini: settings.geminiAPIKey?.isEmpty == false
        case .openai: settings.openAIAPIKey?.isEmpty == false || URL(string: settings.openAIBaseURL)?.host?.hasSuffix("openai.com") == false
        case .offline: true
        }
    }
}
