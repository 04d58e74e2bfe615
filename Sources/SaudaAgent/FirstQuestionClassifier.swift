import SaudaCore
import SaudaStore
import SaudaUnderstanding

/// Classifies an unknown contact as a client at its first messages when they are clearly a business question (a
/// price, a product, delivery, an order, a booking), so that the question is answered at once; greetings and ambiguous
/// openers are left to the moderator at `CLASSIFY_MIN_MESSAGES` as before. No model is called.
public struct FirstQuestionClassifier: ConversationAgent {
    let rules = ClientClassifier()
    let normaliser = TextNormaliser()
    /// Words of wanting something, which with a car and a product kind make a request for a product.
    static let wantWords = ["хочу", "нужн", "надо", "ищу", "интересу", "подбер", "want", "need", "looking"]

    /// Creates the classifier.
    public init() {}

    /// The labels of the business question in the contact's messages so far; empty when there is none.
    public func signals(in context: ConversationContext) -> [String] {
        let customer = context.history.filter { $0.author == .customer }.map(\.text)
        let texts = customer.isEmpty ? context.newMessages.map(\.text) : customer
        let signals = rules.businessQuestionSignals(in: texts)
        guard signals.isEmpty else { return signals }
        return texts.contains(where: isProductRequest) ? ["товар для автомобиля"] : []
    }

    /// «Хочу коврики ева на тойоту камри 2022»: a car with a product kind or a word of wanting.
    func isProductRequest(_ text: String) -> Bool {
        let understanding = normaliser.understand(text)
        guard understanding.vehicle?.brand != nil else { return false }
        let words = TextKey.words(text)
        return !understanding.products.isEmpty || words.contains { word in Self.wantWords.contains { word.hasPrefix($0) } }
    }

    /// A client verdict naming the signals, or no verdict when the messages are not clearly a business question.
    public func reply(to context: ConversationContext) async throws -> AgentReply {
        let found = signals(in: context)
        guard !found.isEmpty else { return AgentReply() }
        return AgentReply(classification: Classification(isClient: true, confidence: 0.7,
                                                         reasoning: "Первое сообщение — вопрос по делу: " + found.joined(separator: ", ")))
    }
}
