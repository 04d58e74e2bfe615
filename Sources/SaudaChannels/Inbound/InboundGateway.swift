import Foundation
import Logging
import Metrics
import SaudaBus
import SaudaCore
import SaudaStore

/// The one door of every channel into Sauda: records a delivery's ``InboundEvent``s durably, in one transaction,
/// before the provider is answered. It holds every rule that is not a provider's:
///
/// - **Dedupe.** A customer message is logged in `message_logs` under its provider id (seen before: a duplicate)
///   and published to `incoming_messages` in the same transaction.
/// - **Room.** A delivery whose customer messages find no place in their queues is refused before anything is
///   written (``GatewayError`` `.queueFull`; the provider retries).
/// - **Whitelist.** Numbers on the tenant's whitelist are never processed.
/// - **Voice first.** A voice note is logged as awaiting its transcript and published to `voice_transcription`;
///   while it waits, its chat's later messages queue behind it there (the ``VoiceTranscriber`` passes them on
///   unchanged), so no text is answered before the voice note that preceded it.
/// - **Attachments** the agent cannot read reach it as a placeholder with their caption (``MediaNoteText``).
/// - **The owner's takeover.** A message someone of the business wrote on their own phone is stored in the
///   conversation, the bot pauses in that chat for `humanPause` and its follow-up touches stop.
/// - **Delivery statuses** are applied to the outgoing message they name; a status of a send not recorded yet
///   waits for it, at most ``InboundLimits/maxEarlyStatusesPerDelivery`` of a delivery and
///   ``InboundLimits/maxEarlyStatusesPerChannel`` of a tenant's channel (the oldest go first).
/// - **Limits.** Every field keeps its channel's ``InboundLimits``: a delivery of more events than it allows is
///   refused whole (``GatewayError`` `.tooLarge`), an event with a field over its limit or out of its format is
///   refused alone (counted in ``InboundOutcome/refused``, nothing of it stored), and a customer's text that shows
///   nothing to a reader (white space, zero-width and control characters only) is dropped as `empty_text`.
public struct InboundGateway: Sendable {
    let database: any Database
    let bus: any MessageBus
    let humanPause: Duration
    let logger: Logger
    /// The limits of each channel's fields; ``InboundLimits/standard(for:)`` for a channel not named.
    let channelLimits: [Channel: InboundLimits]
    /// A voice note older than this (the voice queue's time to live: 2 h) no longer holds its chat's messages back.
    let voiceWaitLimit: TimeInterval = QueueLimits.seedDefault(for: .voice).timeToLive
    /// `sauda_messages_in_total{channel}`: customer messages accepted, voice notes included (duplicates, ignored
    /// events and the owner's own messages are not counted).
    let messagesIn: [Channel: Counter]

    /// Creates the gateway.
    /// - Parameters:
    ///   - humanPause: how long the bot stays silent in a chat after someone of the business wrote in it.
    ///   - limits: the limits of channels that keep others than their ``InboundLimits/standard(for:)`` ones.
    public init(database: any Database, bus: any MessageBus, humanPause: Duration, limits: [Channel: InboundLimits] = [:], logger: Logger) {
        self.database = database
        self.bus = bus
        self.humanPause = humanPause
        channelLimits = limits
        self.logger = logger
        messagesIn = Dictionary(uniqueKeysWithValues: Channel.allCases.map {
            ($0, Counter(label: "sauda_messages_in_total", dimensions: [("channel", $0.rawValue)]))
        })
    }

    /// The limits of a channel's fields.
    public func limits(for channel: Channel) -> InboundLimits {
        channelLimits[channel] ?? .standard(for: channel)
    }

    /// Records the events of one delivery of a channel, all in one transaction. Events that break the channel's
    /// ``InboundLimits`` are refused one by one and counted in the outcome; the others are recorded.
    /// - Throws: ``GatewayError`` `.tooLarge` for a delivery of more events than ``InboundLimits/maxEventsPerDelivery``,
    ///   `.queueFull` when the queues have no room for its customer messages, `.suspended` when the business is
    ///   suspended (nothing is recorded then); a store error otherwise.
    /// - Parameters:
    ///   - connectionID: the channel connection (the business's number) the events came in on; the customer messages'
    ///     payloads carry it, so that the reply leaves from the same number.
    ///   - humanPause: the connection's own pause after someone of the business wrote; the gateway's when `nil`.
    public func accept(tenantID: String, channel: Channel, events: [InboundEvent], connectionID: String? = nil, humanPause: Duration? = nil,
                       now: Date = Date()) async throws -> InboundOutcome {
        let limits = self.limits(for: channel)
        guard events.count <= limits.maxEventsPerDelivery else {
            throw GatewayError(kind: .tooLarge,
                               reason: "a delivery may carry at most \(limits.maxEventsPerDelivery) events, this one carries \(events.count)")
        }
        // Events dropped or refused need no transaction: a delivery carrying only such events costs nothing.
        var dropped = InboundOutcome()
        let kept = events.filter { event in Self.screen(event, limits: limits, outcome: &dropped) }
        if dropped.refusedCount > 0 {
            logger.warning("inbound events refused", metadata: [
                "tenant": "\(tenantID)", "channel": "\(channel.rawValue)", "refused": "\(dropped.refused)",
                "first": "\(dropped.refusals.first?.description ?? "")"])
        }
        let customerMessages = kept.compactMap { event -> InboundCustomerMessage? in
            if case .customerMessage(let message) = event { return message }
            return nil
        }
        let outcome: InboundOutcome
        do {
            outcome = kept.isEmpty ? dropped : try await database.transaction { [dropped] sql -> InboundOutcome in
                if try await TenantRepository(sql).suspendedAt(id: tenantID) != nil { throw GatewayError.suspended(tenantID) }
                try await ensureRoom(for: customerMessages, tenantID: tenantID, channel: channel, sql: sql, now: now)
                var delivery = DeliveryRecorder(gateway: self, tenantID: tenantID, channel: channel, connectionID: connectionID,
                                                humanPause: humanPause ?? self.humanPause, sql: sql, now: now)
                delivery.outcome = dropped
                for event in kept { try await delivery.record(event) }
                return try await delivery.publish()
            }
        } catch let error as StoreError where error.code == .queueFull {
            throw GatewayError.queueFull
        }
        didCommit(outcome, channel: channel)
        return outcome
    }

