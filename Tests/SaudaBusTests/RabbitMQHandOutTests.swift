@testable import SaudaBus
import Testing

/// Which deliveries a receive of `RabbitMQBus` hands out, and which it keeps for later.
@Suite struct RabbitMQHandOutTests {
    /// A delivery: its tenant, conversation and number; `stale` when its connection is gone.
    struct Item: Equatable {
        var tenant: String?
        var conversation: String
        var number: Int
        var stale = false
    }

    static func select(_ items: [Item], limit: Int = 100, excluding: Set<String> = [], waiting: Set<String> = [])
        -> RabbitMQHandOut.Result<Item> {
        RabbitMQHandOut.select(items, limit: limit, excluding: excluding, partition: \.conversation, tenant: \.tenant,
                               isStale: \.stale, isWaiting: { waiting.contains($0) })
    }

    @Test func leftOutTenantsAreKeptInTheirOrder() {
        let items = [
            Item(tenant: "a", conversation: "a/1", number: 1), Item(tenant: "b", conversation: "b/1", number: 2),
            Item(tenant: "a", conversation: "a/2", number: 3), Item(tenant: nil, conversation: "x", number: 4),
            Item(tenant: "b", conversation: "b/1", number: 5),
        ]
        let result = Self.select(items, excluding: ["a"])
        #expect(result.taken.map(\.number) == [2, 4, 5])
        #expect(result.kept.map(\.number) == [1, 3])
        #expect(result.dropped.isEmpty)
        // A later receive that no longer leaves them out hands them over.
        #expect(Self.select(result.kept).taken.map(\.number) == [1, 3])
    }

    @Test func aConversationPassedOverIsNotOvertakenByItsLaterMessages() {
        // The second message of conversation "a/1" came without a tenant: it must still wait behind the first.
        let items = [Item(tenant: "a", conversation: "a/1", number: 1), Item(tenant: nil, conversation: "a/1", number: 2)]
        let result = Self.select(items, excluding: ["a"])
        #expect(result.taken.isEmpty)
        #expect(result.kept.map(\.number) == [1, 2])
    }

    @Test func theLimitAndBackoffsKeepTheRest() {
        let items = (1...5).map { Item(tenant: "b", conversation: $0 == 2 ? "b/wait" : "b/\($0)", number: $0) }
        let result = Self.select(items, limit: 2, waiting: ["b/wait"])
        #expect(result.taken.map(\.number) == [1, 3])
        #expect(result.kept.map(\.number) == [2, 4, 5])
    }

    @Test func deliveriesOfAClosedConnectionAreDropped() {
        let items = [
            Item(tenant: "a", conversation: "a/1", number: 1, stale: true), Item(tenant: "a", conversation: "a/1", number: 1),
            Item(tenant: "b", conversation: "b/1", number: 2),
        ]
        let result = Self.select(items, excluding: ["a"])
        #expect(result.dropped.map(\.number) == [1])
        #expect(result.taken.map(\.number) == [2])
        #expect(result.kept == [Item(tenant: "a", conversation: "a/1", number: 1)])
    }
}
