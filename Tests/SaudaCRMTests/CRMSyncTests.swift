import AsyncHTTPClient
import Foundation
import Logging
import SaudaCRM
import SaudaCRMAirtable
import SaudaCRMBitrix24
import SaudaCRMSync
import SaudaCore
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// The CRM sync over real sockets against the simulators: leads written once and updated in place, an outage, a lost
/// answer, a rate-limit storm, refused credentials and a dead letter. Time is the test's: the sync's moment is moved by
/// hand and the rate limiter's waits are virtual.
@Suite struct CRMSyncTests {
    let base = AirtableHarness.base
    let table = AirtableHarness.table

    func service(_ database: any Database, _ adapters: FixedCRMAdapters, _ now: TestNow, batch: Int = 50) -> CRMSyncService {
        CRMSyncService(database: database, adapters: adapters, options: CRMSyncOptions(batch: batch), owner: "test",
                       clock: { now.date }, logger: Logger(label: "test"))
    }

    /// Runs rounds, `step` seconds apart, until nothing waits (or `limit` rounds).
    @discardableResult
    func drain(_ sync: CRMSyncService, _ database: any Database, _ now: TestNow, step: TimeInterval = 5, limit: Int = 400) async throws -> Int {
        for round in 1...limit {
            try await sync.runOnce(now: now.date)
            let waiting = try await CRMSyncFixture.syncs(database).filter { $0.state == "pending" }
            if waiting.isEmpty { return round }
            now.advance(step)
        }
        Issue.record("rows still pending after \(limit) rounds")
        return limit
    }

    @Test func aLeadIsOneRowUpdatedInPlaceWithOneNote() async throws {
        let simulator = AirtableSimulator(tables: [base: [table: .init()]])
        try await AirtableHarness.run(simulator) { adapter, _ in
            try await withTestDatabase(.sqlite) { database in
                let now = TestNow()
                try await CRMSyncFixture.connect(database, type: .airtable, now: now.date)
                let leadID = try await CRMSyncFixture.lead(database, number: 1, now: now.date)
                let sync = service(database, FixedCRMAdapters(type: .airtable, adapter: adapter), now)
                #expect(try await sync.runOnce(now: now.date).synced == 1)
                var rows = simulator.records(base: base, table: table)
                #expect(rows.count == 1)
                #expect(rows.first?.fields["Status"]?.stringValue == "qualified")
                #expect(rows.first?.fields["Phone"]?.stringValue == "+77010000001")
                // The customer changes their mind: the same row is updated, and the note is not written again.
                now.advance(60)
                _ = try await database.transaction { sql in
                    try await LeadRepository(sql).setStage(tenantID: Tenant.defaultID, id: leadID, stage: .won, now: now.date)
                }
                #expect(try await sync.runOnce(now: now.date).synced == 1)
                rows = simulator.records(base: base, table: table)
                #expect(rows.count == 1)
                #expect(rows.first?.fields["Status"]?.stringValue == "won")
                let notes = rows.first?.fields["Notes"]?.stringValue ?? ""
                #expect(notes.components(separatedBy: ":note:").count == 2, "one note: \(notes)")
                let links = try await database.read { sql in
                    let lead = try await LeadRepository(sql).find(tenantID: Tenant.defaultID, id: leadID)
                    return try await CRMLinkRepository(sql).forContact(tenantID: Tenant.defaultID, contactID: lead?.contactID ?? 0)
                }
                #expect(Set(links.map(\.subject)) == [.lead, .note])
                let state = try await CRMSyncFixture.syncs(database)
                #expect(state.map(\.state) == ["synced"] && state.first?.version == 2 && state.first?.syncedVersion == 2)
            }
        }
    }

    @Test func aCRMDownForTwoMinutesDuringAHundredLeadsGetsEachExactlyOnce() async throws {
        let simulator = AirtableSimulator(tables: [base: [table: .init()]], requestsPerSecond: 100_000)
        try await AirtableHarness.run(simulator) { adapter, _ in
            try await withTestDatabase(.sqlite) { database in
                let now = TestNow()
                try await CRMSyncFixture.connect(database, type: .airtable, now: now.date)
                simulator.failNext(1_000_000, status: 503)
                let sync = service(database, FixedCRMAdapters(type: .airtable, adapter: adapter), now)
                // A hundred conversations' leads arrive while the CRM is down, over its two minutes.
                for number in 1...100 {
                    try await CRMSyncFixture.lead(database, number: number, now: now.date)
                    if number % 10 == 0 {
                        try await sync.runOnce(now: now.date)
                        now.advance(12)
                    }
                }
                let during = try await CRMSyncFixture.syncs(database)
                #expect(during.count == 100 && during.allSatisfy { $0.state == "pending" })
                #expect(simulator.records(base: base, table: table).isEmpty)
                simulator.clearFailures()
                let rounds = try await drain(sync, database, now)
                let rows = simulator.records(base: base, table: table)
                let keys = rows.compactMap { $0.fields["Sauda ID"]?.stringValue }
                #expect(rows.count == 100 && Set(keys).count == 100, "\(rows.count) rows after \(rounds) rounds")
                #expect(try await CRMSyncFixture.syncs(database).allSatisfy { $0.state == "synced" })
            }
        }
    }

