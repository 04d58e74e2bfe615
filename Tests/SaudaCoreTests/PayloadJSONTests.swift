import Foundation
@testable import SaudaCore
import SaudaTestSupport
import Testing

/// The message payloads' own JSON writer and reader against Foundation's coders: the same bytes out, the same
/// payloads in, and Foundation deciding everything the reader does not take.
@Suite struct PayloadJSONTests {

    static let reference: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Texts with every control character, quotes, backslashes, slashes, Cyrillic, emoji and marks.
    static let pieces: [String] = ["", "Сколько стоят EVA коврики?", "a\"b", "back\\slash", "http://x/y?z=1", "tab\there", "line\nnext",
                                   "\r\n", "\u{7F}", "\u{2028}\u{2029}", "😊👍🏽", "é", "e\u{301}", "{\"json\":[1,2]}", "null", "true"]
        + (0..<32).map { String(UnicodeScalar(UInt8($0))) }

    static func text(_ random: inout SplitMix) -> String {
        (0..<Int.random(in: 0...3, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
    }

    static func maybe(_ random: inout SplitMix) -> String? { Bool.random(using: &random) ? text(&random) : nil }

    @Test func writesTheSameBytesAndReadsTheSamePayloadsAsFoundation() throws {
        var random = SplitMix(state: 2_026)
        for _ in 0..<2_000 {
            let info = Bool.random(using: &random) ? ContactInfo(firstName: Self.maybe(&random), fullName: Self.maybe(&random),
                                                                 pushName: Self.maybe(&random), businessName: Self.maybe(&random)) : nil
            var incoming = IncomingMessagePayload(
                messageID: Self.text(&random), chatID: Self.text(&random), phoneNumber: Self.maybe(&random), senderName: Self.maybe(&random),
                messageText: Self.text(&random), isVoice: Bool.random(using: &random), voiceURL: Self.maybe(&random),
                originalVoiceURL: Self.maybe(&random), timestamp: Date(timeIntervalSince1970: Double.random(in: 0..<2e9, using: &random)),
                contactInfo: info, tenant: Self.text(&random), channel: Channel.allCases.randomElement(using: &random) ?? .webchat)
            if Bool.random(using: &random) { incoming.tenant = nil }
            if Bool.random(using: &random) { incoming.channel = nil }
            let written = try PayloadCoding.encode(incoming)
            let expected = String(decoding: try Self.reference.encode(incoming), as: UTF8.self)
            #expect(written == expected)
            let read = try #require(PayloadJSON.decodeIncoming(expected), "\(expected)")
            #expect(read == (try JSONDecoder().decode(IncomingMessagePayload.self, from: Data(expected.utf8))))

            var outgoing = OutgoingMessagePayload(phoneNumber: Self.text(&random), messageText: Self.text(&random),
                                                  replyToMessageID: Self.maybe(&random), markAsRead: Bool.random(using: &random),
                                                  tenant: Self.text(&random), channel: .telegram, chatID: Self.text(&random),
                                                  outgoingID: Self.text(&random))
            if Bool.random(using: &random) { outgoing.tenant = nil }
            if Bool.random(using: &random) { outgoing.channel = nil }
            if Bool.random(using: &random) { outgoing.chatID = nil }
            if Bool.random(using: &random) { outgoing.outgoingID = nil }
            let writtenOut = try PayloadCoding.encode(outgoing)
            let expectedOut = String(decoding: try Self.reference.encode(outgoing), as: UTF8.self)
            #expect(writtenOut == expectedOut)
            let readOut = try #require(PayloadJSON.decodeOutgoing(expectedOut), "\(expectedOut)")
            #expect(readOut == (try JSONDecoder().decode(OutgoingMessagePayload.self, from: Data(expectedOut.utf8))))
        }
    }

    /// JSON other writers produce: the reader takes what it can and Foundation the rest, with the same result.
    @Test(arguments: [
        #"{ "message_id" : "1", "chat_id":"7@c.us",\#n "message_text":"\u0041\/\ud83d\ude00\"", "timestamp":"2025-10-05T14:30:00+05:00" }"#,
        #"{"message_id":"1","chat_id":"7","message_text":"x","timestamp":"t","is_voice":null,"contact_info":{"FirstName":null,"FullName":null,"PushName":null,"BusinessName":null},"phone_number":null}"#,
        #"{"message_id":"1","chat_id":"7","message_text":"x","timestamp":"t","contact_info":{"PushName":"Айгүл"},"channel":"telegram","tenant":"shop"}"#,
        #"{"message_id":"1","chat_id":"7","message_text":"x","timestamp":"t","extra":{"a":[1,2,{"b":null}]},"score":1.5}"#,
        #"{"message_id":"1","chat_id":"7","message_text":"x","timestamp":"t","message_text":"y"}"#,
    ])
    func readsOtherWritersIncomingPayloadsAsFoundationDoes(json: String) throws {
        let expected = try JSONDecoder().decode(IncomingMessagePayload.self, from: Data(json.utf8))
        #expect(try PayloadCoding.decode(IncomingMessagePayload.self, from: json) == expected)
    }

    @Test(arguments: [
        #"{"message_id":1,"chat_id":"7","message_text":"x"}"#,
        #"{"message_id":"1","chat_id":"7","message_text":"x","is_voice":"yes"}"#,
        #"{"message_id":"1","chat_id":"7","message_text":"x","channel":"fax"}"#,
        #"{"message_id":"1","chat_id":"7","message_text":"x\u0001raw"}"#.replacingOccurrences(of: "\\u0001", with: "\u{01}"),
        #"{"message_id":"1","chat_id":"7","message_text":"\ud83d"}"#,
        #"{"message_id":"1","chat_id":"7"}"#,
        #"{"message_id":"1","chat_id":"7","message_text":"x"} trailing"#,
    ])
    func refusesWhatFoundationRefuses(json: String) {
        #expect(PayloadJSON.decodeIncoming(json) == nil)
        #expect(throws: (any Error).self) { try PayloadCoding.decode(IncomingMessagePayload.self, from: json) }
    }

    @Test func readsSeedOnlyOutgoingPayloads() throws {
        let json = #"{"phone_number":"79115576362","message_text":"Здравствуйте!","reply_to_message_id":null,"mark_as_read":true}"#
        let read = try PayloadCoding.decode(OutgoingMessagePayload.self, from: json)
        #expect(read == (try JSONDecoder().decode(OutgoingMessagePayload.self, from: Data(json.utf8))))
        #expect(read.markAsRead && read.tenant == nil && read.outgoingID == nil)
    }
}
