import Foundation
import Logging
import SaudaCRM
import SaudaCore
import SaudaStore
import ServiceLifecycle

/// Sends the CRM's outbox (`crm_syncs`) to each business's CRM (docs/crm/sync.md).
///
/// Each round leases the rows that are due, of businesses whose CRM connection is active, and writes them business by
/// business (the businesses side by side, each one's rows in order, each call spaced by the business's
/// ``ThrottledCRMAdapter``). A row the CRM took is marked synced at the version read; a failure postpones it with a
/// doubling wait, a rate limit postpones it by the CRM's own wait without using an attempt, a refusal or the last
/// attempt kills it with the reason, and credentials the CRM refuses turn the connection `failing` (the conversation
/// goes on; the lead stays in Sauda) until a check passes again. Several processes may run it: a row is leased to one.
public final class CRMSyncService: Service {
    let database: any Database
    let adapters: any CRMAdapterSource
    let options: CRMSyncOptions
    let owner: String
    let signal: WakeSignal?
    let clock: @Sendable () -> Date
    let intervalClock: AnyClock
    let logger: Logger

    /// Creates the sync.
    /// - Parameters:
    ///   - signal: woken when a lead changes in this process (other processes' changes wait for the interval).
    ///   - clock: the current moment (tests move it).
    ///   - intervalClock: the clock `run` waits on between rounds.
    public init(database: any Database, adapters: any CRMAdapterSource, options: CRMSyncOptions = CRMSyncOptions(),
                owner: String = "crm-sync-\(UUID().uuidString)", signal: WakeSignal? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }, intervalClock: some Clock<Duration> = ContinuousClock(),
                logger: Logger = Logger(label: "sauda.crm.sync")) {
        self.database = database
        self.adapters = adapters
        self.options = options
        self.owner = owner
        self.signal = signal
        self.clock = clock
        self.intervalClock = AnyClock(intervalClock)
        self.logger = logger
    }

    /// Runs rounds until the service group stops.
    public func run() async throws {
        while !Task.isCancelledOrShuttingDown {
            do {
                // A probe's trouble never holds up the businesses whose CRM works.
                do {
                    try await CRMConnectionProbe(database: database, adapters: adapters, options: options, logger: logger).run(now: clock())
                } catch {
                    logger.error("CRM connection checks failed", metadata: ["error": "\(error)"])
                }
                var round = try await runOnce(now: clock())
                // A full batch: more are due; go on without waiting.
                while round.synced + round.postponed + round.dead >= options.batch, !Task.isCancelled {
                    round = try await runOnce(now: clock())
                }
            } catch {
                logger.error("CRM sync round failed", metadata: ["error": "\(error)"])
            }
            if let signal {
                await signal.wait(timeout: options.interval)
            } else {
                try? await intervalClock.sleep(for: options.interval)
            }
        }
    }

    /// Writes every row due at `now` (one batch).
    @discardableResult
    public func runOnce(now: Date) async throws -> CRMSyncRound {
        let (batch, owner, lease) = (options.batch, owner, options.leaseDuration)
        // Most rounds find nothing: a read says so without taking the single writer of SQLite.
        guard try await database.read({ sql in try await CRMSyncRepository(sql).hasDue(now: now) }) else { return CRMSyncRound() }
        let rows = try await database.transaction { sql in
            try await CRMSyncRepository(sql).claim(limit: batch, owner: owner, leaseDuration: lease, now: now)
        }
        var byTenant: [String: [CRMSync]] = [:]
        for row in rows { byTenant[row.tenantID, default: []].append(row) }
        // Rows not begun by half the lease go back: another process may take them once the lease is over.
        let handBackAt = clock().addingTimeInterval(options.leaseDuration / 2)
        return await withTaskGroup(of: CRMSyncRound.self) { group in
            for (tenantID, rows) in byTenant {
                group.addTask { await self.sync(tenantID: tenantID, rows: rows, handBackAt: handBackAt) }
            }
            var total = CRMSyncRound()
            for await round in group { total = total + round }
            return total
        }
    }

    /// Failed rows in a row after which a business's batch stops (its CRM is down: the rest wait without calls).
    static let failuresBeforePause = 3

    /// Writes one business's rows in order; stops at the first that shows its connection needs a person, after a few
    /// failures in a row, and when the lease runs short.
    private func sync(tenantID: String, rows: [CRMSync], handBackAt: Date) async -> CRMSyncRound {
        var round = CRMSyncRound()
        let binding: CRMBinding
        do {
            guard let found = try await adapters.binding(tenantID: tenantID) else {
                // Removed or paused since the claim: the rows wait for it.
                for row in rows { await settle(row, .postpone(options.probeInterval, reason: "the CRM connection is not active", attempt: false, unknown: false), &round) }
                return round
            }
            binding = found
        } catch {
            await connectionFailed(tenantID: tenantID, reason: error.description)
            for row in rows { await settle(row, .postpone(options.probeInterval, reason: error.description, attempt: false, unknown: false), &round) }
            return round
        }
        var stopped: String?
        var failures = 0
        for row in rows {
            if let stopped {
                await settle(row, .postpone(options.probeInterval, reason: stopped, attempt: false, unknown: false), &round)
                continue
            }
            if failures >= Self.failuresBeforePause || clock() >= handBackAt {
                let reason = failures > 0 ? row.lastError ?? "the CRM failed for the rows before this one" : "handed back: the round ran long"
                await settle(row, .postpone(failures > 0 ? options.backoff(afterAttempts: 1) : 0, reason: reason, attempt: false,
                                            unknown: false), &round)
                continue
            }
            let outcome = await write(row, binding: binding)
            if case .postpone(_, _, true, _) = outcome { failures += 1 } else { failures = 0 }
            switch outcome {
            case .connectionFailed(let reason):
                stopped = reason
                await connectionFailed(tenantID: tenantID, reason: reason)
                await settle(row, .postpone(options.probeInterval, reason: reason, attempt: false, unknown: false), &round)
            case .rateLimited(let wait, let reason):
                // The CRM said to wait: the business's other rows wait as long, without a call that would be refused too.
                await settle(row, outcome, &round)
                for rest in rows.drop(while: { $0.id != row.id }).dropFirst() {
                    await settle(rest, .postpone(wait, reason: reason, attempt: false, unknown: false), &round)
                }
                return round
            default:
                await settle(row, outcome, &round)
            }
        }
        return round
    }

    /// What became of a row.
    enum Outcome: Sendable {
        case synced
        case postpone(TimeInterval, reason: String, attempt: Bool, unknown: Bool)
        case rateLimited(TimeInterval, reason: String)
        case dead(String)
        case connectionFailed(String)
    }

    private func write(_ row: CRMSync, binding: CRMBinding) async -> Outcome {
        guard row.subject == .lead else { return .dead("the CRM sync does not write a \(row.subject.rawValue)") }
        let snapshot: CRMLeadSnapshot?
        do {
            snapshot = try await database.read { sql in
                try await CRMLeadSnapshot.read(sql, tenantID: row.tenantID, leadID: row.subjectID, crmType: binding.type)
            }
        } catch {
            return .postpone(options.backoff(afterAttempts: row.attempts + 1), reason: "the lead could not be read: \(error)", attempt: true,
                             unknown: false)
        }
        // The lead (or its contact) was deleted meanwhile: nothing is left to write.
        guard let snapshot else { return .synced }
        do {
            try await CRMLeadWriter(database: database, binding: binding, now: clock).write(snapshot, retrying: row.outcomeUnknown || row.attempts > 0)
            return .synced
        } catch {
            return outcome(of: error, row: row)
        }
    }

    private func outcome(of error: CRMError, row: CRMSync) -> Outcome {
        switch error {
        case .rateLimited(let after, let reason):
            return .rateLimited(max(0.001, Double(after.totalNanoseconds) / 1e9), reason: reason)
        case .retryable(let reason, let unknown):
            let attempts = row.attempts + 1
            if attempts >= options.maxAttempts { return .dead("gave up after \(attempts) attempts: \(error.description)") }
            return .postpone(options.backoff(afterAttempts: attempts), reason: reason, attempt: true, unknown: unknown)
        case .refused, .unsupported:
            return .dead(error.description)
        case .notConfigured(let reason):
            return .connectionFailed(reason)
        }
    }

    private func settle(_ row: CRMSync, _ outcome: Outcome, _ round: inout CRMSyncRound) async {
        let (now, owner, probeInterval) = (clock(), owner, options.probeInterval)
        do {
            try await database.transaction { sql in
                let syncs = CRMSyncRepository(sql)
                switch outcome {
                case .synced:
                    try await syncs.markSynced(id: row.id, version: row.version, owner: owner, now: now)
                    // Recovered after failures: the business's other waiting rows need not sit out their backoff.
                    if row.attempts > 0 { try await syncs.wake(tenantID: row.tenantID, now: now) }
                case .postpone(let wait, let reason, let attempt, let unknown):
                    try await syncs.postpone(id: row.id, owner: owner, until: now.addingTimeInterval(wait), reason: reason, countsAttempt: attempt,
                                             outcomeUnknown: unknown, now: now)
                case .rateLimited(let wait, let reason):
                    try await syncs.postpone(id: row.id, owner: owner, until: now.addingTimeInterval(wait), reason: reason, countsAttempt: false,
                                             outcomeUnknown: false, now: now)
                case .dead(let reason):
                    try await syncs.kill(id: row.id, owner: owner, reason: reason, now: now)
                case .connectionFailed(let reason):
                    try await syncs.postpone(id: row.id, owner: owner, until: now.addingTimeInterval(probeInterval), reason: reason,
                                             countsAttempt: false, outcomeUnknown: false, now: now)
                }
            }
        } catch {
            // The lease runs out and the row is tried again.
            logger.error("CRM sync could not store a row's outcome", metadata: ["row": "\(row.id)", "error": "\(error)"])
            return
        }
        switch outcome {
        case .synced: round.synced += 1
        case .postpone, .rateLimited, .connectionFailed: round.postponed += 1
        case .dead(let reason):
            round.dead += 1
            logger.warning("CRM sync gave a record up", metadata: ["tenant": "\(row.tenantID)", "row": "\(row.id)", "reason": "\(reason)"])
        }
    }

    private func connectionFailed(tenantID: String, reason: String) async {
        logger.warning("CRM connection failing", metadata: ["tenant": "\(tenantID)", "reason": "\(reason)"])
        let now = clock()
        do {
            // Only an active connection: one an admin paused or changed meanwhile keeps what the admin chose.
            try await database.transaction { sql in
                try await CRMConnectionRepository(sql).markFailing(tenantID: tenantID, lastError: reason, now: now)
            }
        } catch {
            logger.error("CRM connection state could not be stored", metadata: ["tenant": "\(tenantID)", "error": "\(error)"])
        }
    }
}
