extension ClientClassifier {
    /// What makes `texts` (an unknown contact's first messages) clearly a business question, as the labels of the
    /// client signals they carry (prices, an order, delivery, a product, a booking); empty when they are not clearly
    /// one: a greeting, an ambiguous opener, or any sign of a non-client (spam, a supplier, a friend's chat).
    ///
    /// Such a first message is answered at once instead of waiting for the contact's third message.
    public func businessQuestionSignals(in texts: [String]) -> [String] {
        let analyzed = AnalyzedText(texts.joined(separator: "\n"))
        let found = Self.clientSignals.filter { $0.keywords.occurs(in: analyzed) }
        let cameByAd = found.contains { $0.label == Self.cameByAdLabel }
        guard !Self.nonClientSignals.contains(where: { $0.keywords.occurs(in: analyzed) && !(cameByAd && $0.label == Self.advertisingLabel) }) else {
            return []
        }
        let score = found.reduce(0) { $0 + $1.weight }
        return score >= 1.5 ? found.map(\.label) : []
    }
}
