import Foundation
import SaudaCore
import SaudaStore

/// Applies ``FollowUpPolicy`` to a contact's chain inside a turn's transaction (when touches are due is the
/// ``FollowUpPlan``'s).
enum FollowUpChains {
    /// After a turn: a clear yes or no ends the chain, a reply of the bot to anything else starts a new one
    /// whose first touch is due the first interval after the reply (moved into working hours).
    static func afterTurn(_ plan: FollowUpPlan, intent: ReplyIntent, botReplied: Bool, tenantID: String, contactID: Int64,
                          in sql: any SQLConnection, now: Date) async throws(StoreError) {
        let chains = FollowUpRepository(sql)
        // The owner may have taken the chat over while this turn ran (its snapshot said it was not paused).
        let pausedUntil = try await ContactRepository(sql).find(id: contactID)?.botPausedUntil
        let botPaused = pausedUntil.map { $0 > now } ?? false
        switch FollowUpPolicy.afterTurn(intent: intent, botReplied: botReplied, botPaused: botPaused) {
        case .stop(let reason):
            try await chains.stop(contactID: contactID, reason: reason, now: now)
        case .restart(let reason):
            try await chains.restart(tenantID: tenantID, contactID: contactID, reason: reason,
                                     firstTouchAt: plan.dueTime(touch: 1, after: now), now: now)
        case .keep:
            break
        }
    }
}
