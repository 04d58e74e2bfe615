import SaudaCore
import SaudaUnderstanding

/// One message as the rules read it.
struct Reading: Sendable {
    let text: String
    let understanding: Understanding
    let context: FunnelContext
    let phrases: FunnelText

    init(text: String, understanding: Understanding, context: FunnelContext, text phrases: FunnelText) {
        self.text = text
        self.understanding = understanding
        self.context = context
        self.phrases = phrases
    }

    /// The text with the phone number it gives taken out (its digits are no option sizes or menu numbers).
    var textWithoutPhone: String {
        guard let phone = PhoneFinder.first(in: text) else { return text }
        var rest = text
        rest.replaceSubrange(phone.range, with: " ")
        return rest
    }

    /// Whether the message gives a name or a phone (a bare name counts where the name was asked).
    var givesContact: Bool {
        understanding.name != nil || understanding.phone != nil || AnswerName.bare(text) != nil
            || AnswerName.inAnswer(text) != nil
    }

    /// Yes, no or neither; words that place an order («оформляйте», «беру») are a yes.
    var intent: ReplyIntent {
        let intent = ReplyIntent.of(text)
        guard intent == .other else { return intent }
        let words = TextKey.words(text)
        return words.contains(where: { word in Self.consent.contains { word.hasPrefix($0) } }) ? .yes : .other
    }

    static let consent = ["оформля", "оформи", "оформлю", "заказыва", "закажу", "беру", "берем", "берём", "возьму", "подходит", "устраивает",
                          "записывайте", "запиши", "order"]
}
