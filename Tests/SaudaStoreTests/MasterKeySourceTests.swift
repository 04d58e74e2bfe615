import Foundation
import SaudaCore
@testable import SaudaStore
import SaudaTestSupport
import Testing

/// Where the master keys come from, and the key file of the embedded default.
@Suite struct MasterKeySourceTests {
    @Test func theEnvironmentComesFirstThenTheKeyFileBesideSQLite() {
        let key = MasterKey.generate().base64
        #expect(MasterKeySource.resolve(masterKey: key, previousMasterKeys: [], database: .sqlite(path: "/data/sauda.sqlite"))
                == .environment(current: key, previous: []))
        #expect(MasterKeySource.resolve(masterKey: nil, previousMasterKeys: [], database: .sqlite(path: "/data/sauda.sqlite"))
                == .keyFile(path: "/data/sauda-master.key"))
        #expect(MasterKeySource.resolve(masterKey: "  ", previousMasterKeys: [], database: .postgres(url: "postgres://h/db")) == .none)
        #expect(MasterKeySource.resolve(masterKey: nil, previousMasterKeys: [], database: .sqlite(path: ":memory:")) == .none)
    }

    @Test func aBadKeyIsNamedByItsSettingWithoutShowingIt() {
        let bad = "c2hvcnQta2V5"
        do {
            _ = try MasterKeySource.environment(current: bad, previous: []).load()
            Issue.record("a 9-byte key was taken")
        } catch {
            #expect(error.message.hasPrefix("SAUDA_MASTER_KEY"))
            #expect(!error.message.contains(bad))
        }
        do {
            _ = try MasterKeySource.environment(current: MasterKey.generate().base64, previous: ["x"]).load()
            Issue.record("a bad previous key was taken")
        } catch {
            #expect(error.message.hasPrefix("SAUDA_PREVIOUS_MASTER_KEYS, key 1"))
        }
    }

    @Test func theKeyFileIsMadePrivateOnceAndARunningSealerFollowsItsRotation() throws {
        try withTemporaryDirectorySync { directory in
            let path = directory.appendingPathComponent(MasterKeySource.keyFileName).path
            let source = MasterKeySource.keyFile(path: path)
            // Not made until a start asks for it.
            #expect(try source.load().keys.current == nil)
            #expect(!FileManager.default.fileExists(atPath: path))
            let first = try source.load(creatingFile: true)
            #expect(first.createdFile)
            #expect(PrivateFile.permissions(path) == 0o600)
            #expect(try source.load(creatingFile: true).createdFile == false)
            let firstID = try #require(first.keys.current?.id)

            let (sealer, _) = try source.sealer()
            let sealed = try sealer.seal("token-abcdefghijk", tenantID: "t", name: "n")
            // Another process rotates the file: the running sealer seals with the new key and still opens the old value.
            let next = MasterKey.generate()
            try MasterKeySource.write(path, current: next, previous: try #require(first.keys.current.map { [$0] }))
            let resealed = try sealer.seal("token-abcdefghijk", tenantID: "t", name: "n")
            #expect(SecretSealer.keyID(of: resealed) == next.id)
            #expect(try sealer.open(sealed, tenantID: "t", name: "n") == "token-abcdefghijk")
            #expect(SecretSealer.keyID(of: sealed) == firstID)
        }
    }

    private func withTemporaryDirectorySync(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sauda-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }
}
