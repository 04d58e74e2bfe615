import Foundation
@testable import SaudaStore
import Testing

/// Sealing and opening secrets with AES-GCM under named master keys.
@Suite struct SecretSealerTests {
    @Test func aSealedValueOpensOnlyForItsBusinessAndName() throws {
        let key = MasterKey.generate()
        let sealer = SecretSealer(keys: .init(current: key))
        let sealed = try sealer.seal("amo-token-1234567890", tenantID: "shop", name: "crm.credentials")
        #expect(sealed.hasPrefix("v1:\(key.id):"))
        #expect(!sealed.contains("amo-token"))
        #expect(try sealer.open(sealed, tenantID: "shop", name: "crm.credentials") == "amo-token-1234567890")
        // The same text twice seals differently (a new nonce each time).
        #expect(try sealer.seal("amo-token-1234567890", tenantID: "shop", name: "crm.credentials") != sealed)
        // Copied to another business or name, it does not open.
        for (tenant, name) in [("other", "crm.credentials"), ("shop", "wappi.token")] {
            #expect(throws: SecretError.self) { try sealer.open(sealed, tenantID: tenant, name: name) }
        }
        var damaged = Array(sealed)
        damaged[damaged.count - 3] = damaged[damaged.count - 3] == "A" ? "B" : "A"
        #expect(throws: SecretError.self) { try sealer.open(String(damaged), tenantID: "shop", name: "crm.credentials") }
    }

    @Test func anotherKeyDoesNotOpenItAndSaysWhichKeyIsNeeded() throws {
        let first = MasterKey.generate()
        let sealed = try SecretSealer(keys: .init(current: first)).seal("secret-value-0001", tenantID: "t", name: "n")
        let other = SecretSealer(keys: .init(current: MasterKey.generate()))
        do {
            _ = try other.open(sealed, tenantID: "t", name: "n")
            Issue.record("another key opened it")
        } catch {
            #expect(error.code == .missingKey)
            #expect(error.message.contains(first.id))
            #expect(!error.message.contains("secret-value"))
        }
        // With the first key among the previous ones (a rotation), it opens.
        let rotating = SecretSealer(keys: .init(current: MasterKey.generate(), previous: [first]))
        #expect(try rotating.open(sealed, tenantID: "t", name: "n") == "secret-value-0001")
    }

    @Test func withoutAKeyNothingIsSealed() {
        let sealer = SecretSealer(keys: .init(current: nil))
        #expect(throws: SecretError.self) { try sealer.seal("x", tenantID: "t", name: "n") }
    }

    @Test func keysAreThirtyTwoBytesOfBase64() throws {
        let key = MasterKey.generate()
        #expect(try MasterKey(base64: key.base64).id == key.id)
        #expect(key.id.count == 16)
        for bad in ["", "not base64!", Data(count: 16).base64EncodedString()] {
            #expect(throws: SecretError.self) { try MasterKey(base64: bad) }
        }
    }

    @Test func aHintShowsTheLastFourCharactersOfALongValueOnly() {
        #expect(StoredSecret.hint(of: "sk-abcdefghijkl9876") == "…9876")
        #expect(StoredSecret.hint(of: "short") == "…")
    }
}
