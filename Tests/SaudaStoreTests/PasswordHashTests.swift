import Foundation
import SaudaStore
import Testing

/// Console passwords stored as scrypt hashes.
@Suite struct PasswordHashTests {
    @Test func aPasswordMatchesItsHashAndNothingElse() throws {
        let hash = try PasswordHash(hashing: "верблюд-бежит-42", cost: .fast)
        #expect(hash.encoded.hasPrefix("scrypt$ln=10,r=8,p=1$"))
        #expect(!hash.encoded.contains("верблюд"))
        #expect(hash.matches("верблюд-бежит-42"))
        #expect(!hash.matches("верблюд-бежит-43"))
        #expect(!hash.matches(""))
        // Salted: the same password hashes differently each time.
        #expect(try PasswordHash(hashing: "верблюд-бежит-42", cost: .fast).encoded != hash.encoded)
        // A stored form from elsewhere is read by its own cost.
        let standard = try PasswordHash(hashing: "correct horse battery", cost: .standard)
        #expect(PasswordHash(encoded: standard.encoded).matches("correct horse battery"))
    }

    @Test func tooShortOrTooLongPasswordsAreRefusedAndDamagedHashesMatchNothing() {
        #expect(throws: PasswordError.self) { try PasswordHash(hashing: "short", cost: .fast) }
        #expect(throws: PasswordError.self) { try PasswordHash(hashing: String(repeating: "a", count: 201), cost: .fast) }
        for damaged in ["", "scrypt$ln=10", "bcrypt$x$y$z", "scrypt$ln=40,r=8,p=1$AAAA$AAAA", "scrypt$ln=10,r=8,p=1$!!$!!"] {
            #expect(!PasswordHash(encoded: damaged).matches("anything-at-all"))
        }
    }
}
