import Foundation
@testable import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import Testing

/// Wappi's vocabulary is read in one place: each kind of Wappi event becomes the ``InboundEvent`` it stands for.
@Suite struct WappiInboundMappingTests {
    static func event(_ fields: [String: JSONValue]) throws -> WappiMessage {
        var all: [String: JSONValue] = ["id": "m-1", "type": "chat", "body": "Сколько стоит?", "from": "77010000001@c.us",
                                        "chatId": "77010000001@c.us", "time": 1_790_000_000, "senderName": "Азамат"]
        all.merge(fields) { $1 }
        return try #require(WappiMessage(.object(all)))
    }

    @Test func aCustomersTextVoiceNoteAndAttachmentKeepTheirParts() throws {
        let text = try #require(WappiInbound.inboundEvent(try Self.event(["wh_type": "incoming_message"])))
        guard case .customerMessage(let message) = text else { Issue.record("not a customer message: \(text)"); return }
        #expect(message.chatID == "77010000001@c.us" && message.phoneNumber == "77010000001" && message.whitelistNumber == "77010000001")
        #expect(message.content == .text("Сколько стоит?") && message.contactInfo == ContactInfo(pushName: "Азамат"))

        let voice = try #require(WappiInbound.inboundEvent(try Self.event(["wh_type": "incoming_message", "type": "ptt", "body": "T2dnUw==",
                                                                              "file_link": "https://files.example/v.ogg", "mimetype": "audio/ogg"])))
        #expect(voice == .customerMessage(InboundCustomerMessage(
            id: "m-1", chatID: "77010000001@c.us", phoneNumber: "77010000001", whitelistNumber: "77010000001", senderName: "Азамат",
            contactInfo: ContactInfo(pushName: "Азамат"), sentAt: Date(timeIntervalSince1970: 1_790_000_000),
            content: .voiceNote(InboundVoiceNote(audioBase64: "T2dnUw==", link: "https://files.example/v.ogg", mimeType: "audio/ogg")))))
        // A body that is no base64 is no audio: the transcriber fetches the note instead.
        guard case .customerMessage(let linked) = try #require(WappiInbound.inboundEvent(try Self.event(["type": "audio", "body": "not base64!"]))),
              case .voiceNote(let note) = linked.content else { Issue.record("not a voice note"); return }
        #expect(note.audioBase64 == nil)

        let photo = try #require(WappiInbound.inboundEvent(try Self.event(["type": "image", "caption": "Вот такой"])))
        guard case .customerMessage(let attachment) = photo else { Issue.record("not a customer message"); return }
        #expect(attachment.content == .attachment(kind: "image", caption: "Вот такой"))
    }

    @Test func echoesGroupsReactionsCallsAndOtherEventsAreDroppedWithTheirReason() throws {
        let cases: [([String: JSONValue], String)] = [
            (["wh_type": "outgoing_message_api"], "own_echo"),
            (["wh_type": "incoming_message", "is_me": true], "own_echo"),
            (["chatId": "120363@g.us"], "group"),
            (["type": "reaction"], "reaction"),
            (["type": "call"], "call"),
            (["wh_type": "authorization_status"], "other_event"),
            (["fromMe": true, "from_where": "api"], "own_echo"),
        ]
        for (fields, reason) in cases {
            #expect(WappiInbound.inboundEvent(try Self.event(fields)) == .dropped(reason: reason), "\(fields)")
        }
    }

    @Test func theBusinessNumbersOwnMessagesSayWhoWroteThemWhenWappiDoes() throws {
        func origin(_ fields: [String: JSONValue]) throws -> InboundBusinessMessage.Origin? {
            guard case .businessMessage(let message) = try #require(WappiInbound.inboundEvent(try Self.event(fields))) else { return nil }
            #expect(message.phoneNumber == "77010000001")
            return message.origin
        }
        #expect(try origin(["wh_type": "outgoing_message_phone", "is_me": true]) == .person)
        #expect(try origin(["fromMe": true, "from_where": "phone"]) == .person)
        // Read by polling without `from_where`: the gateway looks for it among Sauda's sends.
        #expect(try origin(["fromMe": true]) == .unknown)
    }

    @Test func aStatusNamesItsSendAndAStatusWithoutOneIsSkipped() throws {
        #expect(WappiInbound.inboundEvent(try Self.event(["wh_type": "delivery_status", "stanza_id": "sent-1", "status": "Read"]))
                == .deliveryStatus(InboundDeliveryStatus(providerMessageID: "sent-1", status: .read)))
        #expect(WappiInbound.inboundEvent(try Self.event(["wh_type": "messages_status", "stanzaId": "sent-1", "body": "delivered"]))
                == .deliveryStatus(InboundDeliveryStatus(providerMessageID: "sent-1", status: .delivered)))
        #expect(WappiInbound.inboundEvent(try Self.event(["wh_type": "delivery_status", "status": "read"])) == nil)
        #expect(WappiInbound.inboundEvent(try Self.event(["wh_type": "delivery_status", "stanza_id": "sent-1", "status": "queued"])) == nil)
    }

    @Test func fieldsNotAsWappiWritesThemAreRefusedNamingTheField() throws {
        func refusal(_ fields: [String: JSONValue]) throws -> InboundViolation? {
            guard case .refused(let violation) = try #require(WappiInbound.inboundEvent(try Self.event(fields))) else { return nil }
            return violation
        }
        let cases: [([String: JSONValue], InboundViolation.Kind, String)] = [
            (["body": 5], .invalid, "body"),
            (["from": [1]], .invalid, "from"),
            (["time": "1790000000"], .invalid, "time"),
            (["time": 1e300], .invalid, "time"),
            (["from": nil], .invalid, "from"),
            (["from": "../../etc/passwd@c.us", "chatId": nil], .invalid, "from"),
            (["from": "", "chatId": nil], .invalid, "from"),
            (["chatId": "../../etc/passwd@c.us"], .invalid, "chatId"),
            (["chatId": "77010000001@evil.example"], .invalid, "chatId"),
            (["is_me": "false"], .invalid, "is_me"),
            (["id": 7], .invalid, "id"),
            (["id": nil], .invalid, "id"),
            (["id": "a b"], .invalid, "id"),
            (["id": .string(String(repeating: "a", count: 100_000))], .tooLarge, "id"),
            (["body": .string(String(repeating: "я", count: 65_537))], .tooLarge, "body"),
            (["senderName": .string(String(repeating: "Н", count: 257))], .tooLarge, "senderName"),
            (["type": "image", "caption": .string(String(repeating: "я", count: 65_537))], .tooLarge, "caption"),
            (["wh_type": "delivery_status", "stanza_id": "a/b", "status": "read"], .invalid, "stanza_id"),
        ]
        for (fields, kind, field) in cases {
            let violation = try refusal(fields)
            #expect(violation?.kind == kind && violation?.field == field, "\(fields.mapValues { $0.jsonText.prefix(40) }): \(String(describing: violation))")
        }
        // A refusal names its event once the id is known to be short and safe, and never quotes an id over its limit.
        #expect(try refusal(["body": 5])?.description == "event «m-1»: «body» must be a string")
        #expect(try refusal(["id": .string(String(repeating: "a", count: 100_000))])?.eventID == nil)
        // A group's or a reaction's odd sender does not matter: the event is dropped for what it is.
        #expect(WappiInbound.inboundEvent(try Self.event(["chatId": "120363@g.us", "from": "x"])) == .dropped(reason: "group"))
    }

    @Test func theOwnersPhotoIsStoredAsItsPlaceholderNotAsItsBase64() throws {
        guard case .businessMessage(let message) = try #require(WappiInbound.inboundEvent(try Self.event([
            "wh_type": "outgoing_message_phone", "is_me": true, "type": "image", "body": "iVBORw0KGgoAAAANSUhEUgAA", "caption": "Вот такой"]))) else {
            Issue.record("not a business message")
            return
        }
        #expect(message.text == "[ИЗОБРАЖЕНИЕ] Вот такой")
        guard case .businessMessage(let voice) = try #require(WappiInbound.inboundEvent(try Self.event([
            "wh_type": "outgoing_message_phone", "is_me": true, "type": "ptt", "body": "T2dnUw=="]))) else {
            Issue.record("not a business message")
            return
        }
        #expect(voice.text == VoiceNoteText.untranscribed)
    }
}
