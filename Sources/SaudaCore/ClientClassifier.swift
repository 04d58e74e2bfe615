import Foundation

/// The criteria of the moderator prompt (`Prompts/moderator.mustache` in SaudaAgent) as deterministic rules over
/// Russian and English text.
///
/// It is what the offline engine answers with and the baseline any remote model is measured against:
/// a contact stays unknown until the conversation has `minimumMessages` customer messages, then the
/// signals for and against being a client are weighed.
public struct ClientClassifier: Sendable {
    /// Customer messages needed before any verdict (fewer, and the contact stays unknown: `is_client` null).
    public var minimumMessages: Int

    /// Creates a classifier.
    public init(minimumMessages: Int = 3) {
        self.minimumMessages = max(1, minimumMessages)
    }

    struct Signal {
        let weight: Double
        let label: String
        let keywords: KeywordSet
    }

    static let clientSignals: [Signal] = [
        Signal(weight: 2, label: "спрашивает о ценах", keywords: KeywordSet(
            stems: ["цен", "стоимост", "прайс", "тариф", "почем", "скидк", "рассрочк", "price", "pricing", "cost", "discount", "rates",
                    "installment"],
            phrases: ["сколько стоит", "сколько стоят", "сколько будет стоить", "сколько будет", "сколько за", "по чем", "скок",
                      "how much", "баға", "қанша"])),
        Signal(weight: 2, label: "запрашивает КП, договор или детали", keywords: KeywordSet(
            stems: ["коммерческ", "договор", "реквизит", "услови", "смет", "расчет", "рассчита", "invoice", "quot", "proposal",
                    "contract", "estimate"],
            phrases: ["выставить сч", "счет на оплату", "счёт на оплату", "terms and conditions"],
            words: ["кп", "счет", "счёт"])),
        Signal(weight: 1.5, label: "интересуется сроками, доставкой, гарантией", keywords: KeywordSet(
            stems: ["доставк", "доставля", "гарант", "срок", "налич", "отгрузк", "самовывоз", "привез", "deliver", "shipping",
                    "warrant", "stock", "deadline", "жеткіз"])),
        Signal(weight: 2, label: "говорит о бюджете, закупках, тендерах", keywords: KeywordSet(
            stems: ["бюджет", "закуп", "тендер", "оптов", "партии", "budget", "procure", "purchas", "tender",
                    "wholesale", "bulk"],
            words: ["опт", "оптом"])),
        Signal(weight: 1.5, label: "задает вопросы о продуктах и услугах", keywords: KeywordSet(
            stems: ["интересу", "заказ", "купить", "приобрест", "товар", "услуг", "продукт", "ассортимент",
                    "каталог", "модел", "образц", "записат", "order", "buy", "product", "service", "catalog", "appointment"],
            phrases: ["есть ли у вас", "у вас есть", "у вас бывают", "можно ли", "можно к вам", "можно записаться", "хочу такой",
                      "хочу такую", "хотел бы", "хотела бы", "нужен", "нужна", "нужны", "нужно сделать", "подберите", "подобрать",
                      "в наличии", "есть в наличии", "свободное время", "свободные окна", "есть запись", "запись на", "замер",
                      "хочу заказать", "хочу купить", "хочу поставить", "хотим сделать", "хотим заказать", "организуете", "сделаете",
                      "можете сделать", "мой заказ", "по поводу заказа", "обещал перезвонить", "обещали перезвонить",
                      "do you have", "do you sell", "i need", "i'm looking for a", "looking for a", "looking for someone",
                      "want to buy", "book a", "is there", "available", "бар ма", "керек"])),
        Signal(weight: 1.5, label: "спрашивает, есть ли товар или услуга", keywords: KeywordSet(
            phrases: ["есть?", "есть ли", "есть у вас", "у вас есть", "have you got"])),
        Signal(weight: 2, label: ClientClassifier.cameByAdLabel, keywords: KeywordSet(
            phrases: ["вашу рекламу", "вашей рекламе", "вашей рекламы", "по рекламе", "увидел рекламу", "увидела рекламу", "видел рекламу",
                      "видела рекламу", "ваше объявление", "вашем объявлении", "ваш пост", "ваш ролик", "вашу страницу",
                      "вас посоветовали", "посоветовали вас", "вас порекомендовали", "порекомендовали вас", "мне вас посоветовал",
                      "saw your ad", "your ad", "your post", "recommended you"])),
        Signal(weight: 1, label: "упоминает конкурентов или аналоги", keywords: KeywordSet(
            stems: ["конкурент", "аналог", "competitor", "alternative"],
            phrases: ["у других", "в другой компании", "другие предлагают", "elsewhere"])),
    ]

