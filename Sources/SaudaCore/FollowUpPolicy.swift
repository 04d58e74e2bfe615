import Foundation

/// The one home of the follow-up rules: what starts, restarts and stops a contact's chain of touches, and why.
/// When each touch is due is ``FollowUpPlan``'s. Pure: every fact comes in as a value.
///
/// The rules:
/// - after a turn (``afterTurn(intent:botReplied:botPaused:)``): a clear yes or no stops the chain; a reply of the bot
///   to anything else restarts it from that reply; a message the bot did not answer stops it; a chat taken over
///   meanwhile stops it;
/// - before a due touch (``beforeTouch(status:botPausedUntil:humanWrote:clientWrote:now:)``): a contact that is no
///   client, a chat taken over, or a client who wrote since stop it without the touch;
/// - an operator's takeover or the owner writing from the phone stops it (``takeover``);
/// - a chain restarted ends with ``superseded``; a chain whose last touch went out ends with ``completed``.
public enum FollowUpPolicy {
    /// What a turn does to the contact's chain.
    public enum Change: Sendable, Hashable {
        /// End the chain that runs, if any, for this reason; no new one.
        case stop(FollowUpStopReason)
        /// End the chain that runs (with ``FollowUpPolicy/superseded``) and start a new one after the bot's reply:
        /// the client has not answered it yet, or answered unsure.
        case restart(FollowUpStartReason)
        /// Leave it as it is.
        case keep
    }

    /// Why a chain stops when a person takes the chat over: an operator in the console or the owner from the phone.
    public static let takeover: FollowUpStopReason = .humanTakeover

    /// Why a running chain ends when a new one replaces it: the client wrote again.
    public static let superseded: FollowUpStopReason = .clientResponded

    /// Why a chain ends after its last touch went out.
    public static let completed: FollowUpStopReason = .completedFiveTouches

    /// The rules for a turn (docs/follow-ups.md): a clear yes or no ends the chain; an unsure answer, or any other
    /// message the bot answered, starts a new one from the bot's reply (the chain waits for the client's answer to it);
    /// a message the bot did not answer (not a client, paused) ends the chain that ran.
    /// - Parameter botPaused: whether a person took the chat over while the turn ran; the chain then stops for that.
    public static func afterTurn(intent: ReplyIntent, botReplied: Bool, botPaused: Bool = false) -> Change {
        if botPaused { return .stop(takeover) }
        switch intent {
        case .yes: return .stop(.clientSaidYes)
        case .no: return .stop(.clientSaidNo)
        case .unsure: return botReplied ? .restart(.unsureAnswer) : .stop(.clientResponded)
        case .other: return botReplied ? .restart(.noReply) : .stop(.clientResponded)
        }
    }

    /// Why a due touch is not sent and its chain ends, if it does, in this order: the contact is no client; the bot
    /// is paused (a person took the chat over); a person wrote in the chat since the last touch; the client wrote
    /// since (the bot's answer to that message starts the next chain).
    public static func beforeTouch(status: ContactStatus, botPausedUntil: Date?, humanWrote: Bool, clientWrote: Bool,
                                   now: Date) -> FollowUpStopReason? {
        if status != .client { return .notAClient }
        if let paused = botPausedUntil, paused > now { return takeover }
        if humanWrote { return takeover }
        if clientWrote { return .clientResponded }
        return nil
    }
}
