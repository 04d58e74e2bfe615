/// A stable key of one write Sauda asks of a CRM (`<tenant>:<conversation>:<operation>:<n>`): stored with the write
/// before it is sent and written into the CRM's record where the CRM keeps such a field (Airtable's merge field,
/// Bitrix24's `ORIGIN_ID`, YCLIENTS's `api_id`), so that a write whose answer was lost is found again instead of made
/// twice.
public struct IdempotencyKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The key.
    public var value: String

    /// Creates a key from its text.
    public init(_ value: String) {
        self.value = value
    }

    /// The key of a business's conversation's operation: `tenant:conversation:operation:n`.
    public init(tenantID: String, conversation: String, operation: String, number: Int = 1) {
        self.value = "\(tenantID):\(conversation):\(operation):\(number)"
    }

    /// The key.
    public var description: String { value }
}
