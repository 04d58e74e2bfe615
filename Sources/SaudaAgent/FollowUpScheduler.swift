import Foundation
import Logging
import SaudaBus
import SaudaCore
import SaudaModels
import SaudaStore
import ServiceLifecycle

/// Sends the follow-up touches that are due (docs/follow-ups.md).
///
/// Each round takes the chains whose next touch is due, writes the touch with the language model (the follow-up
/// prompt, the touch's style, the conversation), and sends it through the outbox like any reply. Storing the
/// touch, queueing it and advancing the chain happen in one transaction that first checks the chain still
/// waits for that very touch, so several agent processes never send a touch twice. A chain ends without a
/// touch when the contact is no longer a client or an operator has taken over the chat.
public final class FollowUpScheduler: Service {
    let database: any Database
    let model: any LanguageModel
    let prompts: PromptLibrary
    let settings: AgentSettings
    let plan: FollowUpPlan
    let outboxSignal: WakeSignal?
    let interval: Duration
    let clock: @Sendable () -> Date
    /// Measures the interval between rounds.
    let intervalClock: AnyClock
    let logger: Logger

    /// Creates a scheduler.
    /// - Parameters:
    ///   - interval: time between rounds.
    ///   - clock: the current moment (tests move it forward).
    ///   - intervalClock: the clock `run` waits `interval` on between rounds (tests move it by hand, with `clock`).
    public init(database: any Database, model: any LanguageModel, prompts: PromptLibrary, settings: AgentSettings, plan: FollowUpPlan,
                outboxSignal: WakeSignal?, interval: Duration = .seconds(30), clock: @escaping @Sendable () -> Date = { Date() },
                intervalClock: some Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.database = database
        self.model = model
        self.prompts = prompts
        self.settings = settings
        self.plan = plan
        self.outboxSignal = outboxSignal
        self.interval = interval
        self.clock = clock
        self.intervalClock = AnyClock(intervalClock)
        self.logger = logger
    }

    /// What one round did.
    public struct Round: Sendable, Equatable {
        /// Touches sent.
        public var sent = 0
        /// Chains ended without a touch (not a client any more, operator took over).
        public var ended = 0
        /// Touches another process sent first, or whose chain ended meanwhile.
        public var skipped = 0
        /// Touches that could not be written (the model failed); they are tried again next round.
        public var failed = 0
    }

    /// Sends every touch due at `now`.
    @discardableResult
    public func runOnce(now: Date) async throws -> Round {
        var round = Round()
        let due = try await database.read { sql in try await FollowUpRepository(sql).due(now: now, limit: 100) }
        for chain in due {
            // Each touch at its own moment: a round of model calls takes a while (the clock is `now` in tests).
            let moment = max(now, clock())
            switch try await touch(chain, now: moment) {
            case .sent: round.sent += 1
            case .ended: round.ended += 1
            case .skipped: round.skipped += 1
            case .failed: round.failed += 1
            }
        }
        return round
    }

    private enum TouchOutcome { case sent, ended, skipped, failed }

    private func touch(_ chain: FollowUp, now: Date) async throws -> TouchOutcome {
        let limit = settings.maxContextMessages
        let snapshot = try await database.read { sql -> (Contact?, [StoredMessage], String) in
            guard let contact = try await ContactRepository(sql).find(id: chain.contactID) else { return (nil, [], "") }
            let history = try await MessageRepository(sql).recent(contactID: contact.id, limit: limit)
            let tenant = try await TenantRepository(sql).find(id: chain.tenantID)
            return (contact, history, tenant?.name ?? "")
        }
        guard let contact = snapshot.0 else { return .skipped }
        let (history, businessName) = (snapshot.1, snapshot.2)
        // The business's own plan: its intervals in its calendar. While its follow-ups are off its chains wait, and
        // are looked at again in an hour.
        guard let plan = await settings.followUpPlan(for: chain.tenantID, installation: plan) else {
            try await postpone(chain, to: now.addingTimeInterval(3_600))
            return .skipped
        }
        // Due but outside working hours (touches piled up overnight or while the service was down): the next
        // working morning instead.
        guard plan.calendar.isWorkingTime(now) else {
            try await postpone(chain, to: plan.calendar.nextWorkingTime(from: now))
            return .skipped
        }
        let since = chain.lastTouchAt ?? chain.createdAt
        let humanSince = history.contains { (message: StoredMessage) in message.author == .human && message.timestamp > since }
        // The client wrote since (a message may still be queued or in a turn): the chain ends, and the bot's answer
        // to that message starts the next one.
        let clientWrote = try await database.read { sql in try await MessageLogRepository(sql).hasIncoming(key: contact.key, since: since) }
        if let reason = FollowUpPolicy.beforeTouch(status: contact.status, botPausedUntil: contact.botPausedUntil, humanWrote: humanSince,
                                                   clientWrote: clientWrote, now: now) {
            try await database.transaction { sql in
                try await FollowUpRepository(sql).stop(contactID: contact.id, reason: reason, now: now)
            }
            logger.info("follow-up chain ended", metadata: ["contact": "\(contact.id)", "reason": "\(reason.rawValue)"])
            return .ended
        }
        let text: String
        do {
            text = try await write(touch: chain, contact: contact, history: history, businessName: businessName, calendar: plan.calendar, now: now)
        } catch {
            // Tried again in a quarter of an hour (inside working hours), not every round.
            try await postpone(chain, to: plan.calendar.nextWorkingTime(from: now.addingTimeInterval(15 * 60)))
            logger.warning("follow-up touch not written, tried again later",
                           metadata: ["contact": "\(contact.id)", "touch": "\(chain.touchNumber)", "error": "\(error)"])
            return .failed
        }
        let next = chain.touchNumber < FollowUpPlan.touches ? plan.dueTime(touch: chain.touchNumber + 1, after: now) : nil
        let key = contact.key
        let messageID = "bot-" + UUID.timeOrdered().uuidString.lowercased()
        let touch = OutgoingMessagePayload(
            phoneNumber: contact.phoneNumber ?? key.chatID, messageText: text, replyToMessageID: nil, markAsRead: false,
            tenant: key.tenantID, channel: key.channel, chatID: key.chatID, outgoingID: messageID)
        let (wake, logger) = (outboxSignal, logger)
        let sent = try await database.transaction { sql -> Bool in
            // The client wrote while the touch was being written: no touch; the turn that answers restarts the chain.
            guard try await !MessageLogRepository(sql).hasIncoming(key: key, since: since) else { return false }
            guard try await FollowUpRepository(sql).advance(id: chain.id, from: chain.touchNumber, nextTouchAt: next, now: now) else {
                return false
            }
            _ = try await MessageRepository(sql).storeBotReply(contact: contact, messageID: messageID, text: text, replyTo: nil, now: now)
            // From the number the customer last wrote to.
            let payload = try await ContactConnection.payload(touch, to: contact, in: sql, logger: logger)
            try await OutboxRepository(sql).add(tenantID: key.tenantID, queue: QueueName.outgoing.rawValue, partitionKey: key.description,
                                                payload: payload, now: now, wake: wake)
            return true
        }
        if sent {
            logger.info("follow-up touch sent", metadata: ["contact": "\(contact.id)", "touch": "\(chain.touchNumber)"])
        }
        return sent ? .sent : .skipped
    }

