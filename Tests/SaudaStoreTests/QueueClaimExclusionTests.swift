import Foundation
import SaudaCore
@testable import SaudaStore
import SaudaTestSupport
import Testing

/// A claim can leave some tenants' messages for later (the dispatcher's fair shares) and keeps partitions in order.
@Suite struct QueueClaimExclusionTests {
    let incoming = QueueLimits(name: "incoming_messages", timeToLive: 600, maxLength: 1_000)

    @Test(arguments: DatabaseKind.available)
    func aClaimLeavesExcludedTenantsAndKeepsOrder(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let now = Date()
            try await database.transaction { sql in
                try await QueueTable(sql).publish([
                    QueueItem(partitionKey: "a/1", tenantID: "a", payload: "a1"),
                    QueueItem(partitionKey: "a/1", tenantID: "a", payload: "a2"),
                    QueueItem(partitionKey: "n/1", tenantID: nil, payload: "n1"),
                    QueueItem(partitionKey: "b/1", tenantID: "b", payload: "b1"),
                    QueueItem(partitionKey: "c/1", tenantID: "c", payload: "c1"),
                    QueueItem(partitionKey: "b/1", tenantID: "b", payload: "b2"),
                ], to: incoming, now: now)
            }
            let first = try await database.transaction { sql in
                try await QueueTable(sql).claim(queue: incoming.name, limit: 10, owner: "w1", leaseDuration: 30, now: now,
                                                excludingTenants: ["a", "c"])
            }
            // Messages without a tenant are never left out.
            #expect(first.map(\.payload) == ["n1", "b1", "b2"])
            // Another consumer takes what was left; a leased earlier message still holds its partition back.
            let second = try await database.transaction { sql in
                try await QueueTable(sql).claim(queue: incoming.name, limit: 10, owner: "w2", leaseDuration: 30, now: now,
                                                excludingTenants: ["b"])
            }
            #expect(second.map(\.payload) == ["a1", "a2", "c1"])
        }
    }

    @Test(arguments: DatabaseKind.available)
    func anExcludedTenantsEarlierMessageStillHoldsItsPartitionBack(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let now = Date()
            try await database.transaction { sql in
                try await QueueTable(sql).publish([QueueItem(partitionKey: "a/1", tenantID: "a", payload: "a1")], to: incoming, now: now)
            }
            let leased = try await database.transaction { sql in
                try await QueueTable(sql).claim(queue: incoming.name, limit: 10, owner: "w1", leaseDuration: 30, now: now)
            }
            #expect(leased.map(\.payload) == ["a1"])
            try await database.transaction { sql in
                try await QueueTable(sql).publish([QueueItem(partitionKey: "a/1", tenantID: "a", payload: "a2")], to: incoming, now: now)
            }
            // Another consumer that excludes nobody still must not overtake w1's lease.
            let other = try await database.transaction { sql in
                try await QueueTable(sql).claim(queue: incoming.name, limit: 10, owner: "w2", leaseDuration: 30, now: now,
                                                excludingTenants: ["z"])
            }
            #expect(other.isEmpty)
        }
    }

    /// The exclusion is a test of the row: SQLite still walks the queue by id without sorting.
    @Test func sqliteClaimWithExclusionsStillWalksByID() async throws {
        try await withTestDatabase(.sqlite) { database in
            let now = Date()
            let plan = try await database.read { sql in
                try await sql.query("EXPLAIN QUERY PLAN " + QueueTable.claimCandidates(limit: 10, excludingTenants: 2),
                                    [.text("incoming_messages"), .text("a"), .text("b"), .date(now), .date(now), .date(now),
                                     .date(now), .date(now), .text("me")])
            }
            let steps = plan.map { $0.optionalString("detail") ?? "" }
            #expect(steps.contains { $0.contains("idx_queue_order") }, "\(steps)")
            #expect(!steps.contains { $0.contains("TEMP B-TREE") }, "\(steps)")
            #expect(steps.contains { $0.contains("idx_queue_partition_order") }, "\(steps)")
        }
    }
}
