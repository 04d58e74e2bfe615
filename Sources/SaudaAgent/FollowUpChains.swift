import Foundation
import SaudaCore
import SaudaStore

/// Applies the follow-up rules of ``FollowUpPlan`` to a contact's chain inside a turn's transaction.
enum FollowUpChains {
    /// After a turn: a clear yes or no ends the chain, a reply of the bot to anything else starts a new one
    /// whose first touch is due the first interval after the reply (moved into working hours).
    static func afterTurn(_ plan: FollowUpPlan, intent: ReplyIntent, botReplied: Bool, tenantID: String, contactID: Int64,
                          in sql: any SQLConnection, now: Date) async throws {
        let chains = FollowUpRepository(sql)
        // The owner may have taken the chat over while this turn ran (its snapshot said it was not paused).
        if let paused = try await ContactRepository(sql).find(id: contactID)?.botPausedUntil, paused > now {
            try await chains.stop(contactID: contactID, reason: FollowUpStopReason.humanTakeover.rawValue, now: now)
            return
        }
        switch FollowUpPlan.change(afterCustomerIntent: intent, botReplied: botReplied) {
        case .stop(let reason):
            try await chains.stop(contactID: contactID, reason: reason.rawValue, now: now)
        case .restart(let reason):
            try await chains.restart(tenantID: tenantID, contactID: contactID, reason: reason,
                                     firstTouchAt: plan.dueTime(touch: 1, after: now), now: now)
        case .keep:
            break
        }
    }
}
