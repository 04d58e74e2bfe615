import Foundation
import Logging
import SaudaCore
import SaudaModels
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// ``BusinessModels``: which client answers a business, built once per choice and changed when the business's
/// settings or key change, with time driven through the directory's clock.
@Suite struct BusinessModelsTests {
    /// A model that only says its name.
    struct NamedModel: LanguageModel {
        let name: String

        func respond(to request: ModelRequest) async throws(ModelError) -> ModelResponse {
            ModelResponse(text: name, finishReason: .stop, usage: .zero, model: name)
        }
    }

    static let ownKey = "own-gemini-key-of-evo-8Hq2"

    /// The model settings each client was built with, in order.
    final class Built: Sendable {
        private let list = Mutex<[ModelSettings]>([])
        func append(_ settings: ModelSettings) { list.withLock { $0.append(settings) } }
        var count: Int { list.withLock { $0.count } }
        var last: ModelSettings? { list.withLock { $0.last } }
    }

    static func save(_ database: any Database, _ change: (inout BusinessSettings) -> Void) async throws {
        var settings = BusinessSettings.installationDefaults(SaudaSettings())
        change(&settings)
        let saved = settings
        _ = try await database.transaction { sql in try await BusinessSettingsRepository(sql).save(tenantID: "evo", saved, now: Date()) }
    }

    @Test func aBusinessGetsItsOwnClientOncePerChoiceAndAChangeWithinTheDirectorysTimeToLive() async throws {
        try await withTestDatabase(.sqlite) { database in
            try await database.transaction { sql in
                _ = try await TenantRepository(sql).create(Tenant(id: "evo", name: "Эво", timeZone: "Asia/Almaty"), now: Date())
            }
            var installation = ModelSettings()
            installation.provider = .gemini
            installation.geminiAPIKey = "installation-key"
            installation.geminiModel = "gemini-2.5-pro"
            let clock = ManualClock()
            let directory = BusinessDirectory(database: database, defaults: .installationDefaults(SaudaSettings()), fallbackTimeZone: .gmt,
                                              timeToLive: .seconds(5), clock: AnyClock(clock))
            let sealer = SecretSealer(keys: .init(current: MasterKey.generate()))
            let made = Built()
            let logs = LogCapture()
            let models = BusinessModels(installation: NamedModel(name: "installation"), settings: installation, businesses: directory,
                                        database: database, secrets: sealer, logger: logs.logger(level: .trace)) { chosen in
                made.append(chosen)
                return NamedModel(name: "\(chosen.provider.rawValue)/\(chosen.model)")
            }
            func answerer(_ tenant: String = "evo") async -> String { await models.model(for: tenant).name }

            #expect(await answerer() == "installation")
            #expect(await answerer("default") == "installation")
            // Saved by another process: seen once the directory reads it again.
            try await Self.save(database) { $0.model = "gemini-2.5-flash" }
            #expect(await answerer() == "installation")
            clock.advance(by: .seconds(5))
            #expect(await answerer() == "gemini/gemini-2.5-flash")
            #expect(await answerer() == "gemini/gemini-2.5-flash")
            #expect(made.count == 1, "one client per choice")
            #expect(made.last?.geminiAPIKey == "installation-key", "no own key: the installation's")
            #expect(await answerer("default") == "installation", "another business keeps the installation's")

            // A provider the installation has no key for: the installation's model, with one warning.
            try await Self.save(database) { $0.modelProvider = "openai" }
            clock.advance(by: .seconds(5))
            #expect(await answerer() == "installation")
            #expect(await answerer() == "installation")
            let warnings = logs.lines.filter { $0.level == .warning }
            #expect(warnings.count == 1)
            #expect(warnings.first?.metadata["tenant"]?.description == "evo")
            #expect(warnings.first?.metadata["setting"]?.description == "model_provider")

            // Its own key: a new client with it; a new key: another.
            try await Self.save(database) { $0.model = "gemini-2.5-flash" }
            try await database.transaction { sql in
                _ = try await SecretRepository(sql).put(tenantID: "evo", name: BusinessProfile.modelAPIKeySecretName, value: Self.ownKey,
                                                        sealer: sealer, now: Date())
            }
            clock.advance(by: .seconds(5))
            #expect(await answerer() == "gemini/gemini-2.5-flash")
            #expect(made.last?.geminiAPIKey == Self.ownKey)
            let count = made.count
            try await database.transaction { sql in
                _ = try await SecretRepository(sql).put(tenantID: "evo", name: BusinessProfile.modelAPIKeySecretName, value: "second-own-key-0001",
                                                        sealer: sealer, now: Date().addingTimeInterval(1))
            }
            clock.advance(by: .seconds(5))
            _ = await answerer()
            #expect(made.count == count + 1)
            #expect(made.last?.geminiAPIKey == "second-own-key-0001")

            // The offline engine: no key needed.
            try await Self.save(database) { $0.modelProvider = "offline" }
            clock.advance(by: .seconds(5))
            #expect(await answerer() == "offline/offline")
            #expect(!logs.lines.contains { "\($0.message) \($0.metadata)".contains(Self.ownKey) }, "the key is never logged")
        }
    }
}
