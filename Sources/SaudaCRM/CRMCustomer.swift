/// A customer as a CRM knows them.
public struct CRMCustomer: Sendable, Hashable {
    /// The record.
    public var ref: CRMRef
    /// The name, when the CRM has one.
    public var name: String?
    /// The phone numbers, in E.164 (`+77011234567`).
    public var phones: [String]
    /// The e-mail address, when known.
    public var email: String?

    /// Creates a customer.
    public init(ref: CRMRef, name: String? = nil, phones: [String] = [], email: String? = nil) {
        self.ref = ref
        self.name = name
        self.phones = phones
        self.email = email
    }
}
