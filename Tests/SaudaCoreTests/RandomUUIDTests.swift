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
}
