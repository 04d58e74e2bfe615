/// What one round of the CRM sync did.
public struct CRMSyncRound: Sendable, Hashable {
    /// Records the CRM now has.
    public var synced = 0
    /// Records to be tried again (a failure, a rate limit, a connection that needs a person).
    public var postponed = 0
    /// Records given up, with the reason (refused, or out of attempts).
    public var dead = 0

    /// Creates an empty round.
    public init() {}

    static func + (lhs: CRMSyncRound, rhs: CRMSyncRound) -> CRMSyncRound {
        var sum = lhs
        sum.synced += rhs.synced
        sum.postponed += rhs.postponed
        sum.dead += rhs.dead
        return sum
    }
}
