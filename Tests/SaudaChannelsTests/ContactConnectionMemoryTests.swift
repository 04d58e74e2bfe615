import Foundation
import SaudaBus
import SaudaChannels
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// The gateway remembers on a contact the business's number (channel connection) its customer last wrote to.
@Suite struct ContactConnectionMemoryTests {
    static let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "77010000001@c.us")

    static func text(_ id: String) -> InboundEvent {
        .customerMessage(InboundCustomerMessage(id: id, chatID: key.chatID, phoneNumber: "77010000001", senderName: "Азамат", contactInfo: nil,
                                                sentAt: Date(), content: .text("Сколько стоит?")))
    }

    static func voice(_ id: String) -> InboundEvent {
        .customerMessage(InboundCustomerMessage(id: id, chatID: key.chatID, phoneNumber: "77010000001", senderName: nil, contactInfo: nil,
                                                sentAt: Date(), content: .voiceNote(InboundVoiceNote(audioBase64: nil, link: nil, mimeType: "audio/ogg"))))
    }

    static func remembered(_ database: any Database) async throws -> String? {
        try await database.read { sql in try await ContactRepository(sql).find(key: key) }?.connectionID
    }

    @Test(arguments: DatabaseKind.available)
    func theLastNumberWrittenToIsRememberedAndAMessageNamingNoneKeepsIt(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let bus = TestQueues.bus(database, incoming: 100, voice: 100)
            let gateway = InboundGateway(database: database, bus: bus, humanPause: .seconds(3600), logger: testLogger)
            // No contact yet: nothing to remember it on (the turn that makes the contact remembers it).
            _ = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp, events: [Self.text("m-1")], connectionID: "wa-first")
            #expect(try await Self.remembered(database) == nil)
            _ = try await database.transaction { sql in
                try await ContactRepository(sql).findOrCreate(key: Self.key, phoneNumber: "+77010000001", profile: ContactProfile(),
                                                              initialStatus: .client, now: Date())
            }
            _ = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp, events: [Self.text("m-2")], connectionID: "wa-second")
            #expect(try await Self.remembered(database) == "wa-second")
            _ = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp, events: [Self.text("m-3")], connectionID: nil)
            #expect(try await Self.remembered(database) == "wa-second", "a message naming no number keeps the remembered one")
            _ = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp, events: [Self.voice("v-1")], connectionID: "wa-first")
            #expect(try await Self.remembered(database) == "wa-first", "a voice note counts as writing")
            // A duplicate of an earlier message changes nothing.
            _ = try await gateway.accept(tenantID: Tenant.defaultID, channel: .whatsapp, events: [Self.text("m-2")], connectionID: "wa-second")
            #expect(try await Self.remembered(database) == "wa-first")
        }
    }
}
