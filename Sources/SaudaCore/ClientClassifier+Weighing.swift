/// Which cues a conversation shows, after the cues that contradict each other are settled.
extension ClientClassifier {
    /// The cues found for and against a client.
    struct FoundCues {
        /// Client cues that count.
        var client: [ClassifierCue]
        /// Non-client cues that count.
        var nonClient: [ClassifierCue]
    }

    /// Non-client offers weighing this much make the writer a seller, whose prices, delivery and wholesale terms are
    /// the offer's, not a customer's questions.
    static let sellerThreshold = 3.0

    /// Prices, deliveries and goods spoken of as «ты»: a friend's talk («ты сколько за айфон отдал?»).
    static let friendsTradeTalk = ClassifierCue(0.5, "говорит на «ты» о покупках и ценах") { $0.isInformal }

    /// The cues `text` shows. A contact who came by the business's ad does not offer advertising by naming it; the
    /// topics of trade (prices, delivery, wholesale) do not count for a client when the writer speaks of its own trade
    /// (a seller, a job seeker, a notice) more than it asks the business for anything, nor in a conversation held as
    /// «ты» (friends speak of prices and deliveries too).
    static func cues(in text: ClassifierText) -> FoundCues {
        let client = clientCues.filter { $0.test(text) }
        let cameByAd = client.contains { $0.label == cameByAdLabel }
        let nonClient = nonClientCues.filter { !(cameByAd && $0.label == advertisingLabel) && $0.test(text) }
        let ownTrade = nonClient.filter(\.isOwnTrade).reduce(0) { $0 + $1.weight }
        let requests = client.filter { $0.direction == .request }
        let requested = requests.reduce(0) { $0 + $1.weight }
        if text.isInformal {
            let spokeOfTrade = client.contains { $0.direction == .topic }
            return FoundCues(client: requests, nonClient: nonClient + (spokeOfTrade ? [friendsTradeTalk] : []))
        }
        let counted = ownTrade >= sellerThreshold && ownTrade > requested ? requests : client
        return FoundCues(client: counted, nonClient: nonClient)
    }
}
