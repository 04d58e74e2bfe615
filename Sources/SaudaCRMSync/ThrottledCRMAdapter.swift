import SaudaCRM
import SaudaCore

/// An adapter whose every call first waits for its account's turn (``CRMRateLimiter``), and whose CRM's request to wait
/// (``CRMError/rateLimited(after:reason:)``) holds back the account's other callers too. The sync and the agent's tools
/// share one limiter, so together they stay under the CRM's limit.
public struct ThrottledCRMAdapter: CRMAdapter {
    /// The adapter called.
    public let base: any CRMAdapter
    /// The account the limit counts (the business).
    public let account: String
    /// Calls a second.
    public let perSecond: Double
    let limiter: CRMRateLimiter

    /// Wraps `base`, counting its calls against `account` at `perSecond`.
    public init(_ base: any CRMAdapter, account: String, perSecond: Double, limiter: CRMRateLimiter) {
        self.base = base
        self.account = account
        self.perSecond = perSecond
        self.limiter = limiter
    }

    public var capabilities: Set<CRMCapability> { base.capabilities }

    public var keepsCustomersApart: Bool { base.keepsCustomersApart }

    public var writesSummaryAsNote: Bool { base.writesSummaryAsNote }

    private func turn<T>(_ call: () async throws(CRMError) -> T) async throws(CRMError) -> T {
        do {
            try await limiter.acquire(account, perSecond: perSecond)
        } catch {
            throw .retryable(reason: "stopped while waiting for the CRM's rate limit", outcomeUnknown: false)
        }
        do {
            return try await call()
        } catch {
            if case .rateLimited(let after, _) = error { limiter.pause(account, for: after) }
            throw error
        }
    }

    public func checkConnection() async throws(CRMError) -> CRMAccountInfo {
        try await turn { () async throws(CRMError) in try await base.checkConnection() }
    }

    public func findCustomer(phone: String) async throws(CRMError) -> CRMCustomer? {
        try await turn { () async throws(CRMError) in try await base.findCustomer(phone: phone) }
    }

    public func upsertCustomer(_ customer: CustomerDraft, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        try await turn { () async throws(CRMError) in try await base.upsertCustomer(customer, key: key) }
    }

    public func upsertLead(_ lead: LeadDraft, customer: CRMRef?, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        try await turn { () async throws(CRMError) in try await base.upsertLead(lead, customer: customer, key: key) }
    }

    public func addNote(_ text: String, to record: CRMRef, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        try await turn { () async throws(CRMError) in try await base.addNote(text, to: record, key: key) }
    }

    public func reconcile(_ key: IdempotencyKey) async throws(CRMError) -> CRMRef? {
        try await turn { () async throws(CRMError) in try await base.reconcile(key) }
    }

    public func listServices() async throws(CRMError) -> [BookableService] {
        try await turn { () async throws(CRMError) in try await base.listServices() }
    }

    public func listStaff(serviceID: String?) async throws(CRMError) -> [StaffMember] {
        try await turn { () async throws(CRMError) in try await base.listStaff(serviceID: serviceID) }
    }

    public func findSlots(_ query: SlotQuery) async throws(CRMError) -> [BookingSlot] {
        try await turn { () async throws(CRMError) in try await base.findSlots(query) }
    }

    public func book(_ request: BookingRequest, key: IdempotencyKey) async throws(CRMError) -> BookingResult {
        try await turn { () async throws(CRMError) in try await base.book(request, key: key) }
    }

    public func cancelBooking(_ booking: CRMRef, key: IdempotencyKey) async throws(CRMError) {
        try await turn { () async throws(CRMError) in try await base.cancelBooking(booking, key: key) }
    }

    /// Reading a webhook calls nothing by itself; an adapter that re-reads the record counts against the limit only
    /// through its own calls.
    public func parseWebhook(_ request: CRMWebhookRequest) async throws(CRMError) -> [CRMEvent] {
        try await base.parseWebhook(request)
    }
}
