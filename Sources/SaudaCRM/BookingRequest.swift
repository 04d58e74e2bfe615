/// A booking Sauda asks of a CRM: the slot the customer chose, who they are, and what the conversation said.
public struct BookingRequest: Sendable, Hashable {
    /// The slot, as ``CRMAdapter/findSlots(_:)`` offered it.
    public var slot: BookingSlot
    /// The customer.
    public var customer: CustomerDraft
    /// The customer's record, when the sync already wrote it.
    public var customerRef: CRMRef?
    /// A comment for the business: what the customer wants, from which channel.
    public var comment: String

    /// Creates a request.
    public init(slot: BookingSlot, customer: CustomerDraft, customerRef: CRMRef? = nil, comment: String = "") {
        self.slot = slot
        self.customer = customer
        self.customerRef = customerRef
        self.comment = comment
    }
}
