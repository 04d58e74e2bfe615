import SaudaCore
import SaudaStore

/// What the agent needs of the settings.
public struct AgentSettings: Sendable {
    /// Messages of history given to a model (`MAX_CONTEXT_MESSAGES`).
    public var maxContextMessages: Int
    /// Customer messages before the moderator decides (`CLASSIFY_MIN_MESSAGES`).
    public var classifyMinMessages: Int
    /// Conversations handled at once (`AGENT_CONCURRENCY`).
    public var concurrency: Int
    /// Working hours of the default tenant.
    public var calendar: WorkingCalendar
    /// Knowledge passages given to the sales prompt.
    public var knowledgePassages: Int
    /// A whole turn's time for model calls (`MODEL_TURN_DEADLINE_SECONDS`).
    public var turnDeadline: Duration = .seconds(60)
    /// How long a turn whose outcome is decided still waits for the model's reading of the customer's answer; then the
    /// rules read it (`fallback`), so a turn that needed no model call is not held up by the reader's.
    public var intentGrace: Duration = .seconds(2)
    /// Longest text of one message that a model or the offline rules read in a turn or a follow-up touch, in
    /// characters: a longer one is cut there and ends in «…» (the stored message keeps its whole text). It bounds what
    /// one turn costs: the offline rules cannot be stopped by the turn's deadline once they run, and a remote model
    /// is billed by the size of its prompt.
    public var maxInputCharacters = 4000
    /// Follow-up touches of silent clients (`ENABLE_FOLLOW_UPS`, `FOLLOW_UP_INTERVALS`); `nil` when switched off.
    public var followUps: FollowUpPlan?
    /// Whether a turn also takes the conversation's earlier accepted messages that no turn has taken yet (from the
    /// message log), ahead of its own. Needed where a conversation's messages can sit in two queues at once — on
    /// RabbitMQ the hash exchange sends a conversation to another agent's queue when the set of agent queues changes
    /// or the broker restarts — so that a later message is never answered before an earlier one.
    public var foldsEarlierAccepted = false
    /// Whether an unknown contact's first messages that are clearly a business question are answered at once
    /// (`FIRST_MESSAGE_RULE=question`, the default of the settings) instead of after `classifyMinMessages`.
    public var answersFirstQuestion = false
    /// The phrase answered with the installation's state (`DIAGNOSTIC_PHRASE`); `nil` when switched off.
    public var diagnosticPhrase: String?
    /// The owner's own WhatsApp number (digits) that each operator alert of a WhatsApp conversation is also sent to
    /// (`OWNER_ALERT_CHAT`); `nil` when switched off.
    public var ownerAlertChat: String?
    /// Each business's own settings and calendar (docs/businesses.md); `nil`: every tenant uses ``calendar`` and
    /// ``followUps``, the installation's.
    public var businesses: BusinessDirectory?

    /// Creates settings.
    public init(maxContextMessages: Int = 20, classifyMinMessages: Int = 3, concurrency: Int = 32,
                calendar: WorkingCalendar, knowledgePassages: Int = 3) {
        self.maxContextMessages = maxContextMessages
        self.classifyMinMessages = classifyMinMessages
        self.concurrency = concurrency
        self.calendar = calendar
        self.knowledgePassages = knowledgePassages
    }

    /// Agent settings from Sauda's settings.
    public init(_ settings: SaudaSettings) {
        self.init(maxContextMessages: settings.maxContextMessages, classifyMinMessages: settings.classifyMinMessages,
                  concurrency: settings.agentConcurrency, calendar: settings.calendar)
        turnDeadline = .seconds(settings.models.turnDeadlineSeconds)
        followUps = settings.enableFollowUps ? FollowUpPlan(intervals: settings.followUpIntervals, calendar: settings.calendar) : nil
        foldsEarlierAccepted = settings.rabbitMQURL != nil
        diagnosticPhrase = settings.diagnosticPhrase
        ownerAlertChat = settings.ownerAlertChat
        answersFirstQuestion = settings.firstMessageRule == .question
    }
}
