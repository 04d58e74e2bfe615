import Foundation
import SaudaBus
import SaudaCore
import SaudaStore

/// Everything a turn's commit writes, prepared before its transaction (whose body runs on the database writer, which
/// every transaction of the process waits for).
struct TurnWrites: Sendable {
    /// The deliveries the commit acknowledges.
    var deliveries: [Delivery]
    var key: ConversationKey
    /// The turn's messages (the delivered ones and the earlier accepted ones it took), marked processed in the log.
    var payloads: [IncomingMessagePayload]
    var now: Date

    /// The contact as the turn found or made it.
    var contact: Contact
    /// What the first message tells of the contact; a profile with more in it is saved with the messages.
    var profile: ContactProfile
    /// The first message's phone number.
    var phoneNumber: String?
    /// The status a contact made now starts with.
    var initialStatus: ContactStatus

    /// The customer messages no turn has handled.
    var newMessages: [NewCustomerMessage]
    /// The decision's tool calls.
    var toolCalls: [(callID: String, name: String, arguments: String, result: String, isError: Bool)]
    /// The new verdict, if the contact was classified.
    var verdict: Classification?
    /// The reply; `nil` or empty for none.
    var replyText: String?
    /// The contact's status after the turn.
    var status: ContactStatus
    /// The contact's sales stage before the turn (a reply moves it on).
    var spinStage: SpinStage

    /// The reply's message id.
    var botMessageID: String
    /// The reply's queue payload for the phone the turn expected (see ``expectedPhone``), if it could be encoded.
    var encodedOutgoing: String?
    /// The phone the reply goes to unless the contact's row says otherwise by the commit.
    var expectedPhone: String

    /// The order funnel's new state, `nil` when the turn did not touch it.
    var funnelState: FunnelState?

    /// The follow-up plan; `nil` when touches are off or the channel cannot reach the client again.
    var followUps: FollowUpPlan?
    /// The decision's operator alerts, stored in the turn's transaction (a contact's second open alert of a reason is not).
    var alerts: [OperatorAlert] = []
    /// The owner's message of each alert (`OWNER_ALERT_CHAT`, WhatsApp conversations only), queued when its alert is stored.
    var ownerMessages: [AlertReason: OwnerAlertMessage] = [:]

    /// How the last new message answers the bot, stored with it; `nil` where no follow-up chain depends on it.
    var intent: IntentReading?

    /// What the last new message says (yes, no, unsure or other) for the follow-up rules.
    var lastIntent: ReplyIntent { intent?.intent ?? .other }

    /// The id of the message the reply answers.
    var lastMessageID: String? { newMessages.last?.messageID }
    /// When the customer wrote last.
    var lastMessageAt: Date? { newMessages.last?.sentAt }

    /// The channel connection (the business's number) the customer wrote to last in this turn, which the reply leaves
    /// from; `nil` when no message of the turn names one (then the contact's remembered one, see ``ContactConnection``).
    var connectionID: String? { newMessages.last(where: { $0.connection != nil })?.connection }

    /// The reply's queue payload for `phone`, leaving from `connection` (by default the turn's ``connectionID``).
    func outgoingPayload(phone: String, connection: String? = nil) throws -> String {
        var payload = OutgoingMessagePayload(
            phoneNumber: phone, messageText: replyText ?? "", replyToMessageID: lastMessageID, markAsRead: true,
            tenant: key.tenantID, channel: key.channel, chatID: key.chatID, outgoingID: botMessageID)
        payload.connection = connection ?? connectionID
        return try PayloadCoding.encode(payload)
    }
}