    static let nonClientSignals: [Signal] = [
        Signal(weight: 4, label: ClientClassifier.advertisingLabel, keywords: KeywordSet(stems: ["реклам"])),
        Signal(weight: 4, label: "спам или реклама сторонних услуг", keywords: KeywordSet(
            stems: ["заработ", "казино", "кредит", "займ", "выигр", "продвижен", "раскрут", "подписчик",
                    "инвестиц", "крипт", "рассылк", "casino", "loan", "crypto", "lottery", "promot", "followers",
                    "earn"],
            phrases: ["перейдите по ссылке", "пассивный доход", "работа на дому", "доход от", "click the link", "make money",
                      "only today", "seo"])),
        Signal(weight: 3, label: "предлагает свои товары или услуги бизнесу", keywords: KeywordSet(
            stems: ["сотрудничеств", "partnership", "производител", "дистрибьют", "дилер"],
            phrases: ["предлагаем", "предлагает", "мы предлагаем", "наша компания", "мы производим", "мы произв", "готовы поставлять",
                      "поставляем", "ниже рын", "вам нужен", "вам нужна", "вам нужны", "по объявлению", "ищете",
                      "разместим", "оптовые цены для", "для вашего бизнеса", "для вашего магазина", "ваш сайт", "вашего сайта",
                      "we offer", "our company", "we provide", "your website", "your business"])),
        Signal(weight: 3, label: "ищет работу", keywords: KeywordSet(
            stems: ["ваканс", "резюме", "трудоустр", "подработ", "vacanc", "hiring", "resume"],
            phrases: ["ищу работу", "требуются", "требуется ли", "возьмете на работу", "возьмёте на работу", "looking for a job",
                      "part-time job", "job opening"])),
        Signal(weight: 3, label: "автоматическое уведомление или опрос", keywords: KeywordSet(
            stems: ["автоответ"],
            phrases: ["код подтверждения", "никому не сообщайте", "пополнение", "автоматическое сообщение", "оцените, пожалуйста",
                      "оцените качество", "пройдите опрос", "будет заблокирован", "verification code", "your code is",
                      "auto-reply", "automatic reply", "rate our service"])),
        Signal(weight: 2, label: "личный разговор", keywords: KeywordSet(
            stems: ["братан", "скучаю", "люблю", "чмок", "обнимаю", "бабушк", "сынок", "доча"],
            phrases: ["как дела", "что делаешь", "как ты", "чем занят", "пойдем", "пойдём", "идем", "идём", "вечером встрет",
                      "с днем рождения", "с днём рождения", "купи по дороге", "ты где", "приезжай", "у подъезда", "в баню",
                      "how are you", "what's up", "whats up", "miss you", "love you", "wanna hang", "drinks tonight", "hey man"],
            words: ["бро", "мам", "мама", "пап", "папа", "дорогая", "дорогой", "балам", "жаным", "lol", "bro", "mom", "dad"])),
        Signal(weight: 2, label: "обращается на «ты»", keywords: KeywordSet(
            words: ["ты", "тебя", "тебе", "тобой", "твой", "твоя", "твое", "твоё", "скинь", "купи"])),
        Signal(weight: 3, label: "ошиблись номером", keywords: KeywordSet(
            phrases: ["ошиблись номером", "ошибся номером", "ошиблась номером", "не туда попал", "не туда написал", "извините, не туда",
                      "не тот номер", "откуда у вас мой номер", "wrong number", "wrong chat"])),
        Signal(weight: 1.5, label: "не знает, кто это", keywords: KeywordSet(
            phrases: ["кто это", "кто вы", "who is this", "who are you"])),
        Signal(weight: 2, label: "просит о личной помощи", keywords: KeywordSet(
            phrases: ["займи денег", "одолжи", "помоги переехать", "скинь денег", "lend me", "can you borrow"])),
    ]

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
        let analyzed = AnalyzedText(text)
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
        for signal in Self.clientSignals where signal.keywords.occurs(in: analyzed) {
            clientScore += signal.weight
            reasonsFor.append(signal.label)
        }
        let cameByAd = reasonsFor.contains(Self.cameByAdLabel)
        for signal in Self.nonClientSignals where signal.keywords.occurs(in: analyzed) && !(cameByAd && signal.label == Self.advertisingLabel) {
            nonClientScore += signal.weight
            reasonsAgainst.append(signal.label)
        }
        let emoji = TextAnalysis.emojiCount(text)
        let informal = text.filter { Self.informalEmoji.contains($0) }.count
        if emoji >= 3 * customerTexts.count || informal >= 2 {
            nonClientScore += 1.5
            reasonsAgainst.append("неформальный стиль с множеством эмодзи")
        } else if Self.formalMarkers.occurs(in: analyzed) {
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
