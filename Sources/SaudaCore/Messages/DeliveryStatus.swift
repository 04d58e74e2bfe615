/// A message's delivery status as a channel reports it (stored as its raw value in `message_logs` and `messages`).
public enum DeliveryStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// The channel took the message.
    case sent
    /// The message reached the customer's device.
    case delivered
    /// The customer opened it.
    case read
    /// The customer played a voice message.
    case played
    /// The channel could not deliver it.
    case failed

    /// The statuses of a message that reached its channel: counted as sent, shown in the web chat, never sent again.
    public static let reachedChannel: Set<DeliveryStatus> = [.sent, .delivered, .read]

    /// The raw values of ``reachedChannel`` in declaration order, for queries over the stored column.
    public static let reachedChannelValues: [String] = allCases.filter(reachedChannel.contains).map(\.rawValue)

    /// Whether a stored status (raw value) says the message reached its channel.
    public static func hasReachedChannel(_ stored: String?) -> Bool {
        guard let stored, let status = DeliveryStatus(rawValue: stored) else { return false }
        return reachedChannel.contains(status)
    }
}
