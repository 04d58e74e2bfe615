import Foundation
import Logging
import Metrics
import SaudaBus
import SaudaCore
import SaudaModels
import SaudaOutbound
import SaudaStore
import ServiceLifecycle

/// Turns voice notes into customer messages: takes each note from `voice_transcription`, gets the audio
/// (from the event, from its link, or through its channel's ``MediaSource``), transcribes it with the configured
/// model, and publishes `[ТРАНСКРИБАЦИЯ] …` with `is_voice=true` to `incoming_messages` in the same
/// transaction that acknowledges the note. The agent therefore never sees a voice note before its transcript.
/// Customer messages that the gateway queued behind a voice note (``IncomingMessagePayload``s) are passed on
/// to `incoming_messages` unchanged, in their order, so the text after a voice note is never answered first.
///
/// Without a model that transcribes (the offline engine), or when the audio cannot be had, the note goes to
/// the agent as «[ГОЛОСОВОЕ СООБЩЕНИЕ]» and the agent asks the customer to write; the note stays logged.
///
/// A link comes from outside (a provider's event or media download), so it is fetched only through the guarded
/// ``OutboundFetcher``: http(s) only, public addresses unless allowed, at most 25 MiB. A refused link (a forbidden
/// address or scheme, too many redirects, too large) or a 4xx answer is final: the note goes on untranscribed at once,
/// without the queue's retries.
public final class VoiceTranscriber: Service {
    let database: any Database
    let bus: any MessageBus
    let transcriber: MeteredTranscriber?
    let mediaSources: [ChannelConnectionKey: any MediaSource]
    let mediaDirectories: [any MediaSourceDirectory]
    let fetcher: OutboundFetcher
    let maxAttempts: Int
    let logger: Logger
    let consumerID = "transcriber-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    static let maximumAudioBytes = 25 << 20

