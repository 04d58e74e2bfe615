import Foundation
import SaudaCRM
import SaudaCRMSync
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Synchronization

/// The moment a test's sync sees; the test moves it.
final class TestNow: Sendable {
    private let moment: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_796_000_000)) { moment = Mutex(start) }

    var date: Date { moment.withLock { $0 } }

    func advance(_ seconds: TimeInterval) { moment.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// An adapter source that gives every business the same adapter (a simulator's), throttled on virtual time; `nil`
/// after ``remove()``.
final class FixedCRMAdapters: CRMAdapterSource {
    let type: CRMType
    private let adapter: Mutex<(any CRMAdapter)?>
    let limiter: CRMRateLimiter
    let clock: SkippingClock

    init(type: CRMType, adapter: any CRMAdapter, clock: SkippingClock = SkippingClock()) {
        self.type = type
        self.adapter = Mutex(adapter)
        self.clock = clock
        limiter = CRMRateLimiter(clock: clock)
    }

    func replace(with adapter: any CRMAdapter) { self.adapter.withLock { $0 = adapter } }

    func binding(tenantID: String) async throws(CRMError) -> CRMBinding? {
        guard let adapter = self.adapter.withLock({ $0 }) else { return nil }
        return CRMBinding(type: type, adapter: ThrottledCRMAdapter(adapter, account: tenantID, perSecond: CRMCallRate.perSecond(type),
                                                                   limiter: limiter))
    }
}

/// Contacts, leads and a CRM slot in a test database.
enum CRMSyncFixture {
    /// Gives the default business a CRM connection of `type` (settings only: the test's adapter source ignores them).
    static func connect(_ database: any Database, type: CRMType, now: Date) async throws {
        try await database.transaction { sql in
            try await CRMConnectionRepository(sql).save(CRMConnection(tenantID: Tenant.defaultID, type: type, baseURL: "https://crm.example.com",
                                                                      createdAt: now, updatedAt: now))
        }
    }

    /// A WhatsApp customer `number` with a lead for `need`; returns the lead's id.
    @discardableResult
    static func lead(_ database: any Database, number: Int, need: String = "EVA коврики", stage: LeadStage = .qualified, now: Date) async throws -> Int64 {
        let phone = "7701\(String(format: "%07d", number))"
        let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: phone)
        return try await database.transaction { sql in
            let contact = try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: phone, profile: ContactProfile(name: "Клиент \(number)"),
                                                                        initialStatus: .client, now: now)
            return try await LeadRepository(sql).upsert(key: key, contactID: contact.id,
                                                        capture: LeadCapture(stage: stage, name: "Клиент \(number)", need: need), now: now).id
        }
    }

    /// The default business's rows of the CRM's outbox.
    static func syncs(_ database: any Database) async throws -> [CRMSync] {
        try await database.read { sql in try await CRMSyncRepository(sql).list(tenantID: Tenant.defaultID, state: nil, limit: 10_000) }
    }
}
