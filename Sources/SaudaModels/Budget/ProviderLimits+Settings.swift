import SaudaCore

extension ProviderLimits {
    /// The limits of `settings`: `MODEL_REQUESTS_PER_MINUTE` and `MODEL_TOKENS_PER_MINUTE` where set (0: no limit),
    /// otherwise the provider's published first paid tier for the model (``published(provider:model:baseURL:)``);
    /// `MODEL_MAX_IN_FLIGHT` and `MODEL_TENANT_CONCURRENCY` for the calls at once.
    public init(settings: ModelSettings) {
        let published = ProviderLimits.published(provider: settings.provider, model: settings.model, baseURL: settings.baseURL)
        let requests = settings.requestsPerMinute.map { $0 > 0 ? $0 : nil } ?? published.requestsPerMinute
        let tokens = settings.tokensPerMinute.map { $0 > 0 ? $0 : nil } ?? published.tokensPerMinute
        self.init(requestsPerMinute: requests, tokensPerMinute: tokens, maxInFlight: settings.maxInFlight,
                  tenantInFlight: settings.tenantInFlight)
    }
}
