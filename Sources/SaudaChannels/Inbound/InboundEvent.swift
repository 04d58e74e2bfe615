import Foundation
import SaudaCore

/// One thing that happened on a channel, in words no provider owns. A provider adapter (Wappi's webhook and
/// poller, the web chat, later Telegram) maps its own events to these and hands them to the ``InboundGateway``,
/// which holds every rule that is not a provider's.
public enum InboundEvent: Sendable, Hashable {
    /// A customer wrote: a text, a voice note or an attachment.
    case customerMessage(InboundCustomerMessage)
    /// Someone of the business wrote to the customer from their own phone or account, not through Sauda.
    case businessMessage(InboundBusinessMessage)
    /// The channel reports how far one of Sauda's sends got.
    case deliveryStatus(InboundDeliveryStatus)
    /// A customer changed the text of a message sent before: recorded, never answered again.
    case customerEdit(InboundMessageEdit)
    /// A customer blocked the business on the channel, or let it write again (Telegram's `my_chat_member`).
    case reachability(InboundReachability)
    /// The adapter dropped an event for a reason of its provider (`own_echo`, `group`, `reaction`, `call`,
    /// `other_event`); the gateway only counts it.
    case dropped(reason: String)
    /// The adapter refused the event: a field of it is of the wrong type or not in the provider's format (a
    /// `from` that is no chat id). Nothing of it is stored; the gateway counts it with the other refused events.
    case refused(InboundViolation)
}

/// A customer's message as a channel delivered it.
public struct InboundCustomerMessage: Sendable, Hashable {
    /// What the customer sent.
    public enum Content: Sendable, Hashable {
        /// Text.
        case text(String)
        /// A voice note or audio file, transcribed before the agent sees it.
        case voiceNote(InboundVoiceNote)
        /// A photo, document, location, … the agent cannot read: `kind` is the channel's word for it (`image`,
        /// `document`, …, see ``MediaNoteText``), with the caption sent beside it.
        case attachment(kind: String, caption: String?)
    }

    /// The provider's id of the message: the dedupe key (a repeated id is a duplicate).
    public var id: String
    /// The chat on the channel: the conversation's key with the tenant and channel.
    public var chatID: String
    /// The customer's phone number in digits, for channels that have one (the whitelist is checked on it).
    public var phoneNumber: String?
    /// The number the whitelist is checked on when the provider spells it differently from ``phoneNumber``.
    public var whitelistNumber: String?
    /// The sender's display name.
    public var senderName: String?
    /// The contact details passed on to the agent in the queue payload.
    public var contactInfo: ContactInfo?
    /// When the customer sent it.
    public var sentAt: Date
    /// What was sent.
    public var content: Content
    /// The sender's username on the channel (Telegram's, without the `@`), kept on the contact.
    public var username: String? = nil
    /// The deep-link parameter the customer came with (Telegram's `/start <payload>`), kept as their lead's source.
    public var startParameter: String? = nil
    /// A phone number the customer shared with the business (Telegram's contact button), in digits: kept on the contact.
    public var sharedPhoneNumber: String? = nil

    /// Creates a customer message.
    public init(id: String, chatID: String, phoneNumber: String?, whitelistNumber: String? = nil, senderName: String?,
                contactInfo: ContactInfo?, sentAt: Date, content: Content) {
        self.id = id
        self.chatID = chatID
        self.phoneNumber = phoneNumber
        self.whitelistNumber = whitelistNumber
        self.senderName = senderName
        self.contactInfo = contactInfo
        self.sentAt = sentAt
        self.content = content
    }

    /// Whether it is a voice note (which goes to the transcriber first).
    public var isVoiceNote: Bool {
        if case .voiceNote = content { return true }
        return false
    }
}

/// A voice note's audio, as much of it as the event carries; the rest is fetched through the channel's
/// ``MediaSource`` by the ``VoiceTranscriber``.
public struct InboundVoiceNote: Sendable, Hashable {
    /// The audio in base64, when the event carries it.
    public var audioBase64: String?
    /// A link to the audio.
    public var link: String?
    /// The audio's MIME type.
    public var mimeType: String?
    /// The provider's id of the audio file (Telegram's `file_id`), which the channel's ``MediaSource`` downloads.
    public var mediaID: String?

    /// Creates a voice note.
    public init(audioBase64: String?, link: String?, mimeType: String?, mediaID: String? = nil) {
        self.audioBase64 = audioBase64
        self.link = link
        self.mimeType = mimeType
        self.mediaID = mediaID
    }
}

/// A message that the business's own number or account sent to a customer.
public struct InboundBusinessMessage: Sendable, Hashable {
    /// Who wrote it, as far as the channel says.
    public enum Origin: Sendable, Hashable {
        /// A person of the business, on their own phone or account: the owner takes the chat over.
        case person
        /// The channel does not say (a message read by polling): the gateway looks for it among Sauda's own sends.
        case unknown
    }

    /// The provider's id of the message.
    public var id: String
    /// The customer's chat.
    public var chatID: String
    /// The customer's phone number in digits, for channels that have one.
    public var phoneNumber: String?
    /// The text.
    public var text: String
    /// When it was sent.
    public var sentAt: Date
    /// Who wrote it.
    public var origin: Origin

    /// Creates a business message.
    public init(id: String, chatID: String, phoneNumber: String?, text: String, sentAt: Date, origin: Origin) {
        self.id = id
        self.chatID = chatID
        self.phoneNumber = phoneNumber
        self.text = text
        self.sentAt = sentAt
        self.origin = origin
    }
}

/// A delivery status of one of Sauda's sends.
public struct InboundDeliveryStatus: Sendable, Hashable {
    /// The provider's id of the sent message.
    public var providerMessageID: String
    /// How far it got.
    public var status: DeliveryStatus

    /// Creates a delivery status.
    public init(providerMessageID: String, status: DeliveryStatus) {
        self.providerMessageID = providerMessageID
        self.status = status
    }
}

/// A customer's change to the text of a message sent before (Telegram's `edited_message`).
public struct InboundMessageEdit: Sendable, Hashable {
    /// The provider's id of the edited message.
    public var id: String
    /// The chat.
    public var chatID: String
    /// The text as it reads now.
    public var text: String
    /// When it was edited.
    public var editedAt: Date

    /// Creates an edit.
    public init(id: String, chatID: String, text: String, editedAt: Date) {
        self.id = id
        self.chatID = chatID
        self.text = text
        self.editedAt = editedAt
    }
}

/// A customer's choice whether the business may write to them on the channel: blocking the bot, or starting it again.
public struct InboundReachability: Sendable, Hashable {
    /// The chat.
    public var chatID: String
    /// Whether the business may write there now.
    public var reachable: Bool
    /// Why, for the contact (`blocked the bot`).
    public var reason: String

    /// Creates a change of reachability.
    public init(chatID: String, reachable: Bool, reason: String) {
        self.chatID = chatID
        self.reachable = reachable
        self.reason = reason
    }
}
