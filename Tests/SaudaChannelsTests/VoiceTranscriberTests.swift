import AsyncHTTPClient
import Foundation
import SaudaBus
import SaudaChannels
import SaudaCore
import SaudaModels
import SaudaOutbound
import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// The transcriber knows no provider: it gets a voice note's audio from the event, or through the ``MediaSource`` of
/// the note's channel connection, and passes the transcript on to the agent's queue.
@Suite struct VoiceTranscriberTests {
    static let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    static let audio = Data("OggS-voice-note".utf8)

    /// A media source that serves one recorded clip, or fails as told.
    final class RecordedMedia: MediaSource {
        let requested = Mutex<[String]>([])
        let failure: MediaSourceError?

        init(failure: MediaSourceError? = nil) { self.failure = failure }

        func media(of messageID: String) async throws(MediaSourceError) -> FetchedMedia {
            requested.withLock { $0.append(messageID) }
            if let failure { throw failure }
            return FetchedMedia(data: VoiceTranscriberTests.audio, link: nil, mimeType: "audio/ogg")
        }
    }

    /// Writes what it heard: the clip's bytes as text.
    struct EchoTranscriber: Transcriber {
        var name: String { "echo" }
        func transcribe(_ clip: AudioClip) async throws(ModelError) -> Transcript {
            Transcript(text: "услышал \(String(decoding: clip.data, as: UTF8.self))", usage: .zero, model: "echo")
        }
    }

    struct NoUsage: ModelUsageSink {
        func record(_ call: ModelCallRecord) {}
    }

    /// The media sources of a business's connections, by connection id; `nil` asks for its default, the first.
    struct ConnectionMedia: MediaSourceDirectory {
        let sources: [(id: String, source: RecordedMedia)]
        func mediaSource(tenantID: String, channel: Channel, connection: String?) -> (any MediaSource)? {
            guard tenantID == Tenant.defaultID, channel == .whatsapp else { return nil }
            return (sources.first { $0.id == connection } ?? sources.first)?.source
        }
    }

    static func withVoiceNote(channel: Channel = .telegram, sources: [ChannelConnectionKey: any MediaSource], link: String? = nil,
                              connection: String? = nil, directories: [any MediaSourceDirectory] = [],
                              fetcher: OutboundFetcher = OutboundFetcher(policy: OutboundPolicy()),
                              _ body: @Sendable (VoiceTranscriber, SQLMessageBus) async throws -> Void) async throws {
        try await withTestDatabase(.sqlite) { database in
            let bus = TestQueues.bus(database, incoming: 100, voice: 100)
            let gateway = InboundGateway(database: database, bus: bus, humanPause: .seconds(60), logger: testLogger)
            let note = InboundCustomerMessage(id: "voice-1", chatID: "chat-1", phoneNumber: "77010000001", senderName: nil, contactInfo: nil,
                                              sentAt: now, content: .voiceNote(InboundVoiceNote(audioBase64: nil, link: link, mimeType: nil)))
            _ = try await gateway.accept(tenantID: Tenant.defaultID, channel: channel, events: [.customerMessage(note)], connectionID: connection,
                                         now: now)
            let transcriber = VoiceTranscriber(database: database, bus: bus, transcriber: MeteredTranscriber(EchoTranscriber(), sink: NoUsage()),
                                               mediaSources: sources, mediaDirectories: directories, fetcher: fetcher, maxAttempts: 3,
                                               logger: testLogger)
            try await body(transcriber, bus)
        }
    }

    static func passedOn(_ bus: SQLMessageBus) async throws -> IncomingMessagePayload? {
        guard let delivery = try await bus.receive(from: .incoming, limit: 1, consumer: "test").first else { return nil }
        return try PayloadCoding.decode(IncomingMessagePayload.self, from: delivery.message.payload)
    }

    @Test func aNoteWithoutAudioIsFetchedThroughItsChannelsMediaSourceAndTranscribed() async throws {
        let media = RecordedMedia()
        let other = RecordedMedia()
        try await Self.withVoiceNote(sources: [ChannelConnectionKey(tenantID: Tenant.defaultID, channel: .telegram): media,
                                               ChannelConnectionKey(tenantID: Tenant.defaultID, channel: .whatsapp): other]) { transcriber, bus in
            #expect(try await transcriber.transcribeOnce() == 1)
            let message = try #require(try await Self.passedOn(bus))
            #expect(message.messageText == VoiceNoteText.transcriptPrefix + "услышал OggS-voice-note")
            #expect(message.isVoice && message.channel == .telegram && message.phoneNumber == "+77010000001")
        }
        #expect(media.requested.withLock { $0 } == ["voice-1"])
        #expect(other.requested.withLock { $0 }.isEmpty, "another channel's source was asked")
    }

