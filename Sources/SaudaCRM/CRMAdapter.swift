/// One CRM, as Sauda uses it. An adapter owns all of its CRM's JSON, limits and quirks (each in a module of its own,
/// `SaudaCRM<Name>`, below this one); the sync and the agent's tools see only this protocol.
///
/// Every write takes an ``IdempotencyKey``: an adapter writes it into the record where its CRM keeps such a field,
/// and ``reconcile(_:)`` finds the record by it after an answer was lost. Errors are ``CRMError``'s four kinds.
public protocol CRMAdapter: Sendable {
    /// What this adapter can do.
    var capabilities: Set<CRMCapability> { get }

    /// Whether the CRM keeps customers as records of their own that leads point to (Bitrix24's contacts, amoCRM's
    /// contacts, YCLIENTS's clients), so the sync writes the customer before the lead; `false` where a lead's record
    /// carries its customer (an Airtable row). `true` unless the adapter says otherwise.
    var keepsCustomersApart: Bool { get }

    /// Whether ``upsertLead(_:customer:key:)`` writes a new lead's summary as a note of its own (amoCRM, whose leads have
    /// no comments field), so the sync adds no second note. `false` unless the adapter says otherwise.
    var writesSummaryAsNote: Bool { get }

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

    /// The services that can be booked.
    func listServices() async throws(CRMError) -> [BookableService]

    /// The staff a booking can be with (for a service, when given).
    func listStaff(serviceID: String?) async throws(CRMError) -> [StaffMember]

    /// Free slots, earliest first, at most `query.limit`.
    func findSlots(_ query: SlotQuery) async throws(CRMError) -> [BookingSlot]

    /// Books the slot, checking first that it is still free: a slot taken meanwhile is
    /// ``CRMError/refused(_:reason:)`` `.slotUnavailable`. The key is written into the booking where the CRM keeps one
    /// (YCLIENTS `api_id`), so ``reconcile(_:)`` finds a booking whose answer was lost.
    func book(_ request: BookingRequest, key: IdempotencyKey) async throws(CRMError) -> BookingResult

    /// Cancels a booking; cancelling one already cancelled (or deleted) succeeds.
    func cancelBooking(_ booking: CRMRef, key: IdempotencyKey) async throws(CRMError)

    /// Verifies a webhook the CRM sent and reads its events; a request that does not verify is
    /// ``CRMError/refused(_:reason:)`` `.accessDenied`, one that names nothing Sauda keeps is `[]`.
    func parseWebhook(_ request: CRMWebhookRequest) async throws(CRMError) -> [CRMEvent]
}

extension CRMAdapter {
    /// Customers are records of their own unless the adapter says otherwise.
    public var keepsCustomersApart: Bool { true }

    /// A lead's summary goes where the adapter puts it with the lead, and notes are the caller's, unless it says otherwise.
    public var writesSummaryAsNote: Bool { false }

    /// Not supported unless the adapter says otherwise.
    public func findCustomer(phone: String) async throws(CRMError) -> CRMCustomer? { throw .unsupported(.findCustomer) }

    /// Not supported unless the adapter says otherwise.
    public func upsertCustomer(_ customer: CustomerDraft, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        throw .unsupported(.upsertCustomer)
    }

    /// Not supported unless the adapter says otherwise.
    public func listServices() async throws(CRMError) -> [BookableService] { throw .unsupported(.listServices) }

    /// Not supported unless the adapter says otherwise.
    public func listStaff(serviceID: String?) async throws(CRMError) -> [StaffMember] { throw .unsupported(.listStaff) }

    /// Not supported unless the adapter says otherwise.
    public func findSlots(_ query: SlotQuery) async throws(CRMError) -> [BookingSlot] { throw .unsupported(.findSlots) }

    /// Not supported unless the adapter says otherwise.
    public func book(_ request: BookingRequest, key: IdempotencyKey) async throws(CRMError) -> BookingResult {
        throw .unsupported(.book)
    }

    /// Not supported unless the adapter says otherwise.
    public func cancelBooking(_ booking: CRMRef, key: IdempotencyKey) async throws(CRMError) { throw .unsupported(.cancelBooking) }

    /// Not supported unless the adapter says otherwise.
    public func parseWebhook(_ request: CRMWebhookRequest) async throws(CRMError) -> [CRMEvent] { throw .unsupported(.receiveEvents) }

    /// Not supported unless the adapter says otherwise.
    public func addNote(_ text: String, to record: CRMRef, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        throw .unsupported(.addNote)
    }
}
