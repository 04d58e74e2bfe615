import Foundation
import SaudaCore
import SaudaStore

/// A message of a conversation as the admin API shows it.
struct MessageJSON: Encodable {
    let id: Int64
    let messageId: String
    /// `customer`, `bot` or `human` (a person of the business).
    let author: String
    let text: String
    let isVoice: Bool
    let time: Date
    let replyTo: String?
    /// The id of the bot reply that answered this customer message.
    let answeredBy: Int64?
    let deliveryStatus: String?
    /// How a customer message answered the bot and who read it (the last message of a turn, where follow-ups run).
    let replyIntent: IntentReadingJSON?

    init(_ message: StoredMessage) {
        id = message.id
        messageId = message.messageID
        author = message.author.rawValue
        text = message.text
        isVoice = message.isVoice
        time = message.timestamp
        replyTo = message.replyToMessageID
        answeredBy = message.answeredBy
        deliveryStatus = message.deliveryStatus
        replyIntent = message.intent.map(IntentReadingJSON.init)
    }
}

/// A customer message's reading: `intent` yes / no / unsure / other; `source` rules / model / fallback (the rules,
/// because the model failed); `model` the model's name when it read the message.
struct IntentReadingJSON: Encodable {
    let intent: String
    let source: String
    let model: String?

    init(_ reading: IntentReading) {
        intent = reading.intent.rawValue
        source = reading.source.rawValue
        model = reading.model
    }
}

/// A page of a conversation's messages.
struct MessagePageJSON: Encodable {
    let contactId: Int64
    let messages: [MessageJSON]
    /// Pass as `after` for the next page; absent on the last page.
    let nextAfter: Int64?
}

/// A tool call of the agent.
struct ToolCallJSON: Encodable {
    let callId: String
    let name: String
    let arguments: String
    let result: String
    let isError: Bool
    let time: Date

    init(_ call: ToolCallRecord) {
        callId = call.callID
        name = call.name
        arguments = call.arguments
        result = call.result
        isError = call.isError
        time = call.createdAt
    }
}

/// A model call of the agent with its tokens.
struct ModelCallJSON: Encodable {
    let purpose: String
    let provider: String
    let model: String
    let inputTokens: Int
    let outputTokens: Int
    let outcome: String
    let durationMs: Double
    let time: Date

    init(_ record: ModelUsageRecord) {
        purpose = record.purpose
        provider = record.provider
        model = record.model
        inputTokens = record.inputTokens
        outputTokens = record.outputTokens
        outcome = record.outcome
        durationMs = record.durationMilliseconds
        time = record.createdAt
    }
}

/// What the agent did in a conversation: tool calls, model calls and their token totals.
struct ActivityJSON: Encodable {
    struct Tokens: Encodable {
        let input: Int
        let output: Int
    }

    let contactId: Int64
    let toolCalls: [ToolCallJSON]
    let modelCalls: [ModelCallJSON]
    let tokens: Tokens

    init(_ detail: ConversationDetail) {
        contactId = detail.contact.id
        toolCalls = detail.toolCalls.map(ToolCallJSON.init)
        modelCalls = detail.modelCalls.map(ModelCallJSON.init)
        tokens = Tokens(input: detail.modelCalls.reduce(0) { $0 + $1.inputTokens }, output: detail.modelCalls.reduce(0) { $0 + $1.outputTokens })
    }
}

/// One contact with everything the console knows about it.
struct ContactDetailJSON: Encodable {
    let contact: ContactJSON
    let leadDetails: [String: String]
    let followUp: FollowUpJSON?
    let calls: [CallJSON]
    /// The contact's most recently changed lead, when the agent captured one.
    let lead: LeadJSON?
    /// The contact's records in the business's CRM and their sync.
    let crm: ContactCRMJSON
    let messageCount: Int

    init(_ detail: ConversationDetail) {
        contact = ContactJSON(detail.contact, pausedBy: detail.pausedBy)
        leadDetails = detail.leadDetails
        followUp = detail.followUp.map { FollowUpJSON($0, contact: nil) }
        calls = detail.calls.map { CallJSON($0, contact: nil) }
        lead = detail.lead.map(LeadJSON.init)
        crm = ContactCRMJSON(links: detail.crmLinks.map(CRMLinkJSON.init), syncs: detail.crmSyncs.map(CRMSyncJSON.init))
        messageCount = detail.messages.count
    }
}
