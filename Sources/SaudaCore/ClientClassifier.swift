import Foundation

/// The criteria of the moderator prompt (`Prompts/moderator.mustache` in SaudaAgent) as deterministic rules over
/// Russian and English text.
///
/// It is what the offline engine answers with and the baseline any remote model is measured against:
/// a contact stays unknown until the conversation has `minimumMessages` customer messages, then the
/// signals for and against being a client are weighed.
///
/// The signals («cues») read who speaks to whom rather than match phrases: words in Russian forms (stems: «заказ*»
/// matches «заказать», «заказывала»), Kazakh typed either way («бағасы» and «багасы»), and the grammar around them: a
/// customer asks the business as «вы» («делаете?», «пришлите»), a friend speaks as «ты» («купи», «сколько ты
/// заплатил»), a seller as «мы» with verbs of offering («предлагаем», «поставляем»). So prices, delivery and wholesale
/// named in a seller's offer or a friend's chat do not count for a client (``cues(in:)``), while the same words asked of
/// the business do. The cues are in «+ClientCues» and «+NonClientCues», how a message is read in «+ClientQuestions»,
/// «+NonClientReading» and `Classification/`.
public struct ClientClassifier: Sendable {
    /// Customer messages needed before any verdict (fewer, and the contact stays unknown: `is_client` null).
    public var minimumMessages: Int

    /// Creates a classifier.
    public init(minimumMessages: Int = 3) {
        self.minimumMessages = max(1, minimumMessages)
    }

    /// A client who came by the business's own advertisement or a recommendation («видела вашу рекламу»).
    static let cameByAdLabel = "пришел по рекламе или рекомендации"
    /// Advertising offered to the business; not counted when the contact speaks of the business's own ad.
    static let advertisingLabel = "предлагает рекламу"

    static let companyMarkers = KeywordSet(
        stems: ["компани", "директор", "менеджер", "снабжен", "закупщик", "бухгалтер", "company", "director",
                "manager", "purchasing"],
        words: ["ооо", "ип", "тоо", "ао", "зао", "оао", "llc", "ltd", "inc", "corp", "gmbh", "llp", "co"])

    static let formalMarkers = KeywordSet(
        phrases: ["здравствуйте", "добрый день", "добрый вечер", "доброе утро", "уважаем", "подскажите",
                  "будьте добры", "благодарю", "good afternoon", "good morning", "could you", "would you",
                  "please", "dear"])

    static let informalEmoji: Set<Character> = ["😂", "🔥", "❤", "😘", "😍", "🤣", "💋", "😜", "🥰"]

    /// Classifies a contact from its profile and conversation.
    /// - Parameters:
    ///   - profile: what the messenger tells about the contact.
    ///   - messages: the conversation, oldest first; only customer messages are weighed.
    /// - Returns: the verdict with a reasoning in Russian, as the moderator prompt asks.
    public func classify(profile: ContactProfile, messages: [ConversationMessage]) -> Classification {
        let customerTexts = messages.filter { $0.author == .customer }.map(\.text)
        guard customerTexts.count >= minimumMessages else {
            return Classification(
                isClient: nil, confidence: 0.3,
                reasoning: "Менее \(minimumMessages) сообщений в переписке (\(customerTexts.count)): нужно больше информации")
        }
        let text = customerTexts.joined(separator: "\n")
        let prepared = ClassifierText(customerTexts)
        var clientScore = 0.0
        var nonClientScore = 0.0
        var reasonsFor: [String] = []
        var reasonsAgainst: [String] = []

        let names = [profile.name, profile.fullName, profile.businessName].compactMap { $0 }.joined(separator: " ")
        // A business account or a company in the name leans towards a client, a bare personal name a little
        // towards a private contact; neither decides alone (suppliers and spammers write from business accounts,
        // and most clients on WhatsApp show only a first name).
        if let business = profile.businessName, !TextAnalysis.trimmed(business).isEmpty {
            clientScore += 1
            reasonsFor.append("бизнес-аккаунт «\(business)»")
        } else if Self.companyMarkers.occurs(in: names) {
            clientScore += 1
            reasonsFor.append("в имени контакта компания или должность («\(names)»)")
        } else if !TextAnalysis.trimmed(names).isEmpty {
            nonClientScore += 0.25
            reasonsAgainst.append("сохранен только с личным именем")
        }
        let cues = Self.cues(in: prepared)
        for cue in cues.client {
            clientScore += cue.weight
            reasonsFor.append(cue.label)
        }
        for cue in cues.nonClient {
            nonClientScore += cue.weight
            reasonsAgainst.append(cue.label)
        }
        let emoji = TextAnalysis.emojiCount(text)
        let informal = text.filter { Self.informalEmoji.contains($0) }.count
        if emoji >= 3 * customerTexts.count || informal >= 2 {
            nonClientScore += 1.5
            reasonsAgainst.append("неформальный стиль с множеством эмодзи")
        } else if Self.formalMarkers.occurs(in: AnalyzedText(text)) {
            clientScore += 0.5
            reasonsFor.append("деловой стиль общения")
        }

        let margin = clientScore - nonClientScore
        if clientScore >= 1.5, margin >= 1 {
            let confidence = min(0.95, 0.55 + margin * 0.06)
            return Classification(isClient: true, confidence: confidence,
                                  reasoning: "Клиент: " + reasonsFor.joined(separator: ", "))
        }
        if nonClientScore >= 2, margin <= -1 {
            let confidence = min(0.95, 0.55 - margin * 0.06)
            return Classification(isClient: false, confidence: confidence,
                                  reasoning: "Не клиент: " + reasonsAgainst.joined(separator: ", "))
        }
        let seen = (reasonsFor + reasonsAgainst).joined(separator: ", ")
        return Classification(
            isClient: nil, confidence: 0.4,
            reasoning: "Неопределенный характер общения" + (seen.isEmpty ? "" : " (\(seen))"))
    }
}
