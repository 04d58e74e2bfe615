import Foundation
import SaudaCore
import SaudaTestSupport
import Testing

/// The parsers of untrusted input in SaudaCore under a bounded fuzzer (`Mutator`): none crashes or loops, each
/// answers with a value or its typed error, and what the JSON reader accepts survives writing and reading again.
@Suite struct ParserFuzzTests {
    static let jsonSamples = [
        #"{"messages":[{"id":"A1","from":"77012345678@c.us","body":"Сколько стоит?","type":"chat","time":1790000000}]}"#,
        #"{"a":[1,2.5,-3e2,true,false,null,{"b":"\u0041\n\"q\""}],"c":{}}"#,
        #"{"message_id":"1","chat_id":"7@c.us","message_text":"x","timestamp":"2026-12-06T10:00:00Z","is_voice":false}"#,
        #"[[[[{"deep":[[[]]]}]]]]"#,
    ]

    @Test func theJSONReaderAnswersEveryInputAndItsValuesRoundTrip() throws {
        var mutator = Mutator(samples: Self.jsonSamples, tokens: [#""message_text""#, #""chat_id""#, "1.0e+308", "0.000001", "\u{D7FF}"])
        try mutator.run { bytes in
            guard let value = try? JSONValue.parse(Data(bytes)) else { return }
            let again = try JSONValue.parse(value.jsonText)
            guard again == value else { throw RoundTrip(text: value.jsonText) }
        }
    }

    @Test func queuePayloadsOfOtherWritersDecodeOrRefuseWithoutCrashing() throws {
        var mutator = Mutator(samples: Array(Self.jsonSamples.dropFirst(2)), tokens: [#""message_text""#, #""contact_info""#])
        try mutator.run { bytes in
            _ = try? PayloadCoding.decode(IncomingMessagePayload.self, from: String(decoding: bytes, as: UTF8.self))
            _ = try? PayloadCoding.decode(OutgoingMessagePayload.self, from: String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func callTimePhrasesNameAMomentSoonOrNone() throws {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let zone = try #require(TimeZone(identifier: "Asia/Almaty"))
        var mutator = Mutator(samples: ["завтра в 15:00", "в среду в 10 утра", "через 3 дня", "tomorrow at 3 pm", "20.10 в 12:00",
                                        "послезавтра утром", "on Friday morning", "через полчаса"],
                              tokens: [" в ", " 99:99", " 31.02", " через 99999999999 дней", " tomorrow", " вечером", "0", ":", "."])
        try mutator.run { bytes in
            guard let phrase = CallTimePhrase.parse(String(decoding: bytes, as: UTF8.self), now: now, timeZone: zone) else { return }
            let offset = phrase.date.timeIntervalSince(now)
            guard offset > -86_400, offset < 800 * 86_400 else { throw FarMoment(date: phrase.date) }
        }
    }

    struct RoundTrip: Error { let text: String }
    struct FarMoment: Error { let date: Date }
}
