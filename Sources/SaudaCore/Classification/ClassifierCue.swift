/// One thing the classifier notices in a conversation, for or against the contact being a client.
struct ClassifierCue: Sendable {
    /// What a client cue says when the writer turns out to be a seller or a friend.
    enum Direction: Sendable {
        /// It asks something of the business («хочу заказать», «пришлите КП»): it stands whoever writes.
        case request
        /// It names a topic of trade (prices, delivery, wholesale) that a seller's offer or a friends' chat names too:
        /// it does not count when the writer offers its own trade or speaks as «ты».
        case topic
    }

    /// How much it weighs.
    let weight: Double
    /// What it says, in Russian, for the verdict's reasoning.
    let label: String
    /// Whether a seller's offer or a friend's «ты» voids it (client cues).
    let direction: Direction
    /// Whether it shows the writer speaking of its own trade (non-client cues): an advertiser, a supplier or a spammer
    /// offering something, a job seeker offering work, a bank's or a service's automatic notice. Then the topics of
    /// trade the writer names (prices, delivery, «у вас есть…?») are its own, not a customer's questions.
    let isOwnTrade: Bool
    /// Whether the conversation shows it.
    let test: @Sendable (ClassifierText) -> Bool

    init(_ weight: Double, _ label: String, _ direction: Direction = .request, isOwnTrade: Bool = false,
         test: @escaping @Sendable (ClassifierText) -> Bool) {
        self.weight = weight
        self.label = label
        self.direction = direction
        self.isOwnTrade = isOwnTrade
        self.test = test
    }

    /// A cue that some message of the conversation shows.
    init(_ weight: Double, _ label: String, _ direction: Direction = .request, isOwnTrade: Bool = false,
         inAnyMessage test: @escaping @Sendable (ClassifierMessage) -> Bool) {
        self.init(weight, label, direction, isOwnTrade: isOwnTrade) { text in text.any(test) }
    }

    /// A cue that some message shows by containing one of `patterns`.
    init(_ weight: Double, _ label: String, _ direction: Direction = .request, isOwnTrade: Bool = false, patterns: [String]) {
        let compiled = TokenPatterns(patterns)
        self.init(weight, label, direction, isOwnTrade: isOwnTrade) { text in text.any { $0.has(compiled) } }
    }
}
