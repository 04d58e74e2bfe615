import Foundation

/// Files a test keeps after it ends (process logs, screenshots), in the folder named by `SAUDA_TEST_ARTIFACTS`
/// (`scripts/test.sh` sets `.build/test-artifacts`); nothing is kept when it is unset.
public enum TestArtifacts {
    /// The folder for one test's files, created on demand; nil when artefacts are not kept.
    public static func folder(_ name: String) -> URL? {
        guard let root = ProcessInfo.processInfo.environment["SAUDA_TEST_ARTIFACTS"], !root.isEmpty else { return nil }
        let folder = URL(fileURLWithPath: root).appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Copies the files of `directory` whose names end in one of `extensions` into the test's folder.
    public static func keep(from directory: URL, extensions: Set<String> = ["log"], as name: String) {
        guard let folder = folder(name),
              let files = try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        else { return }
        for file in files where extensions.contains(file.pathExtension) {
            let target = folder.appendingPathComponent(file.lastPathComponent)
            try? FileManager.default.removeItem(at: target)
            try? FileManager.default.copyItem(at: file, to: target)
        }
    }
}