    @Test func aNoteToABusinessesSecondNumberIsFetchedWithThatNumbersClient() async throws {
        let first = RecordedMedia(), second = RecordedMedia(), old = RecordedMedia()
        let connections = ConnectionMedia(sources: [("wa-first", first), ("wa-second", second)])
        try await Self.withVoiceNote(channel: .whatsapp, sources: [ChannelConnectionKey(tenantID: Tenant.defaultID, channel: .whatsapp): old],
                                     connection: "wa-second", directories: [connections]) { transcriber, bus in
            #expect(try await transcriber.transcribeOnce() == 1)
            let message = try #require(try await Self.passedOn(bus))
            #expect(message.messageText == VoiceNoteText.transcriptPrefix + "услышал OggS-voice-note")
            #expect(message.connection == "wa-second")
        }
        #expect(second.requested.withLock { $0 } == ["voice-1"])
        #expect(first.requested.withLock { $0 }.isEmpty && old.requested.withLock { $0 }.isEmpty)

        // A note that names no number is fetched through the business's default one, before the number of old.
        try await Self.withVoiceNote(channel: .whatsapp, sources: [ChannelConnectionKey(tenantID: Tenant.defaultID, channel: .whatsapp): old],
                                     directories: [connections]) { (transcriber: VoiceTranscriber, _: SQLMessageBus) async throws in
            #expect(try await transcriber.transcribeOnce() == 1)
        }
        #expect(first.requested.withLock { $0 } == ["voice-1"] && old.requested.withLock { $0 }.isEmpty)
    }

    @Test func aNoteOfAChannelWithoutASourceReachesTheAgentUntranscribed() async throws {
        try await Self.withVoiceNote(sources: [:]) { transcriber, bus in
            #expect(try await transcriber.transcribeOnce() == 1)
            let message = try #require(try await Self.passedOn(bus))
            #expect(message.messageText == VoiceNoteText.untranscribed && message.isVoice)
        }
    }

    @Test func aSourceThatMayRecoverIsTriedAgainBeforeTheNoteGoesOn() async throws {
        let media = RecordedMedia(failure: MediaSourceError("download timed out", retryable: true))
        try await Self.withVoiceNote(sources: [ChannelConnectionKey(tenantID: Tenant.defaultID, channel: .telegram): media]) { (transcriber: VoiceTranscriber, bus: SQLMessageBus) async throws in
            #expect(try await transcriber.transcribeOnce() == 1)
            #expect(try await Self.passedOn(bus) == nil, "the note went on after one failed try")
            #expect(try await bus.depth(.voice) == 1)
        }
    }

    static func allowing(_ server: LoopbackHTTPServer) -> OutboundFetcher {
        OutboundFetcher(policy: OutboundPolicy(allowedHosts: [OutboundHost(host: "127.0.0.1", port: server.port)]))
    }

    static func serving(_ path: String) -> LoopbackHTTPServer.Reply {
        path == "/audio" ? .ok(body: Array(audio)) : .status(404)
    }

    @Test func aLinkToAnAllowedHostIsFetchedAndTranscribed() async throws {
        try await LoopbackHTTPServer.with(routes: { Self.serving($0) }) { server in
            try await Self.withVoiceNote(sources: [:], link: "\(server.root)/audio", fetcher: Self.allowing(server)) { transcriber, bus in
                #expect(try await transcriber.transcribeOnce() == 1)
                let message = try #require(try await Self.passedOn(bus))
                #expect(message.messageText == VoiceNoteText.transcriptPrefix + "услышал OggS-voice-note")
            }
            #expect(server.requests == ["/audio"])
        }
    }

    @Test func aLinkToAForbiddenAddressGoesOnUntranscribedAtOnceWithoutAConnection() async throws {
        try await LoopbackHTTPServer.with(routes: { Self.serving($0) }) { server in
            // Loopback that is not on the allow-list, the metadata address, and a scheme other than http(s).
            for link in ["\(server.root)/audio", "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd",
                         "http+unix://%2Fvar%2Frun%2Fdocker.sock/containers/json"] {
                try await Self.withVoiceNote(sources: [:], link: link) { transcriber, bus in
                    #expect(try await transcriber.transcribeOnce() == 1)
                    let message = try #require(try await Self.passedOn(bus), "\(link) was put back for another attempt")
                    #expect(message.messageText == VoiceNoteText.untranscribed && message.isVoice)
                    #expect(try await bus.depth(.voice) == 0)
                }
            }
            #expect(server.connections == 0)
        }
    }

    @Test func anAnswerOverTwentyFiveMegabytesIsReadOnceAndNotRetried() async throws {
        let routes: @Sendable (String) -> LoopbackHTTPServer.Reply = { _ in .stream(count: (25 << 20) + 1, declaresLength: false) }
        try await LoopbackHTTPServer.with(routes: routes) { server in
            try await Self.withVoiceNote(sources: [:], link: "\(server.root)/big.ogg", fetcher: Self.allowing(server)) { transcriber, bus in
                #expect(try await transcriber.transcribeOnce() == 1)
                let message = try #require(try await Self.passedOn(bus), "the note was put back for another attempt")
                #expect(message.messageText == VoiceNoteText.untranscribed)
                #expect(try await bus.depth(.voice) == 0)
            }
            #expect(server.requests == ["/big.ogg"])
        }
    }
}