    /// Creates a transcriber service.
    /// - Parameters:
    ///   - mediaSources: the media source of each business's number of old (`WAPPI_*`), by business and channel.
    ///   - mediaDirectories: the businesses' channel connections, asked first for the source of the connection a voice
    ///     note came to.
    ///   - fetcher: fetches audio links; its policy's allow-list decides which internal hosts they may name.
    public init(database: any Database, bus: any MessageBus, transcriber: MeteredTranscriber?,
                mediaSources: [ChannelConnectionKey: any MediaSource], mediaDirectories: [any MediaSourceDirectory] = [],
                fetcher: OutboundFetcher, maxAttempts: Int = 5, logger: Logger) {
        self.database = database
        self.bus = bus
        self.transcriber = transcriber
        self.mediaSources = mediaSources
        self.mediaDirectories = mediaDirectories
        self.fetcher = fetcher
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    struct AudioUnavailable: Error, CustomStringConvertible {
        let description: String
        let retryable: Bool
        /// Whether the outbound fetcher refused the link by its rules (address, scheme, size, redirects).
        var refused = false
    }

    /// Handles the voice notes waiting now.
    /// - Returns: how many were taken from the queue.
    @discardableResult
    public func transcribeOnce() async throws -> Int {
        let deliveries = try await bus.receive(from: .voice, limit: 8, consumer: consumerID)
        for delivery in deliveries {
            if let message = try? PayloadCoding.decode(IncomingMessagePayload.self, from: delivery.message.payload) {
                try await passOn(message, delivery: delivery)
                continue
            }
            guard let voice = try? PayloadCoding.decode(VoiceMessagePayload.self, from: delivery.message.payload) else {
                let bus = self.bus
                try await database.transaction { sql in
                    try await bus.deadLetter([delivery], reason: "malformed", error: "not a voice message", in: sql, now: Date())
                }
                await bus.settle([delivery])
                continue
            }
            var text = VoiceNoteText.untranscribed
            if let transcriber {
                do {
                    let clip = try await audio(of: voice)
                    let transcript = try await transcriber.transcribe(clip, tenantID: voice.tenant ?? Tenant.defaultID, contactID: nil)
                    if !transcript.text.isEmpty { text = VoiceNoteText.transcriptPrefix + transcript.text }
                    Counter(label: "sauda_voice_transcribed_total", dimensions: [("outcome", "ok")]).increment()
                } catch let error as ModelError where error.retryable && delivery.message.attempts < maxAttempts {
                    _ = try await bus.retry(delivery, error: error.description)
                    continue
                } catch let error as AudioUnavailable where error.retryable && delivery.message.attempts < maxAttempts {
                    _ = try await bus.retry(delivery, error: error.description)
                    continue
                } catch {
                    // Out of attempts or not retryable: the note still reaches the agent, which asks the customer to write.
                    Counter(label: "sauda_voice_transcribed_total", dimensions: [("outcome", "failed")]).increment()
                    let cause = switch error {
                    case let error as ModelError: error.kind.rawValue
                    case let error as AudioUnavailable: error.refused ? "audio_refused" : "audio_unavailable"
                    default: "other"
                    }
                    Counter(label: FailureMetric.label, dimensions: FailureMetric.dimensions(component: "transcription", cause: cause)).increment()
                    logger.warning("voice note could not be transcribed; the customer is asked to write",
                                   metadata: ["message_id": "\(voice.messageID)", "error": "\(error)"])
                }
            }
            var incoming = IncomingMessagePayload(
                messageID: voice.messageID, chatID: voice.chatID, phoneNumber: voice.phoneNumber.isEmpty ? nil : "+" + voice.phoneNumber, senderName: voice.senderName,
                messageText: text, isVoice: true, originalVoiceURL: voice.voiceURL, timestamp: ISO8601.parse(voice.timestamp) ?? Date(),
                contactInfo: ContactInfo(pushName: voice.senderName), tenant: voice.tenant ?? Tenant.defaultID, channel: voice.channel ?? .whatsapp)
            incoming.connection = voice.connection
            try await passOn(incoming, delivery: delivery, transcriptOf: voice.messageID)
        }
        return deliveries.count
    }

    /// Publishes a customer message to `incoming_messages` and acknowledges its delivery, in one transaction;
    /// for a voice note, the transcript is stored in the message log too.
    private func passOn(_ message: IncomingMessagePayload, delivery: Delivery, transcriptOf voiceMessageID: String? = nil) async throws {
        let body = try PayloadCoding.encode(message)
        let key = message.conversation
        let bus = self.bus
        try await database.transaction { sql in
            let now = Date()
            try await bus.ensureRoom(for: 1, in: .incoming, in: sql)
            if let voiceMessageID {
                try await MessageLogRepository(sql).recordTranscript(key: key, messageID: voiceMessageID, text: message.messageText, now: now)
            }
            try await bus.publish([QueueItem(partitionKey: key.description, tenantID: key.tenantID, payload: body)],
                                  to: .incoming, in: sql, now: now)
            try await bus.acknowledge([delivery], in: sql)
        }
        await bus.settle([delivery])
    }

    /// The audio: from the event, else its link (fetched through the guarded fetcher, without the provider's
    /// credentials: presigned links refuse a second credential), else the channel's media source.
    func audio(of voice: VoiceMessagePayload) async throws -> AudioClip {
        if let base64 = voice.audioBase64, let data = Data(base64Encoded: base64), !data.isEmpty {
            return AudioClip(data: data, mimeType: voice.mimeType)
        }
        var link = voice.voiceURL
        var mimeType = voice.mimeType
        let chat = voice.conversation
        let connection = ChannelConnectionKey(tenantID: chat.tenantID, channel: chat.channel)
        let source = mediaDirectories.lazy.compactMap { $0.mediaSource(tenantID: chat.tenantID, channel: chat.channel, connection: voice.connection) }
            .first ?? mediaSources[connection]
        if link == nil, let source {
            do {
                let media = try await source.media(of: voice.messageID, mediaID: voice.mediaID)
                if let data = media.data { return AudioClip(data: data, mimeType: media.mimeType ?? mimeType) }
                link = media.link
                mimeType = media.mimeType ?? mimeType
            } catch {
                throw AudioUnavailable(description: error.description, retryable: error.retryable)
            }
        }
        guard let link else { throw AudioUnavailable(description: "the voice note has no audio and no link", retryable: false) }
        do {
            let response = try await fetcher.get(link, maximumBytes: Self.maximumAudioBytes, timeout: .seconds(30))
            return AudioClip(data: response.body, mimeType: response.contentType ?? mimeType)
        } catch {
            throw AudioUnavailable(description: "the audio link was not fetched: \(error)", retryable: error.isRetryable, refused: error.isRefusal)
        }
    }

    public func run() async throws {
        while !Task.isCancelledOrShuttingDown {
            do {
                if try await transcribeOnce() == 0 { await bus.waitForWork(.voice, timeout: .milliseconds(500)) }
            } catch {
                logger.error("transcriber failed, retrying", metadata: ["error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
    }
}
