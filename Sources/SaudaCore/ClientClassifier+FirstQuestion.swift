extension ClientClassifier {
    /// A non-client cue weighing this much keeps a first message from being answered at once.
    static let blockingWeight = 1.5

    /// What makes `texts` (an unknown contact's first messages) clearly a business question, as the labels of the
    /// client signals they carry (prices, an order, delivery, a product, a booking); empty when they are not clearly
    /// one: a greeting, an ambiguous opener, or any sign of a non-client (spam, a supplier, a friend's chat).
    ///
    /// Such a first message is answered at once instead of waiting for the contact's third message.
    public func businessQuestionSignals(in texts: [String]) -> [String] {
        let found = Self.cues(in: ClassifierText(texts))
        // Weak hints of private life («домой», «ахаха») alone do not hold a clear business question back.
        guard !found.nonClient.contains(where: { $0.weight >= Self.blockingWeight }) else { return [] }
        let score = found.client.reduce(0) { $0 + $1.weight }
        return score >= 1.5 ? found.client.map(\.label) : []
    }
}
