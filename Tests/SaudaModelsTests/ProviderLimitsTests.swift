import SaudaCore
import SaudaModels
import Testing

/// The budget's limits: the provider's published first paid tier by model, and the settings over them.
@Suite struct ProviderLimitsTests {
    @Test func thePublishedTierFitsTheModel() {
        let pro = ProviderLimits.published(provider: .gemini, model: "gemini-2.5-pro", baseURL: "https://generativelanguage.googleapis.com/v1beta")
        #expect(pro.requestsPerMinute == 150 && pro.tokensPerMinute == 2_000_000)
        let flash = ProviderLimits.published(provider: .gemini, model: "gemini-2.5-flash", baseURL: "")
        #expect(flash.requestsPerMinute == 1_000 && flash.tokensPerMinute == 1_000_000)
        let lite = ProviderLimits.published(provider: .gemini, model: "gemini-2.5-flash-lite", baseURL: "")
        #expect(lite.requestsPerMinute == 4_000)
        let mini = ProviderLimits.published(provider: .openai, model: "gpt-4o-mini", baseURL: "https://api.openai.com/v1")
        #expect(mini.requestsPerMinute == 500 && mini.tokensPerMinute == 200_000)
        let local = ProviderLimits.published(provider: .openai, model: "qwen2.5:7b", baseURL: "http://localhost:11434/v1")
        #expect(local.requestsPerMinute == nil && local.tokensPerMinute == nil, "a local server queues on its own")
    }

    @Test func theSettingsOverrideTheTierAndZeroLiftsALimit() throws {
        let defaults = try SaudaSettings.load(from: ["GEMINI_API_KEY": "k"])
        let published = ProviderLimits(settings: defaults.models)
        #expect(published.requestsPerMinute == 150 && published.maxInFlight == 256 && published.tenantInFlight == 128)
        let tier2 = try SaudaSettings.load(from: ["GEMINI_API_KEY": "k", "MODEL_REQUESTS_PER_MINUTE": "1000", "MODEL_TOKENS_PER_MINUTE": "0",
                                                  "MODEL_MAX_IN_FLIGHT": "64", "MODEL_TENANT_CONCURRENCY": "100"])
        let limits = ProviderLimits(settings: tier2.models)
        #expect(limits.requestsPerMinute == 1_000)
        #expect(limits.tokensPerMinute == nil)
        #expect(limits.maxInFlight == 64 && limits.tenantInFlight == 64, "a business's share is never more than the whole")
    }

    @Test func aBadFigureNamesItsSetting() {
        #expect {
            try SaudaSettings.load(from: ["MODEL_REQUESTS_PER_MINUTE": "many", "MODEL_MAX_IN_FLIGHT": "0"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("MODEL_REQUESTS_PER_MINUTE") && text.contains("MODEL_MAX_IN_FLIGHT")
        }
    }
}