    @Test func aLeadWhoseAnswerWasLostIsFoundAgainNotMadeTwice() async throws {
        let simulator = Bitrix24Simulator(clock: ManualClock())
        try await SimulatorServer.withServer(simulator.router()) { port in
            let adapter = Bitrix24Adapter(settings: Bitrix24Settings(webhookURL: "http://127.0.0.1:\(port)/rest/1/sim-code"), httpClient: .shared,
                                          timeout: .seconds(10))
            try await withTestDatabase(.sqlite) { database in
                let now = TestNow()
                try await CRMSyncFixture.connect(database, type: .bitrix24, now: now.date)
                try await CRMSyncFixture.lead(database, number: 7, now: now.date)
                let sync = service(database, FixedCRMAdapters(type: .bitrix24, adapter: adapter), now)
                // The first write (the contact) is applied and its answer lost.
                simulator.dropNextWrite()
                _ = try await sync.runOnce(now: now.date)
                var rows = try await CRMSyncFixture.syncs(database)
                #expect(rows.first?.state == "pending" && rows.first?.outcomeUnknown == true, "\(rows)")
                try await drain(sync, database, now)
                #expect(simulator.leads.count == 1)
                #expect(simulator.contacts.count == 1)
                #expect(simulator.comments.count == 1)
                rows = try await CRMSyncFixture.syncs(database)
                #expect(rows.first?.state == "synced")
            }
        }
    }

    @Test func aRateLimitStormIsWaitedOutAndLosesNothing() async throws {
        let crmClock = ManualClock()
        let simulator = AirtableSimulator(tables: [base: [table: .init()]], requestsPerSecond: 5, lockout: .seconds(30), clock: crmClock)
        try await AirtableHarness.run(simulator) { adapter, _ in
            try await withTestDatabase(.sqlite) { database in
                let now = TestNow()
                try await CRMSyncFixture.connect(database, type: .airtable, now: now.date)
                for number in 1...10 { try await CRMSyncFixture.lead(database, number: number, now: now.date) }
                let sync = service(database, FixedCRMAdapters(type: .airtable, adapter: adapter), now)
                var rounds = 0
                while try await CRMSyncFixture.syncs(database).contains(where: { $0.state == "pending" }), rounds < 100 {
                    rounds += 1
                    try await sync.runOnce(now: now.date)
                    // Nothing moves until the CRM's window and its lockout are over.
                    now.advance(31)
                    crmClock.advance(by: .seconds(31))
                }
                let rows = simulator.records(base: base, table: table)
                #expect(rows.count == 10 && Set(rows.compactMap { $0.fields["Sauda ID"]?.stringValue }).count == 10)
                // One refused call a round at most: the business's other rows wait without calling.
                #expect(simulator.rateLimitedCount <= rounds, "\(simulator.rateLimitedCount) refusals in \(rounds) rounds")
                #expect(try await CRMSyncFixture.syncs(database).allSatisfy { $0.attempts == 0 && $0.deadAt == nil })
            }
        }
    }

    @Test func refusedCredentialsTurnTheConnectionFailingUntilACheckPasses() async throws {
        let simulator = AirtableSimulator(tables: [base: [table: .init()]])
        try await AirtableHarness.run(simulator, token: "revoked") { revoked, port in
            try await withTestDatabase(.sqlite) { database in
                let now = TestNow()
                try await CRMSyncFixture.connect(database, type: .airtable, now: now.date)
                try await CRMSyncFixture.lead(database, number: 3, now: now.date)
                let adapters = FixedCRMAdapters(type: .airtable, adapter: revoked)
                let sync = service(database, adapters, now)
                #expect(try await sync.runOnce(now: now.date).postponed == 1)
                let failing = try await database.read { sql in try await CRMConnectionRepository(sql).find(tenantID: Tenant.defaultID) }
                #expect(failing?.state == .failing && failing?.lastError?.contains("AUTHENTICATION_REQUIRED") == true, "\(String(describing: failing))")
                // Nothing is claimed while the connection fails, and nothing is lost.
                now.advance(10)
                #expect(try await sync.runOnce(now: now.date) == CRMSyncRound())
                // The owner puts the token right in Airtable; the next check finds it good and the lead goes.
                let good = AirtableAdapter(settings: AirtableSettings(baseURL: "http://127.0.0.1:\(port)/v0", baseID: base, table: table),
                                           token: "sim-token")
                adapters.replace(with: good)
                now.advance(CRMSyncOptions().probeInterval + 1)
                try await CRMConnectionProbe(database: database, adapters: adapters, options: CRMSyncOptions(), logger: Logger(label: "test"))
                    .run(now: now.date)
                #expect(try await sync.runOnce(now: now.date).synced == 1)
                #expect(simulator.records(base: base, table: table).count == 1)
            }
        }
    }

    @Test func aRefusedLeadIsDeadWithItsReasonUntilRetried() async throws {
        let simulator = AirtableSimulator(tables: [base: [table: .init()]])
        try await AirtableHarness.run(simulator) { adapter, _ in
            try await withTestDatabase(.sqlite) { database in
                let now = TestNow()
                try await CRMSyncFixture.connect(database, type: .airtable, now: now.date)
                try await CRMSyncFixture.lead(database, number: 4, now: now.date)
                simulator.failNext(1, status: 422)
                let sync = service(database, FixedCRMAdapters(type: .airtable, adapter: adapter), now)
                #expect(try await sync.runOnce(now: now.date).dead == 1)
                let dead = try await CRMSyncFixture.syncs(database)
                #expect(dead.first?.state == "dead" && dead.first?.lastError?.contains("invalid_input") == true, "\(dead)")
                now.advance(3_600)
                #expect(try await sync.runOnce(now: now.date) == CRMSyncRound())
                let retried = try await database.transaction { sql in
                    try await CRMSyncRepository(sql).retry(tenantID: Tenant.defaultID, id: dead.first?.id ?? 0, now: now.date)
                }
                #expect(retried?.state == "pending")
                #expect(try await sync.runOnce(now: now.date).synced == 1)
                #expect(simulator.records(base: base, table: table).count == 1)
            }
        }
    }
}
