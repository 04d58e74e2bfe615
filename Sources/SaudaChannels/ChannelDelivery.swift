import SaudaCore

/// A failed delivery to a channel.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    /// Reason for logs and the message log.
    public var message: String
    /// Whether another attempt may succeed.
    public var retryable: Bool

    /// Creates an error.
    public init(_ message: String, retryable: Bool) {
        self.message = message
        self.retryable = retryable
    }

    /// The reason.
    public var description: String { message }
}

/// Sends replies out through one channel (Wappi, Telegram, web chat).
/// What a channel reports for a delivered message.
public struct DeliveryReceipt: Sendable, Hashable {
    /// `sent`, `delivered`, …
    public var status: String
    /// The provider's id of the sent message (for its later delivery statuses).
    public var providerMessageID: String?

    /// Creates a receipt.
    public init(status: String, providerMessageID: String? = nil) {
        self.status = status
        self.providerMessageID = providerMessageID
    }
}

public protocol ChannelDelivery: Sendable {
    /// The channel served.
    var channel: Channel { get }
    /// Sends one reply.
    /// - Returns: the provider status to record (`sent`, `delivered`).
    func deliver(_ message: OutgoingMessagePayload) async throws(DeliveryError) -> DeliveryReceipt
    /// Called after the delivery was recorded (committed); for pushing it to live viewers.
    func didRecord(_ message: OutgoingMessagePayload, status: String)
}
