/// Sauda's version, as `sauda --version` and the diagnostic reply state it.
public enum SaudaVersion {
    /// The version of this build.
    public static let current = "0.18.0"
}
