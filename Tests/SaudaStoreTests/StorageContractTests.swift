import Foundation
import SaudaCore
@testable import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// One suite, every engine: SQLite always, PostgreSQL when the test script started one.
@Suite struct StorageContractTests {
    let incoming = QueueLimits(name: "incoming_messages", timeToLive: 60, maxLength: 3)
    let now = Date()

    @Test(arguments: DatabaseKind.available)
    func migrationsAreIdempotentAndCreateTheDefaultTenant(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let again = try await Migrator(database: database, logger: testLogger).migrate()
            #expect(again.isEmpty)
            #expect(try await Migrator(database: database, logger: testLogger).ensureDefaultTenant(name: "x", timeZone: "UTC") == false)
            let whitelisted = try await database.read { sql in
                try await TenantRepository(sql).isWhitelisted(tenantID: Tenant.defaultID, phoneNumber: "77752837306")
            }
            #expect(whitelisted)
            for table in ["message_logs", "whitelist", "contacts", "messages", "follow_ups", "scheduled_calls", "outbox",
                          "queue_messages", "queue_dead_letters", "tenants"] {
                _ = try await database.read { sql in try await sql.query("SELECT COUNT(*) AS n FROM \(table)") }
            }
            // The message path's reads (on SQLite on the writer's connection) see the same.
            let tenants = try await database.readOnWriter { sql in try await sql.query("SELECT id FROM tenants") }
            #expect(tenants.compactMap { $0.optionalString("id") } == [Tenant.defaultID])
        }
    }

    @Test(arguments: DatabaseKind.available)
    func queueDeliversInOrderAndAcknowledges(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let now = Date()
            try await database.transaction { sql in
                try await QueueTable(sql).publish([QueueItem(partitionKey: "a", tenantID: "default", payload: "1"),
                                                   QueueItem(partitionKey: "b", tenantID: "default", payload: "2"),
                                                   QueueItem(partitionKey: "a", tenantID: "default", payload: "3")],
                                                  to: incoming, now: now)
            }
            let claimed = try await database.transaction { sql in
                try await QueueTable(sql).claim(queue: incoming.name, limit: 10, owner: "w1", leaseDuration: 30, now: now)
            }
            #expect(claimed.map(\.payload) == ["1", "2", "3"])
            #expect(claimed.allSatisfy { $0.attempts == 1 })
            let none = try await database.transaction { sql in
                try await QueueTable(sql).claim(queue: incoming.name, limit: 10, owner: "w2", leaseDuration: 30, now: now)
            }
            #expect(none.isEmpty)
            try await database.transaction { sql in try await QueueTable(sql).ack(claimed.map(\.id)) }
            #expect(try await database.read { sql in try await QueueTable(sql).depth(incoming.name) } == 0)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func claimsOnADeepQueueKeepEveryConversationInOrder(kind: DatabaseKind) async throws {
        let deep = QueueLimits(name: "incoming_messages", timeToLive: 600, maxLength: 10_000)
        try await withTestDatabase(kind) { database in
            let now = Date()
            // 3,000 messages of 100 conversations: message i belongs to conversation i % 100.
            let items = (0..<3_000).map { QueueItem(partitionKey: "c\($0 % 100)", tenantID: "default", payload: "\($0)") }
            try await database.transaction { sql in try await QueueTable(sql).publish(items, to: deep, now: now) }
            func claim(_ limit: Int, by owner: String) async throws -> [String] {
                try await database.transaction { sql in
                    try await QueueTable(sql).claim(queue: deep.name, limit: limit, owner: owner, leaseDuration: 30, now: now)
                }.map(\.payload)
            }
            // Another consumer holds the first message of conversations 0–49: their later messages wait.
            #expect(try await claim(50, by: "other") == (0..<50).map(String.init))
            #expect(try await claim(10, by: "me") == (50..<60).map(String.init))
            // 100–149 belong to the other consumer's conversations; 150–169 follow messages "me" holds itself.
            #expect(try await claim(60, by: "me") == ((60..<100).map(String.init) + (150..<170).map(String.init)))
        }
    }

    /// A claim walks the queue in id order and stops at its limit. The index it used before (by time of availability)
    /// made SQLite read and sort every waiting message on each claim: 0.4 s per claim with 20,000 waiting.
    @Test func sqliteClaimWalksTheQueueByIDWithoutSorting() async throws {
        try await withTestDatabase(.sqlite) { database in
            let now = Date()
            let plan = try await database.read { sql in
                try await sql.query("EXPLAIN QUERY PLAN " + QueueTable.claimCandidates(limit: 10),
                                    [.text("incoming_messages"), .date(now), .date(now), .date(now), .date(now), .date(now), .text("me")])
            }
            let steps = plan.map { $0.optionalString("detail") ?? "" }
            #expect(steps.contains { $0.contains("idx_queue_order") }, "\(steps)")
            #expect(!steps.contains { $0.contains("TEMP B-TREE") }, "\(steps)")
            #expect(steps.contains { $0.contains("idx_queue_partition_order") }, "\(steps)")
        }
    }

    @Test(arguments: DatabaseKind.available)
    func fullQueueRejectsWithoutStoringAnything(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let items = (0..<4).map { QueueItem(partitionKey: "p\($0)", tenantID: nil, payload: "\($0)") }
            let limits = incoming
            var refused: StoreError?
            do {
                let _: Int = try await database.transaction { sql in try await QueueTable(sql).publish(items, to: limits, now: Date()) }
            } catch let error as StoreError {
                refused = error
            }
            #expect(refused?.code == .queueFull)
            #expect(try await database.read { sql in try await QueueTable(sql).depth(limits.name) } == 0)
            let three = Array(items.prefix(3))
            let _: Int = try await database.transaction { sql in try await QueueTable(sql).publish(three, to: limits, now: Date()) }
            #expect(try await database.read { sql in try await QueueTable(sql).depth(limits.name) } == 3)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func expiredLeaseIsRedeliveredAndPoisonIsDeadLettered(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let start = Date()
            try await database.transaction { sql in
                try await QueueTable(sql).publish([QueueItem(partitionKey: "a", tenantID: nil, payload: "x")], to: incoming, now: start)
            }
            for attempt in 1...2 {
                let at = start.addingTimeInterval(Double(attempt - 1) * 11)
                let claimed = try await database.transaction { sql in
                    try await QueueTable(sql).claim(queue: incoming.name, limit: 1, owner: "crashing-\(attempt)", leaseDuration: 10, now: at)
                }
                #expect(claimed.first?.attempts == attempt)
            }
            let swept = try await database.transaction { sql in
                try await QueueTable(sql).sweep(queue: incoming.name, maxAttempts: 2, now: start.addingTimeInterval(25))
            }
            #expect(swept.map(\.1) == ["max_attempts"])
            #expect(try await database.read { sql in try await QueueTable(sql).deadLetterCount(incoming.name) } == 1)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func retryWaitsAndKeepsPartitionOrder(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let now = Date()
            try await database.transaction { sql in
                try await QueueTable(sql).publish([QueueItem(partitionKey: "a", tenantID: nil, payload: "first"),
                                                   QueueItem(partitionKey: "a", tenantID: nil, payload: "second")],
                                                  to: incoming, now: now)
            }
            let first = try await database.transaction { sql in
                try await QueueTable(sql).claim(queue: incoming.name, limit: 1, owner: "w", leaseDuration: 30, now: now)
            }
            #expect(first.map(\.payload) == ["first"])
            let dead = try await database.transaction { sql in
                try await QueueTable(sql).retry(first[0], error: "boom", delay: 5, maxAttempts: 3, now: now)
            }
            #expect(!dead)
            let blocked = try await database.transaction { sql in
                try await QueueTable(sql).claim(queue: incoming.name, limit: 5, owner: "w", leaseDuration: 30, now: now.addingTimeInterval(1))
            }
            #expect(blocked.isEmpty, "the second message must wait behind the first one's retry")
            let later = try await database.transaction { sql in
                try await QueueTable(sql).claim(queue: incoming.name, limit: 5, owner: "w", leaseDuration: 30, now: now.addingTimeInterval(6))
            }
            #expect(later.map(\.payload) == ["first", "second"])
        }
    }

    @Test(arguments: DatabaseKind.available)
    func expiredMessagesAreDeadLetteredNotDropped(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let now = Date()
            try await database.transaction { sql in
                try await QueueTable(sql).publish([QueueItem(partitionKey: "a", tenantID: nil, payload: "old")], to: incoming, now: now)
            }
            let swept = try await database.transaction { sql in
                try await QueueTable(sql).sweep(queue: incoming.name, maxAttempts: 5, now: now.addingTimeInterval(61))
            }
            #expect(swept.map(\.1) == ["expired"])
            #expect(try await database.read { sql in try await QueueTable(sql).deadLetterCount(incoming.name) } == 1)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func messageLogDedupesAndTurnsTakeMessagesOnce(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "79115576362@c.us")
            let now = Date()
            let first = try await database.transaction { sql in
                try await MessageLogRepository(sql).recordIncoming(key: key, messageID: "3EB0", phoneNumber: "79115576362",
                                                                  text: "Привет", isVoice: false, now: now)
            }
            let again = try await database.transaction { sql in
                try await MessageLogRepository(sql).recordIncoming(key: key, messageID: "3EB0", phoneNumber: "79115576362",
                                                                  text: "Привет", isVoice: false, now: now)
            }
            #expect(first && !again)
            let (taken, takenAgain, contact) = try await database.transaction { sql in
                let contact = try await ContactRepository(sql).findOrCreate(
                    key: key, phoneNumber: "79115576362", profile: ContactProfile(name: "Иван", businessName: "ООО Стройком"),
                    initialStatus: .unknown, now: now)
                let stored = try await MessageRepository(sql).storeCustomerMessages(
                    [NewCustomerMessage(messageID: "3EB0", text: "Привет", isVoice: false, sentAt: now)], contact: contact)
                let storedAgain = try await MessageRepository(sql).storeCustomerMessages(
                    [NewCustomerMessage(messageID: "3EB0", text: "Привет", isVoice: false, sentAt: now)], contact: contact)
                #expect(stored.map(\.id) == storedAgain.map(\.id))
                let taken = try await MessageRepository(sql).markHandled(ids: stored.map(\.id), answeredBy: nil, now: now)
                let takenAgain = try await MessageRepository(sql).markHandled(ids: stored.map(\.id), answeredBy: nil, now: now)
                return (taken, takenAgain, contact)
            }
            #expect(taken.count == 1 && takenAgain.isEmpty)
            #expect(contact.status == .unknown)
            try await database.transaction { sql in
                try await ContactRepository(sql).saveClassification(contactID: contact.id,
                                                                    Classification(isClient: true, confidence: 0.9, reasoning: "цены"), now: now)
            }
            let reloaded = try await database.read { sql in try await ContactRepository(sql).find(key: key) }
            #expect(reloaded?.status == .client && reloaded?.confidence == 0.9)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func outboxKeepsOrderUntilRelayed(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            try await database.transaction { sql in try await addOutboxRows(["0", "1", "2"], in: sql) }
            let pending = try await database.transaction { sql in try await OutboxRepository(sql).pending(limit: 10) }
            #expect(pending.map(\.payload) == ["0", "1", "2"])
            try await database.transaction { sql in try await OutboxRepository(sql).removeRelayed(Array(pending.map(\.id).prefix(2))) }
            #expect(try await database.read { sql in try await OutboxRepository(sql).pendingCount() } == 1)
            try await database.transaction { sql in try await OutboxRepository(sql).removeRelayed([pending[2].id]) }
            let rows = try await database.read { sql in try await sql.query("SELECT COUNT(*) AS n FROM outbox").first?.optionalInt("n") }
            #expect(rows == 0, "relayed rows are gone, not kept")
        }
    }

    /// A delivery status that names a send not recorded yet waits for it; one whose send never comes is dropped
    /// after a day.
    @Test(arguments: DatabaseKind.available)
    func aStatusBeforeItsSendWaitsForIt(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let now = Date()
            let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "77010000001@c.us")
            try await database.transaction { sql in
                let logs = MessageLogRepository(sql)
                _ = try await logs.applyDeliveryStatus(tenantID: key.tenantID, channel: .whatsapp, providerMessageID: "OLD",
                                                       status: "delivered", now: now.addingTimeInterval(-25 * 3600))
                let early = try await logs.applyDeliveryStatus(tenantID: key.tenantID, channel: .whatsapp, providerMessageID: "P1",
                                                               status: "delivered", now: now)
                #expect(early == nil, "the send is not recorded yet")
            }
            let applied = try await database.transaction { sql -> String? in
                let logs = MessageLogRepository(sql)
                try await logs.recordOutgoing(key: key, messageID: "bot-1", phoneNumber: "+77010000001", text: "hi", providerStatus: "sent",
                                              error: nil, providerMessageID: "P1", now: now)
                guard let status = try await logs.takeEarlyStatus(tenantID: key.tenantID, channel: .whatsapp, providerMessageID: "P1") else {
                    return nil
                }
                return try await logs.applyDeliveryStatus(tenantID: key.tenantID, channel: .whatsapp, providerMessageID: "P1",
                                                          status: status, now: now)?.messageID
            }
            #expect(applied == "bot-1")
            let left = try await database.transaction { sql in
                [try await MessageLogRepository(sql).takeEarlyStatus(tenantID: key.tenantID, channel: .whatsapp, providerMessageID: "P1"),
                 try await MessageLogRepository(sql).takeEarlyStatus(tenantID: key.tenantID, channel: .whatsapp, providerMessageID: "OLD")]
            }
            #expect(left == [nil, nil], "taken once; the day-old one was dropped")
            let status = try await database.read { sql in
                try await sql.query("SELECT provider_status FROM message_logs WHERE provider_message_id = 'P1'").first?.optionalString("provider_status")
            }
            #expect(status == "delivered")
        }
    }

    /// Statuses waiting for their send are kept to the newest of a tenant's channel; other channels and tenants keep theirs.
    @Test(arguments: DatabaseKind.available)
    func statusesWaitingForTheirSendAreTrimmedToTheNewest(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            try await database.transaction { sql in
                let logs = MessageLogRepository(sql)
                for index in 0..<5 {
                    let record = try await logs.recordDeliveryStatus(tenantID: Tenant.defaultID, channel: .whatsapp, providerMessageID: "W\(index)",
                                                                     status: "delivered", keepingEarly: true, now: now.addingTimeInterval(Double(index)))
                    #expect(record == .keptEarly)
                }
                #expect(try await logs.recordDeliveryStatus(tenantID: Tenant.defaultID, channel: .telegram, providerMessageID: "T0",
                                                            status: "read", keepingEarly: true, now: now) == .keptEarly)
                #expect(try await logs.recordDeliveryStatus(tenantID: Tenant.defaultID, channel: .whatsapp, providerMessageID: "W9",
                                                            status: "read", keepingEarly: false, now: now) == .dropped)
                try await logs.trimEarlyStatuses(tenantID: Tenant.defaultID, channel: .whatsapp, keeping: 2)
                try await logs.trimEarlyStatuses(tenantID: Tenant.defaultID, channel: .telegram, keeping: 2)
            }
            let kept = try await database.read { sql in
                try await sql.query("SELECT provider_message_id FROM early_delivery_statuses ORDER BY provider_message_id", [])
                    .compactMap { $0.optionalString("provider_message_id") }
            }
            #expect(kept == ["T0", "W3", "W4"])
        }
    }

    func addOutboxRows(_ payloads: [String], in sql: any SQLConnection) async throws {
        for payload in payloads {
            try await OutboxRepository(sql).add(tenantID: Tenant.defaultID, queue: "outgoing_messages", partitionKey: "k",
                                                payload: payload, now: Date())
        }
    }

    /// Rows an earlier version relayed and kept (marked with `relayed_at`) are removed by migration 9; rows still
    /// waiting stay.
    @Test(arguments: DatabaseKind.available)
    func theMigrationRemovesRowsRelayedEarlier(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            try await database.transaction { sql in
                try await addOutboxRows(["0", "1", "2"], in: sql)
                try await sql.query("UPDATE outbox SET relayed_at = ? WHERE payload <> '2'", [.date(Date())])
                try await sql.query("DELETE FROM schema_migrations WHERE version = 9")
            }
            #expect(try await Migrator(database: database, logger: testLogger).migrate() == [9])
            let left = try await database.read { sql in try await OutboxRepository(sql).pending(limit: 10) }
            #expect(left.map(\.payload) == ["2"])
            #expect(try await database.read { sql in try await sql.query("SELECT COUNT(*) AS n FROM outbox").first?.optionalInt("n") } == 1)
        }
    }
}

