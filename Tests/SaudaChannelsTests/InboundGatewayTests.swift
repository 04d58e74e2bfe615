import Foundation
import SaudaBus
import SaudaChannels
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// The channel-agnostic gateway's rules, driven with ``InboundEvent``s as any provider adapter would hand them in
/// (the Wappi mapping has its own tests in `SaudaChannelWappiTests`).
@Suite struct InboundGatewayTests {
    // Now, in whole seconds: queued messages expire after their time to live, and stored times keep seconds.
    static let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))

    static func text(_ id: String, chat: String = "chat-1", phone: String? = "77010000001", _ body: String = "Сколько стоит?") -> InboundEvent {
        .customerMessage(InboundCustomerMessage(id: id, chatID: chat, phoneNumber: phone, senderName: "Азамат",
                                                contactInfo: ContactInfo(pushName: "Азамат"), sentAt: now, content: .text(body)))
    }

    static func voice(_ id: String, chat: String = "chat-1") -> InboundEvent {
        .customerMessage(InboundCustomerMessage(id: id, chatID: chat, phoneNumber: "77010000001", senderName: nil, contactInfo: nil,
                                                sentAt: now, content: .voiceNote(InboundVoiceNote(audioBase64: nil, link: nil, mimeType: "audio/ogg"))))
    }

    static func withGateway(_ body: @Sendable (InboundGateway, SQLMessageBus, any Database) async throws -> Void) async throws {
        try await withTestDatabase(.sqlite) { database in
            let bus = TestQueues.bus(database, incoming: 100, voice: 100)
            try await body(InboundGateway(database: database, bus: bus, humanPause: .seconds(3600), logger: testLogger), bus, database)
        }
    }

    @Test func aCustomerTextIsQueuedOnceAndItsRepeatIsADuplicate() async throws {
        try await Self.withGateway { gateway, bus, _ in
            let first = try await gateway.accept(tenantID: Tenant.defaultID, channel: .telegram, events: [Self.text("m-1")], now: Self.now)
            let again = try await gateway.accept(tenantID: Tenant.defaultID, channel: .telegram, events: [Self.text("m-1")], now: Self.now)
            #expect(first.accepted == 1 && first.duplicates == 0)
            #expect(again.accepted == 0 && again.duplicates == 1)
            let queued = try await bus.receive(from: .incoming, limit: 10, consumer: "test")
            let payload = try PayloadCoding.decode(IncomingMessagePayload.self, from: try #require(queued.first).message.payload)
            #expect(queued.count == 1)
            #expect(payload.channel == .telegram && payload.phoneNumber == "+77010000001" && payload.messageText == "Сколько стоит?")
        }
    }

    @Test func aWhitelistedNumberIsNeverProcessedAndDroppedEventsAreOnlyCounted() async throws {
        try await Self.withGateway { gateway, bus, database in
            try await database.transaction { sql in
                try await TenantRepository(sql).addToWhitelist(tenantID: Tenant.defaultID, phoneNumber: "77010000009", note: "друг", now: Self.now)
            }
            let outcome = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp,
                                                   events: [Self.text("w-1", chat: "friend", phone: "77010000009"), .dropped(reason: "group"),
                                                            .dropped(reason: "group")], now: Self.now)
            #expect(outcome.ignored == ["whitelist": 1, "group": 2])
            #expect(outcome.accepted == 0)
            #expect(try await bus.depth(.incoming) == 0)
            #expect(try await TestQueues.count("message_logs", in: database) == 0)
        }
    }

    @Test func aTextNeverOvertakesAVoiceNoteOfItsChat() async throws {
        try await Self.withGateway { gateway, bus, _ in
            let outcome = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp,
                                                   events: [Self.voice("v-1"), Self.text("t-1"), Self.text("t-2", chat: "chat-2")], now: Self.now)
            #expect(outcome.voice == 1 && outcome.accepted == 2 && outcome.behindVoiceNote == 1)
            #expect(try await bus.depth(.voice) == 2)
            #expect(try await bus.depth(.incoming) == 1)
            // A later delivery of the same chat still waits while the voice note has no transcript.
            let later = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp, events: [Self.text("t-3")],
                                                 now: Self.now.addingTimeInterval(60))
            #expect(later.behindVoiceNote == 1)
        }
    }

    @Test func theOwnerWritingFromTheirPhoneTakesTheChatOver() async throws {
        try await Self.withGateway { gateway, bus, database in
            let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "chat-1")
            let contactID = try await database.transaction { sql in
                let contact = try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: "+77010000001", profile: ContactProfile(),
                                                                            initialStatus: .client, now: Self.now)
                try await FollowUpRepository(sql).restart(tenantID: Tenant.defaultID, contactID: contact.id, reason: .noReply,
                                                          firstTouchAt: Self.now.addingTimeInterval(3600), now: Self.now)
                return contact.id
            }
            let owner = InboundEvent.businessMessage(InboundBusinessMessage(id: "o-1", chatID: "chat-1", phoneNumber: "77010000001",
                                                                            text: "Здравствуйте, это Айгуль", sentAt: Self.now, origin: .person))
            let outcome = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp, events: [owner], now: Self.now)
            let repeated = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp, events: [owner], now: Self.now)
            #expect(outcome.humanMessages == 1 && repeated.duplicates == 1)
            let (contact, chain) = try await database.read { sql in
                (try await ContactRepository(sql).find(key: key), try await FollowUpRepository(sql).active(contactID: contactID))
            }
            #expect(contact?.botPausedUntil == Self.now.addingTimeInterval(3600))
            #expect(chain == nil, "the follow-up chain still runs")
            #expect(try await bus.depth(.incoming) == 0, "the owner's message was queued for the agent")
        }
    }

    @Test func aBusinessMessageOfUnknownAuthorIsAnEchoWhenItIsARecordedSend() async throws {
        try await Self.withGateway { gateway, _, database in
            try await database.transaction { sql in
                try await MessageLogRepository(sql).recordOutgoing(
                    key: ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "chat-1"), messageID: "bot-1",
                    phoneNumber: "77010000001", text: "Добрый день!", providerStatus: "sent", error: nil, providerMessageID: "sent-1", now: Self.now)
            }
            func message(_ id: String) -> InboundEvent {
                .businessMessage(InboundBusinessMessage(id: id, chatID: "chat-1", phoneNumber: "77010000001", text: "Другой текст",
                                                        sentAt: Self.now, origin: .unknown))
            }
            let echo = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp, events: [message("sent-1")], now: Self.now)
            let typed = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp, events: [message("typed-1")], now: Self.now)
            #expect(echo.ignored == ["own_echo": 1] && echo.humanMessages == 0)
            #expect(typed.humanMessages == 1)
        }
    }

    @Test func aFullQueueRefusesTheDeliveryBeforeAnythingIsWritten() async throws {
        try await withTestDatabase(.sqlite) { database in
            let gateway = InboundGateway(database: database, bus: TestQueues.bus(database, incoming: 1), humanPause: .seconds(60), logger: testLogger)
            _ = try await gateway.accept(tenantID: Tenant.defaultID, channel: .telegram, events: [Self.text("m-1")], now: Self.now)
            await #expect {
                try await gateway.accept(tenantID: Tenant.defaultID, channel: .telegram, events: [Self.text("m-2"), Self.text("m-3")], now: Self.now)
            } throws: { ($0 as? GatewayError)?.kind == .queueFull }
            #expect(try await TestQueues.count("message_logs", in: database) == 1)
        }
    }
}
