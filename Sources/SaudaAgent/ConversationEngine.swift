import Foundation
import Logging
import SaudaCore
import SaudaModels
import SaudaStore

/// Decides one turn of a conversation: classifies the contact when its router says so, then lets the routed agent
/// answer. It knows no queue and stores nothing of the turn (the agents' tools may read and write, e.g. a booked
/// call): the queue's ``TurnProcessor`` gives it a snapshot and commits its decision; a phone call or a dialogue API
/// can call it the same way.
///
/// The rules that hold whatever the agents: a paused chat (an operator took it over) gets no reply, and messages
/// no agent can read (untranscribed voice notes, bare attachments) get a request to write instead, except from
/// known non-clients. Every model call of the turn shares the turn's deadline (`AgentSettings.turnDeadline`), and
/// no agent reads more than `AgentSettings.maxInputCharacters` of any one message (``ConversationContext/bounded(toCharacters:)``):
/// the deadline stops a remote call, but not the offline rules once they run, so bounding their input bounds the turn.
public struct ConversationEngine: Sendable {
    let router: any AgentRouter
    let settings: AgentSettings
    let metrics: TurnMetrics
    let logger: Logger

    /// Creates an engine with the given agents.
    public init(router: any AgentRouter, settings: AgentSettings, logger: Logger) {
        self.init(router: router, settings: settings, metrics: TurnMetrics(), logger: logger)
    }

    /// Creates today's engine: the moderator classifies unknown contacts, the sales agent answers clients.
    public init(moderator: Moderator, salesAgent: SalesAgent, settings: AgentSettings, logger: Logger) {
        self.init(moderator: moderator, salesAgent: salesAgent, settings: settings, metrics: TurnMetrics(), logger: logger)
    }

    /// Today's engine; with `diagnostics`, the phrase of `settings.diagnosticPhrase` is answered with them
    /// (``DiagnosticRouter``); with `catalogues`, clients of a business with a catalogue are led through its order
    /// funnel (``FunnelAgent``).
    init(moderator: Moderator, salesAgent: SalesAgent, settings: AgentSettings, metrics: TurnMetrics,
         diagnostics: DiagnosticFacts? = nil, catalogues: CatalogueCache? = nil, logger: Logger) {
        let responder: any ConversationAgent = catalogues.map { FunnelAgent(sales: salesAgent, catalogues: $0) } ?? salesAgent
        let timedSales = TimedAgent(agent: responder, record: { metrics.salesModel(since: $0) })
        var router: any AgentRouter = PrivacyRouter(base: ContactStatusRouter(moderator: moderator, salesAgent: timedSales,
                                                                              classifyMinMessages: settings.classifyMinMessages,
                                                                              answersFirstQuestion: settings.answersFirstQuestion))
        if let phrase = settings.diagnosticPhrase, let diagnostics {
            router = DiagnosticRouter(base: router, diagnostics: DiagnosticAgent(phrase: phrase, facts: diagnostics))
        }
        self.init(router: router, settings: settings, metrics: metrics, logger: logger)
    }

    init(router: any AgentRouter, settings: AgentSettings, metrics: TurnMetrics, logger: Logger) {
        self.router = router
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
    }

    /// Decides the turn of `context` within the turn's deadline, its messages cut to `maxInputCharacters` each.
    /// - Parameter logger: the turn's logger (with its conversation's metadata); the engine's own when `nil`.
    /// - Throws: what the answering agent throws (a model that failed with no fallback, an unavailable knowledge base).
    public func respond(to context: ConversationContext, logger: Logger? = nil) async throws -> ConversationDecision {
        let turnLogger = logger ?? self.logger
        let bounded = context.bounded(toCharacters: settings.maxInputCharacters)
        return try await TurnDeadline.$current.withValue(ContinuousClock.now + settings.turnDeadline) {
            try await decide(bounded, logger: turnLogger)
        }
    }

    /// The decision with its turn's operator alerts (``AlertDetector``); a customer who asked for a person and gets a
    /// reply is told when one will answer (``HumanHandoffText``), unless the reply says so already.
    private func withAlerts(_ routed: ConversationDecision, context: ConversationContext) async -> ConversationDecision {
        var decision = AlertDetector.adding(to: routed, context: context)
        if decision.alerts.contains(where: { $0.reason == .askedForHuman }), let reply = decision.replyText, !reply.isEmpty {
            let language = TextAnalysis.language(of: context.newMessages.map(\.text).joined(separator: " "))
            let calendar = await settings.calendar(for: context.key.tenantID)
            decision.replyText = HumanHandoffText.withPromise(reply, at: context.now, calendar: calendar, language: language)
        }
        return decision
    }

    private func decide(_ original: ConversationContext, logger: Logger) async throws -> ConversationDecision {
        var context = original
        var decision = ConversationDecision(status: context.contact.status, isBotPaused: context.isBotPaused)
        if let classifier = router.classifier(for: context), let verdict = try await classifier.reply(to: context).classification {
            decision.classification = verdict
            decision.status = verdict.status
            context.contact.status = verdict.status
            metrics.classified(verdict.status)
            logger.info("contact classified", metadata: ["status": "\(verdict.status.rawValue)",
                                                         "confidence": "\(verdict.confidence)", "reasoning": "\(verdict.reasoning)"])
        }
        if context.isUnreadable {
            if decision.status != .notClient, !decision.isBotPaused { decision.replyText = context.pleaseWrite }
            return decision
        }
        guard !decision.isBotPaused, let responder = router.responder(for: context) else { return await withAlerts(decision, context: context) }
        let reply = try await responder.reply(to: context)
        decision.replyText = reply.text.map(TextAnalysis.trimmed)
        decision.toolExchanges = reply.toolExchanges
        decision.funnelState = reply.funnelState
        decision.alerts = reply.alerts
        return await withAlerts(decision, context: context)
    }
}
