import Foundation
import SaudaBus
import SaudaChannels
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// The limits every inbound field keeps (``InboundLimits``), as the channel-agnostic gateway applies them: an event
/// that breaks one is refused alone, a delivery of too many events is refused whole, a text that shows nothing is
/// dropped, and statuses of sends not recorded yet are kept in bounded numbers.
@Suite struct InboundLimitsTests {
    static let now = InboundGatewayTests.now

    static func text(_ id: String, chat: String = "chat-1", phone: String? = "77010000001", name: String? = "Азамат",
                     _ body: String = "Сколько стоит?") -> InboundEvent {
        .customerMessage(InboundCustomerMessage(id: id, chatID: chat, phoneNumber: phone, senderName: name, contactInfo: nil,
                                                sentAt: now, content: .text(body)))
    }

    static func status(_ target: String) -> InboundEvent {
        .deliveryStatus(InboundDeliveryStatus(providerMessageID: target, status: .delivered))
    }

    @Test func anEventOverALimitIsRefusedAloneAndNothingOfItIsStored() async throws {
        try await InboundGatewayTests.withGateway { gateway, bus, database in
            let longID = String(repeating: "a", count: 100_000)
            let outcome = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp, events: [
                Self.text("ok-1"),
                Self.text("long-text", String(repeating: "я", count: 65_537)),
                Self.text(longID),
                Self.text("../../etc/passwd"),
                Self.text("bad-phone", phone: "../../etc/passwd"),
                Self.text("no-chat", chat: ""),
                Self.text("long-name", name: String(repeating: "Н", count: 257)),
                Self.status(String(repeating: "b", count: 257)),
            ], now: Self.now)
            #expect(outcome.accepted == 1)
            #expect(outcome.refused == ["text_too_long": 1, "id_too_long": 1, "invalid_id": 1, "invalid_phone_number": 1, "invalid_chat_id": 1,
                                        "sender_name_too_long": 1, "message_id_too_long": 1])
            #expect(outcome.refusals.first == InboundViolation(.tooLarge, field: "text", "must be at most 65536 characters", eventID: "long-text"))
            #expect(!outcome.refusals.contains { $0.description.contains(longID) }, "an id over its limit is never quoted")
            #expect(try await TestQueues.count("message_logs", in: database) == 1)
            #expect(try await TestQueues.count("early_delivery_statuses", in: database) == 0)
            #expect(try await bus.depth(.incoming) == 1)
            // The text at WhatsApp's own maximum is accepted, and so is one of more bytes than that but fewer characters.
            let atLimit = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp,
                                                   events: [Self.text("at-limit", String(repeating: "я", count: 65_536)),
                                                            Self.text("many-bytes", String(repeating: "😊", count: 40_000))], now: Self.now)
            #expect(atLimit.accepted == 2 && atLimit.refused.isEmpty)
        }
    }

    @Test func aDeliveryOfMoreEventsThanALimitIsRefusedWhole() async throws {
        try await InboundGatewayTests.withGateway { gateway, _, database in
            let events = (0...1000).map { Self.text("m-\($0)") }
            await #expect {
                try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp, events: events, now: Self.now)
            } throws: { ($0 as? GatewayError)?.kind == .tooLarge }
            #expect(try await TestQueues.count("message_logs", in: database) == 0)
            let most = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp,
                                                events: (0..<1000).map { _ in InboundEvent.dropped(reason: "group") }, now: Self.now)
            #expect(most.ignored == ["group": 1000], "1,000 events are one delivery's limit")
        }
    }

    @Test func aCustomersTextThatShowsNothingIsDroppedAndNeverQueued() async throws {
        try await InboundGatewayTests.withGateway { gateway, bus, database in
            let outcome = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp, events: [
                Self.text("zw", "\u{200B}\u{200D}\u{2060}\u{FEFF}"), Self.text("nul", "\u{0000}"), Self.text("fill", "\u{3164} \u{2800}\n"),
                .customerMessage(InboundCustomerMessage(id: "photo", chatID: "chat-1", phoneNumber: "77010000001", senderName: nil, contactInfo: nil,
                                                        sentAt: Self.now, content: .attachment(kind: "image", caption: "\u{200B}"))),
            ], now: Self.now)
            #expect(outcome.ignored == ["empty_text": 3])
            #expect(outcome.accepted == 1 && outcome.unsupported == 1, "the photo is kept, as a bare attachment")
            #expect(try await TestQueues.count("message_logs", in: database) == 1)
            let queued = try await bus.receive(from: .incoming, limit: 10, consumer: "test")
            let payload = try PayloadCoding.decode(IncomingMessagePayload.self, from: try #require(queued.first).message.payload)
            #expect(payload.messageText == "[ИЗОБРАЖЕНИЕ]", "an invisible caption is no caption: the customer is asked to write")
        }
    }

    @Test func statusesOfSendsNotRecordedYetAreKeptInBoundedNumbers() async throws {
        try await withTestDatabase(.sqlite) { database in
            var limits = InboundLimits()
            limits.maxEarlyStatusesPerDelivery = 2
            limits.maxEarlyStatusesPerChannel = 4
            let gateway = InboundGateway(database: database, bus: TestQueues.bus(database, incoming: 10), humanPause: .seconds(60),
                                         limits: [.whatsapp: limits], logger: testLogger)
            let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "77010000001@c.us")
            try await database.transaction { sql in
                try await MessageLogRepository(sql).recordOutgoing(key: key, messageID: "bot-1", phoneNumber: "+77010000001", text: "Здравствуйте",
                                                                   providerStatus: "sent", error: nil, providerMessageID: "SENT-1", now: Self.now)
            }
            for round in 0..<4 {
                let statuses = (0..<5).map { Self.status("unknown-\(round)-\($0)") } + [Self.status("SENT-1")]
                let outcome = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp, events: statuses,
                                                       now: Self.now.addingTimeInterval(Double(round)))
                #expect(outcome.ignored == ["status_of_unknown_send": 3], "two of a delivery's five are kept")
                #expect(outcome.statuses == (round == 0 ? 1 : 0), "a status of a recorded send is applied whatever the limit")
            }
            let kept = try await database.read { sql in
                try await sql.query("SELECT provider_message_id FROM early_delivery_statuses ORDER BY provider_message_id", [])
                    .compactMap { $0.optionalString("provider_message_id") }
            }
            #expect(kept == ["unknown-2-0", "unknown-2-1", "unknown-3-0", "unknown-3-1"], "the newest four are kept")
        }
    }
}
