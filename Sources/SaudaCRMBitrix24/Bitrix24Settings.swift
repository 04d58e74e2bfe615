import SaudaCRM

/// A business's Bitrix24 portal, reached through an inbound webhook: `https://<portal>/rest/<user id>/<code>/` (the
/// code is a secret: it is stored sealed and never logged whole).
public struct Bitrix24Settings: Sendable, Hashable {
    /// The inbound webhook's address, ending in `/`.
    public var webhookURL: String

    /// Creates settings.
    public init(webhookURL: String) {
        self.webhookURL = webhookURL.hasSuffix("/") ? webhookURL : webhookURL + "/"
    }

    /// The portal's address with the webhook's code hidden, for logs and the console.
    public var maskedURL: String {
        var parts = webhookURL.split(separator: "/", omittingEmptySubsequences: false)
        // https: / "" / portal / rest / user / code / ""
        if parts.count >= 6 { parts[5] = "…" }
        return parts.joined(separator: "/")
    }
}
