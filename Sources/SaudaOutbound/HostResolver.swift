import SaudaCore

/// Turns a host name into its addresses for the ``OutboundFetcher``, which checks every one and connects to one of
/// them. ``SystemHostResolver`` asks the system (`getaddrinfo`); tests give fixed answers.
public protocol HostResolver: Sendable {
    /// Every address of a host name.
    /// - Throws: ``OutboundFetchError/hostNotFound(_:)`` for a name that does not exist,
    ///   ``OutboundFetchError/resolutionFailed(host:reason:)`` when the answer cannot be had now.
    func addresses(of host: String) async throws(OutboundFetchError) -> [IPAddress]
}
