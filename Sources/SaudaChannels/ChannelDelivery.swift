import SaudaCore

/// A failed delivery to a channel.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    /// Reason for logs and the message log.
    public var message: String
    /// Whether another attempt may succeed.
    public var retryable: Bool
    /// Set when the channel's rate limit is reached or the channel is down: deliver again after this, without
    /// counting an attempt.
    public var postponeFor: Duration?
    /// Why the delivery is postponed (`send_limit`, `rate_limited`, `outage`), for metrics.
    public var postponeReason: String
    /// Set when the channel refuses every message to the recipient (they blocked the bot): the reply is dead-lettered,
    /// the contact marked unreachable and its follow-ups ended.
    public var recipientUnreachable: Bool

    /// Creates an error.
    public init(_ message: String, retryable: Bool, postponeFor: Duration? = nil, postponeReason: String = "rate_limited",
                recipientUnreachable: Bool = false) {
        self.message = message
        self.retryable = retryable
        self.postponeFor = postponeFor
        self.postponeReason = postponeReason
        self.recipientUnreachable = recipientUnreachable
    }

    /// The reason.
    public var description: String { message }
}

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

/// Sends replies out through one channel (Wappi, Telegram, web chat).
public protocol ChannelDelivery: Sendable {
    /// The channel served.
    var channel: Channel { get }
    /// Sends one reply.
    /// - Returns: the provider status to record (`sent`, `delivered`) and the provider's message id.
    func deliver(_ message: OutgoingMessagePayload) async throws(DeliveryError) -> DeliveryReceipt
    /// Called after the delivery was recorded (committed); for pushing it to live viewers.
    func didRecord(_ message: OutgoingMessagePayload, status: String)
    /// The channel connection (the business's number) a reply of `tenantID` naming `connection` leaves from now:
    /// the named one, or the business's default when the reply names none. The sender keeps one lane per number, so a
    /// chat's replies stay in one lane, in order, whether or not each names its number.
    func sendingConnection(tenantID: String, named connection: String?) -> String?
}

extension ChannelDelivery {
    /// The named connection: a channel without connections sends every reply the same way.
    public func sendingConnection(tenantID: String, named connection: String?) -> String? { connection }
}