    private func write(touch chain: FollowUp, contact: Contact, history: [StoredMessage], businessName: String, calendar: WorkingCalendar,
                       now: Date) async throws -> String {
        let conversation = history.map { $0.conversationMessage.bounded(toCharacters: settings.maxInputCharacters) }
        let lastBot = conversation.last { $0.author == .bot }
        let lastClient = conversation.last { $0.author == .customer }
        let since = (lastClient ?? lastBot).map { now.timeIntervalSince($0.sentAt) / 3600 } ?? 0
        let business = await settings.business(contact.key.tenantID)
        let prompt = prompts.render(.followUp, tenantID: contact.key.tenantID, overrides: business?.settings.promptOverrides ?? [:],
                                    AgentSettings.promptFacts(business).merging([
            "business_name": businessName,
            "touch_number": "\(chain.touchNumber)",
            "conversation_history": ConversationFormatting.history(conversation),
            "last_bot_message": lastBot?.text ?? "",
            "last_client_message": lastClient?.text ?? "",
            "follow_up_reason": Self.describe(reason: chain.startReason),
            "hours_since_last_message": "\(Int(since.rounded()))",
            "current_datetime": ConversationFormatting.dateTime(now, calendar: calendar),
        ]) { _, given in given })
        let request = ModelRequest(
            purpose: .followUp, systemInstruction: prompt, history: conversation, knowledge: [],
            context: TurnContext(businessName: businessName, contact: contact.profile, spinStage: contact.spinStage, calendar: calendar,
                                 now: now, newMessages: [], followUpTouch: chain.touchNumber),
            maxOutputTokens: 300, tenantID: contact.key.tenantID, contactID: contact.id)
        let response = try await TurnDeadline.$current.withValue(ContinuousClock.now + settings.turnDeadline) {
            try await model.respond(to: request)
        }
        let text = TextAnalysis.trimmed(response.text)
        // The apology a guarded model answers with when its provider is down must never reach a silent client.
        guard !text.isEmpty, response.model != GuardedModel.apologyModelName, text != GuardedModel.apology else { throw FollowUpWriteError() }
        return text
    }

    struct FollowUpWriteError: Error, CustomStringConvertible {
        var description: String { "the model wrote no usable touch" }
    }

    /// Moves a chain's next touch to `moment` (the touch stays the same).
    private func postpone(_ chain: FollowUp, to moment: Date) async throws {
        try await database.transaction { sql in
            try await FollowUpRepository(sql).postpone(id: chain.id, touch: chain.touchNumber, to: moment)
        }
    }

    /// Why the chain started, as the follow-up prompt tells it.
    static func describe(reason: FollowUpStartReason?) -> String {
        switch reason {
        case .unsureAnswer: "Клиент дал неопределенный ответ"
        case .noReply, nil: "Клиент не ответил на наше последнее сообщение"
        }
    }

    /// Runs rounds until shutdown.
    public func run() async throws {
        while !Task.isCancelledOrShuttingDown {
            do { try await runOnce(now: clock()) } catch {
                logger.error("follow-up round failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await self.intervalClock.sleep(for: self.interval) }
        }
    }
}
