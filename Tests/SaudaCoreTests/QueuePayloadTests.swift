import Foundation
import SaudaCore
import Testing

/// The queue bodies are the earlier Python gateway's JSON (docs/compatibility.md), readable and writable by its peers.
@Suite struct QueuePayloadTests {
    func object(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func anIncomingMessageCarriesEverySeedFieldEvenWhenUnknown() throws {
        let payload = IncomingMessagePayload(messageID: "wc:s:1", chatID: "s", phoneNumber: nil, senderName: nil, messageText: "Привет",
                                             timestamp: Date(timeIntervalSince1970: 0), tenant: "default", channel: .webchat)
        let json = try object(try PayloadCoding.encode(payload))
        for key in ["message_id", "chat_id", "phone_number", "sender_name", "message_text", "is_voice", "voice_url", "timestamp", "contact_info"] {
            #expect(json.keys.contains(key), "missing \(key)")
        }
        #expect(json["phone_number"] is NSNull)
        let contact = try #require(json["contact_info"] as? [String: Any])
        #expect(Set(contact.keys) == ["FirstName", "FullName", "PushName", "BusinessName"])
        // Read back, an all-null contact_info is no contact info (the sender's name stays the fallback).
        let decoded = try PayloadCoding.decode(IncomingMessagePayload.self, from: try PayloadCoding.encode(payload))
        #expect(decoded.contactInfo == nil)
        #expect(decoded.conversation == payload.conversation)
    }

    @Test func aSeedReplyWithOnlyItsFourFieldsIsCompletedWithAStableID() throws {
        let seedReply = #"{"phone_number":"79115576362","message_text":"Спасибо!","reply_to_message_id":"3EB0128A","mark_as_read":true}"#
        let reply = try PayloadCoding.decode(OutgoingMessagePayload.self, from: seedReply).completed
        #expect(reply.tenant == "default")
        #expect(reply.channel == .whatsapp)
        #expect(reply.chatID == "79115576362@c.us")
        let id = try #require(reply.outgoingID)
        #expect(id.hasPrefix("ext-"))
        // The same reply delivered again gets the same id (so it is recognised as sent); another text another id.
        #expect(try PayloadCoding.decode(OutgoingMessagePayload.self, from: seedReply).completed.outgoingID == id)
        let other = seedReply.replacingOccurrences(of: "Спасибо!", with: "Здравствуйте!")
        #expect(try PayloadCoding.decode(OutgoingMessagePayload.self, from: other).completed.outgoingID != id)
        // Sauda's own replies keep their fields.
        let own = OutgoingMessagePayload(phoneNumber: "+7701", messageText: "Да", replyToMessageID: nil, markAsRead: true, tenant: "t2",
                                         channel: .telegram, chatID: "42", outgoingID: "bot-1")
        #expect(own.completed == own)
        let json = try object(try PayloadCoding.encode(own))
        #expect(json["reply_to_message_id"] is NSNull)
    }
}