    /// Whether an event goes on to be recorded; one dropped (by its adapter, or a customer's text that shows nothing)
    /// or refused (by its adapter, or for breaking `limits`) is counted in `outcome` instead.
    static func screen(_ event: InboundEvent, limits: InboundLimits, outcome: inout InboundOutcome) -> Bool {
        switch event {
        case .dropped(let reason):
            outcome.ignored[reason, default: 0] += 1
            return false
        case .refused(let violation):
            outcome.refuse(violation)
            return false
        case .customerMessage, .businessMessage, .deliveryStatus, .customerEdit, .reachability:
            if let violation = limits.violation(of: event) {
                outcome.refuse(violation)
                return false
            }
            if case .customerMessage(let message) = event, case .text(let text) = message.content, TextAnalysis.isBlank(text) {
                outcome.ignored["empty_text", default: 0] += 1
                return false
            }
            return true
        }
    }

    /// Customers' messages go to the queues: one without room for them refuses the delivery before anything is
    /// written. A text may queue behind a voice note, so the voice queue may take every message of a channel that
    /// carries voice notes.
    private func ensureRoom(for messages: [InboundCustomerMessage], tenantID: String, channel: Channel, sql: any SQLConnection,
                            now: Date) async throws {
        var mostPerQueue = [(QueueName.incoming, messages.count(where: { !$0.isVoiceNote }))]
        if channel.carriesVoiceNotes { mostPerQueue.append((.voice, messages.count)) }
        for (queue, most) in mostPerQueue where most > 0 {
            try await bus.ensureRoom(upTo: most, in: queue, in: sql) {
                try await queuedMessages(of: messages, tenantID: tenantID, channel: channel, sql: sql, now: now)[queue] ?? 0
            }
        }
    }

    /// Counts, once the delivery is committed (publishing woke the queues' consumers).
    private func didCommit(_ outcome: InboundOutcome, channel: Channel) {
        if outcome.accepted + outcome.voice > 0 { messagesIn[channel]?.increment(by: outcome.accepted + outcome.voice) }
        for (reason, count) in outcome.ignored {
            Counter(label: "sauda_webhook_ignored_total", dimensions: [("channel", channel.rawValue), ("reason", reason)]).increment(by: count)
        }
        for (reason, count) in outcome.refused {
            Counter(label: "sauda_webhook_refused_total", dimensions: [("channel", channel.rawValue), ("reason", reason)]).increment(by: count)
        }
    }

    /// How many of a delivery's customer messages each queue would take, found by reads alone, as the gateway routes
    /// them: whitelisted numbers and messages recorded before take no place, a voice note goes to
    /// `voice_transcription`, and so does a text of a chat whose voice note waits for its transcript.
    /// - Parameter messages: the delivery's customer messages, in order.
    func queuedMessages(of messages: [InboundCustomerMessage], tenantID: String, channel: Channel, sql: any SQLConnection,
                        now: Date) async throws -> [QueueName: Int] {
        let logs = MessageLogRepository(sql)
        var counts: [QueueName: Int] = [:]
        var seen: Set<String> = []
        var chatsAwaitingTranscript: Set<ConversationKey> = []
        for message in messages where seen.insert(message.id).inserted {
            let key = ConversationKey(tenantID: tenantID, channel: channel, chatID: message.chatID)
            if try await isWhitelisted(message, tenantID: tenantID, sql: sql) { continue }
            if try await logs.isRecordedIncoming(key: key, messageID: message.id) { continue }
            var behindVoiceNote = message.isVoiceNote
            if !behindVoiceNote {
                behindVoiceNote = try await waitsBehindVoiceNote(key: key, chatsAwaitingTranscript: chatsAwaitingTranscript, logs: logs, now: now)
            }
            if behindVoiceNote { chatsAwaitingTranscript.insert(key) }
            counts[behindVoiceNote ? .voice : .incoming, default: 0] += 1
        }
        return counts
    }

    /// Whether the sender's number is on the tenant's whitelist (never processed).
    func isWhitelisted(_ message: InboundCustomerMessage, tenantID: String, sql: any SQLConnection) async throws -> Bool {
        guard let number = message.whitelistNumber ?? message.phoneNumber else { return false }
        return try await TenantRepository(sql).isWhitelisted(tenantID: tenantID, phoneNumber: number)
    }

    /// Whether a customer's text waits behind a voice note of its chat: one earlier in the same delivery, or one
    /// received within ``voiceWaitLimit`` still waiting for its transcript. Never on a channel without voice notes.
    func waitsBehindVoiceNote(key: ConversationKey, chatsAwaitingTranscript: Set<ConversationKey>, logs: MessageLogRepository,
                              now: Date) async throws -> Bool {
        guard key.channel.carriesVoiceNotes else { return false }
        if chatsAwaitingTranscript.contains(key) { return true }
        return try await logs.hasVoiceAwaitingTranscript(key: key, since: now.addingTimeInterval(-voiceWaitLimit))
    }
}
