/// A customer Sauda writes to a CRM: what the conversation learned of them.
public struct CustomerDraft: Sendable, Hashable {
    /// The name the customer gave, when they gave one.
    public var name: String?
    /// The phone number, E.164 (`+77011234567`).
    public var phone: String
    /// The e-mail address, when known.
    public var email: String?

    /// Creates a draft.
    public init(name: String? = nil, phone: String, email: String? = nil) {
        self.name = name
        self.phone = phone
        self.email = email
    }
}
