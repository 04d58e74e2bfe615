/// One CRM, as Sauda uses it. An adapter owns all of its CRM's JSON, limits and quirks (each in a module of its own,
/// `SaudaCRM<Name>`, below this one); the sync and the agent's tools see only this protocol.
///
/// Every write takes an ``IdempotencyKey``: an adapter writes it into the record where its CRM keeps such a field,
/// and ``reconcile(_:)`` finds the record by it after an answer was lost. Errors are ``CRMError``'s four kinds.
public protocol CRMAdapter: Sendable {
    /// What this adapter can do.
    var capabilities: Set<CRMCapability> { get }

    /// A cheap authenticated call: whether the credentials open the account, and what it is.
    func checkConnection() async throws(CRMError) -> CRMAccountInfo

    /// The customer with this phone (E.164), re-verified against the record's own phones; `nil` when there is none.
    func findCustomer(phone: String) async throws(CRMError) -> CRMCustomer?

    /// Creates the customer, or updates the one written earlier with the same key (or the same phone).
    func upsertCustomer(_ customer: CustomerDraft, key: IdempotencyKey) async throws(CRMError) -> CRMRef

    /// Creates the lead, or updates the one written earlier with the same key.
    /// - Parameter customer: the customer's record, when the CRM links leads to customers.
    func upsertLead(_ lead: LeadDraft, customer: CRMRef?, key: IdempotencyKey) async throws(CRMError) -> CRMRef

    /// Adds a note (a comment) to a record.
    func addNote(_ text: String, to record: CRMRef, key: IdempotencyKey) async throws(CRMError) -> CRMRef

    /// The record an earlier write with this key made, if it was made (after a lost answer); `nil` when it was not.
    func reconcile(_ key: IdempotencyKey) async throws(CRMError) -> CRMRef?
}

extension CRMAdapter {
    /// Not supported unless the adapter says otherwise.
    public func findCustomer(phone: String) async throws(CRMError) -> CRMCustomer? { throw .unsupported(.findCustomer) }

    /// Not supported unless the adapter says otherwise.
    public func upsertCustomer(_ customer: CustomerDraft, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        throw .unsupported(.upsertCustomer)
    }

    /// Not supported unless the adapter says otherwise.
    public func addNote(_ text: String, to record: CRMRef, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        throw .unsupported(.addNote)
    }
}
