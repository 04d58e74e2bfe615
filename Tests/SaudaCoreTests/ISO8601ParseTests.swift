import Foundation
import SaudaCore
import Testing

/// Timestamps as the API and the tools take them: with or without fractions, and with any offset RFC 3339 allows.
@Suite struct ISO8601ParseTests {
    @Test func everyRFC3339OffsetIsRead() throws {
        let base = try #require(ISO8601.parse("2026-11-23T10:00:00Z"))
        #expect(ISO8601.parse("2026-11-23T15:00:00+05:00") == base)
        #expect(ISO8601.parse("2026-11-23T10:00:00.000+00:00") == base)
        // Beyond the ±18 hours a TimeZone holds: read all the same.
        #expect(ISO8601.parse("2026-11-23T10:20:00+18:20") == base.addingTimeInterval(-18 * 3600))
        #expect(ISO8601.parse("2026-11-22T15:40:00.5-18:20") == base.addingTimeInterval(0.5))
        #expect(ISO8601.parse("0188-09-07T20:26:29.234878-18:20") != nil)
        for bad in ["2026-11-23T10:00:00+24:00", "2026-11-23 10:00", "yesterday", ""] {
            #expect(ISO8601.parse(bad) == nil, "\(bad)")
        }
    }
}
