import Foundation
import Logging
import SaudaAgent
import SaudaBus
import SaudaCRMSync
import SaudaCore
import SaudaKnowledge
import SaudaModels
import SaudaStore
import ServiceLifecycle

/// The agent: the moderator and the sales agent behind the consumer of customer messages, and the follow-up
/// scheduler.
public struct AgentParts: Sendable {
    /// Classifies contacts (also on an operator's request, so a gateway has it too).
    public let moderator: Moderator
    /// The consumer of customer messages: one turn per conversation at a time.
    public let dispatcher: ConversationDispatcher
    /// Sends follow-up touches to silent clients (`nil` with `ENABLE_FOLLOW_UPS=false`).
    public let followUpScheduler: FollowUpScheduler?
    /// Writes leads to the businesses' CRMs (`nil` when the agent is built without the CRM adapters).
    public let crmSync: CRMSyncService?

    /// Builds the agent on the model and the queues; nothing is answered until ``services`` run.
    /// - Parameters:
    ///   - businesses: each business's settings and calendar (docs/businesses.md); `nil`: the installation's for all.
    ///   - secrets: opens a business's own model key (`model.api_key`); `nil`: own keys are not used.
    ///   - crm: each business's CRM adapter; `nil`: no CRM sync and no CRM tools.
    /// - Throws: ``PromptLibrary/LoadError`` for a bad template in `PROMPTS_DIR`.
    public init(settings: SaudaSettings, database: any Database, queues: QueueParts, models: ModelParts, businesses: BusinessDirectory? = nil,
                secrets: SecretSealer? = nil, crm: (any CRMAdapterSource)? = nil, activity: (any ChatActivity)? = nil, logger: Logger) throws {
        let model = businesses.map { Self.businessModels(settings.models, models: models, businesses: $0, database: database, secrets: secrets,
                                                         logger: logger) } ?? models.model
        var agentSettings = AgentSettings(settings)
        agentSettings.businesses = businesses
        let prompts = try PromptLibrary(overridesDirectory: settings.promptsDirectory.map { URL(fileURLWithPath: $0) })
        let knowledge = KnowledgeCache(database: database)
        let catalogues = CatalogueCache(database: database)
        let moderator = Moderator(model: model, prompts: prompts, settings: agentSettings, logger: logger)
        self.moderator = moderator
        let tools = Self.tools(database: database, knowledge: knowledge, catalogues: catalogues, settings: settings, businesses: businesses,
                               crm: crm)
        let modelGuard = models.modelGuard
        let diagnostics = DiagnosticFacts(
            model: settings.models.provider == .offline ? "offline" : "\(settings.models.provider.rawValue) (\(model.name))",
            circuit: { modelGuard?.status.state.rawValue }, tools: tools.declarations.map(\.name),
            catalogue: { tenantID in try? await catalogues.catalogue(for: tenantID) })
        let processor = TurnProcessor(
            database: database, bus: queues.bus,
            moderator: moderator,
            salesAgent: SalesAgent(model: model, prompts: prompts, knowledge: knowledge, settings: agentSettings,
                                   tools: tools, toolRounds: settings.models.toolRounds),
            settings: agentSettings, diagnostics: diagnostics, catalogues: catalogues, outboxSignal: queues.relay.signal,
            customers: crm.map { CRMCustomerRecognition(database: database, adapters: $0, logger: logger) }, activity: activity, logger: logger)
        dispatcher = ConversationDispatcher(bus: queues.bus, processor: processor, concurrency: settings.agentConcurrency, logger: logger)
        if let plan = agentSettings.followUps {
            followUpScheduler = FollowUpScheduler(database: database, model: model, prompts: prompts, settings: agentSettings, plan: plan,
                                                  outboxSignal: queues.relay.signal, logger: logger)
        } else {
            followUpScheduler = nil
        }
        crmSync = crm.map { CRMSyncService(database: database, adapters: $0, logger: logger) }
    }

    /// Each business's model (its own provider, model and key, or the installation's), behind the installation's guard
    /// and meter.
    static func businessModels(_ settings: ModelSettings, models: ModelParts, businesses: BusinessDirectory, database: any Database,
                               secrets: SecretSealer?, logger: Logger) -> BusinessModels {
        let usageLog = models.usageLog
        return BusinessModels(installation: models.model, settings: settings, businesses: businesses, database: database, secrets: secrets,
                              logger: logger) { chosen in
            MeteredModel(ModelParts.makeModel(chosen, logger: logger).0, sink: usageLog)
        }
    }

    /// The agent's tools: the sales tools (knowledge, calls, leads) and the catalogue tools.
    static func tools(database: any Database, knowledge: KnowledgeCache, catalogues: CatalogueCache, settings: SaudaSettings,
                      businesses: BusinessDirectory?, crm: (any CRMAdapterSource)?) -> ToolRegistry {
        let sales = SalesTools(database: database, knowledge: knowledge, calendar: settings.calendar, businesses: businesses, crm: crm)
        let catalogue = CatalogueTools(catalogues: catalogues, leads: sales.leads)
        return ToolRegistry(sales.tools + catalogue.tools)
    }

    /// What a process with the agent runs: the consumer, then the follow-up scheduler and the CRM sync.
    public var services: [any Service] {
        [dispatcher] as [any Service] + (followUpScheduler.map { [$0] } ?? []) + (crmSync.map { [$0] } ?? [])
    }
}
