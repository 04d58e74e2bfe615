import Foundation
@testable import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaTestSupport
import Testing

/// Wappi's webhook bodies under a bounded fuzzer (`Mutator`): the envelope reader and the event mapper answer every
/// body with events or a refusal, and what they map keeps within the channel's limits.
@Suite struct WappiWebhookFuzzTests {
    static let samples = [
        #"{"messages":[{"wh_type":"incoming_message","profile_id":"p1","id":"3EB0A1","chatId":"77012345678@c.us","from":"77012345678@c.us","body":"Сколько стоит доставка?","type":"chat","time":1790000000,"senderName":"Айгүл","fromMe":false}]}"#,
        #"{"messages":[{"wh_type":"delivery_status","profile_id":"p1","id":"S1","chatId":"77012345678@c.us","status":"read","time":1790000001}]}"#,
        #"{"messages":[{"wh_type":"outgoing_message_phone","profile_id":"p1","id":"O1","chatId":"77012345678@c.us","from":"77000000000@c.us","body":"Ерлан на связи","type":"chat","time":1790000002,"fromMe":true}]}"#,
        #"{"messages":[{"wh_type":"incoming_message","profile_id":"p1","id":"V1","chatId":"77012345678@c.us","from":"77012345678@c.us","type":"ptt","file_link":"http://127.0.0.1:1/a.ogg","mimetype":"audio/ogg","time":1790000003}]}"#,
    ]

    @Test func everyBodyGetsEventsOrARefusalAndMappedEventsKeepTheLimits() throws {
        let limits = InboundLimits.standard(for: .whatsapp)
        var mutator = Mutator(samples: Self.samples, tokens: [#""from""#, #""chatId""#, #""body""#, #""wh_type""#, #""profile_id":"p2""#,
                                                               "@c.us", "@g.us", #""time":"x""#, "../../etc/passwd"])
        try mutator.run { bytes in
            guard let events = try? WappiWebhookDelivery.events(in: Data(bytes), profileID: "p1") else { return }
            for event in events {
                guard case .customerMessage(let message)? = WappiInbound.inboundEvent(event, limits: limits) else { continue }
                var text = ""
                if case .text(let written) = message.content { text = written }
                guard text.count <= limits.maxTextCharacters, message.id.count <= limits.maxIDCharacters, !message.chatID.contains("/"),
                      (message.senderName?.count ?? 0) <= limits.maxNameCharacters else {
                    throw Escaped(chatID: message.chatID)
                }
            }
        }
    }

    struct Escaped: Error { let chatID: String }
}