@Suite struct ConcurrentTransactionTests {
    struct Boom: Error {}

    /// What a body leaves for after its commit runs once the transaction has committed, never when it rolls back;
    /// on a connection for reads, at once.
    @Test(arguments: DatabaseKind.available)
    func actionsForAfterTheCommitRunOnlyWhenItHappens(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let done = Mutex<[String]>([])
            try await database.transaction { sql in
                sql.afterCommit { done.withLock { $0.append("committed") } }
                try await sql.query("INSERT INTO whitelist (tenant_id, phone_number, added_at) VALUES ('default', '70000000001', ?)",
                                    [.date(Date())])
                #expect(done.withLock { $0.isEmpty }, "not before the commit")
            }
            #expect(done.withLock { $0 } == ["committed"])
            await #expect(throws: Boom.self) {
                try await database.transaction { sql in
                    sql.afterCommit { done.withLock { $0.append("rolled back") } }
                    try await sql.query("INSERT INTO whitelist (tenant_id, phone_number, added_at) VALUES ('default', '70000000002', ?)",
                                        [.date(Date())])
                    throw Boom()
                }
            }
            try await database.read { sql in sql.afterCommit { done.withLock { $0.append("read") } } }
            #expect(done.withLock { $0 } == ["committed", "read"])
        }
    }

    /// Many transactions at once (SQLite commits them in groups): each one's work is kept or rolled
    /// back on its own, and every caller sees its own outcome.
    @Test(arguments: DatabaseKind.available)
    func concurrentTransactionsCommitOrRollBackIndependently(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let limits = QueueLimits(name: "incoming_messages", timeToLive: 600, maxLength: 10_000)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        do {
                            try await database.transaction { sql in
                                try await QueueTable(sql).publish([QueueItem(partitionKey: "p\(index)", tenantID: nil, payload: "\(index)")],
                                                                  to: limits, now: Date())
                                if index % 10 == 0 { throw Boom() }
                            }
                            return true
                        } catch is Boom {
                            return false
                        }
                    }
                }
                var results: [Bool] = []
                for try await result in group { results.append(result) }
                return results
            }
            #expect(outcomes.filter { $0 }.count == 180)
            let payloads = try await database.read { sql in
                try await sql.query("SELECT payload FROM queue_messages").compactMap { $0.optionalString("payload") }
            }
            #expect(payloads.count == 180)
            #expect(!payloads.contains("0") && !payloads.contains("10") && payloads.contains("1"))
        }
    }
}
