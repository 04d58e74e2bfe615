import Foundation

/// A booking a CRM made.
public struct BookingResult: Sendable, Hashable {
    /// The booking's record (YCLIENTS `record`, Bitrix24 `booking`).
    public var ref: CRMRef
    /// When it starts, as the CRM stored it.
    public var start: Date
    /// The customer's record the CRM made or used, when it says.
    public var customer: CRMRef?

    /// Creates a result.
    public init(ref: CRMRef, start: Date, customer: CRMRef? = nil) {
        self.ref = ref
        self.start = start
        self.customer = customer
    }
}
