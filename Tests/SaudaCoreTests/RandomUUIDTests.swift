import Foundation
import SaudaCore
import Testing

@Suite struct RandomUUIDTests {
    @Test func randomIDsAreVersionFourWithTheStandardVariantAndDistinct() {
        var seen: Set<UUID> = []
        for _ in 0..<10_000 {
            let id = UUID.random()
            let text = id.uuidString
            // xxxxxxxx-xxxx-4xxx-[89AB]xxx-xxxxxxxxxxxx
            let characters = Array(text)
            #expect(characters.count == 36)
            #expect(characters[14] == "4", "version nibble of \(text)")
            #expect("89AB".contains(characters[19]), "variant of \(text)")
            #expect(UUID(uuidString: text) == id)
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
    }

    @Test func everyOtherBitVaries() {
        // Over many ids, each of the 122 random bits is sometimes set and sometimes clear.
        var everSet = [UInt8](repeating: 0, count: 16)
        var everClear = [UInt8](repeating: 0, count: 16)
        for _ in 0..<2_000 {
            let bytes = withUnsafeBytes(of: UUID.random().uuid) { Array($0) }
            for index in 0..<16 {
                everSet[index] |= bytes[index]
                everClear[index] |= ~bytes[index]
            }
        }
        var fixedSet = [UInt8](repeating: 0, count: 16)
        var fixedClear = [UInt8](repeating: 0, count: 16)
        fixedSet[6] = 0x40; fixedClear[6] = 0xB0
        fixedSet[8] = 0x80; fixedClear[8] = 0x40
        for index in 0..<16 {
            #expect(everSet[index] == 0xFF & ~fixedClear[index], "byte \(index) bits that are never set")
            #expect(everClear[index] == 0xFF & ~fixedSet[index], "byte \(index) bits that are never clear")
        }
    }

    @Test func timeOrderedIDsSortByTimeAndCarryTheirMillisecond() {
        let first: UInt64 = 1_795_000_000_123
        var previous = ""
        for step in UInt64(0)..<1_000 {
            // Half a millisecond in, so that the conversion to milliseconds is exact.
            let moment = Date(timeIntervalSince1970: (Double(first + step) + 0.5) / 1000)
            let id = UUID.timeOrdered(now: moment)
            let text = id.uuidString.lowercased()
            let characters = Array(text)
            #expect(characters[14] == "7", "version nibble of \(text)")
            #expect("89ab".contains(characters[19]), "variant of \(text)")
            // The first 48 bits are the milliseconds since 1970.
            let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
            #expect(bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } == first + step)
            // As text (how message ids are compared in the database's indexes), a later millisecond sorts later.
            #expect(text > previous, "\(text) after \(previous)")
            previous = text
        }
        let start = Date(timeIntervalSince1970: 1_795_000_000.1235)
        #expect(UUID.timeOrdered(now: start) != UUID.timeOrdered(now: start), "ids of one millisecond differ")
    }
}
