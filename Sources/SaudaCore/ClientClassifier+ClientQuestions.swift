/// How a customer's message reads: does it ask a price, whether something is in stock, want or order something, ask
/// the business as «вы», name a model? Each reading looks at the words around its keyword: a price in a seller's
/// phrasing («цены ниже рынка»), a want offered to the reader («вам нужен…?») or a job («ищу работу») is not a
/// customer's.
extension ClientClassifier {
    /// Words of the price and of «how much», typos and Kazakh included («скока», «почём», «багасы канша»).
    static let priceStems = [
        "цен", "стоимост", "стоемост", "стоит", "стоят", "стоить", "стоил", "почем", "почом", "прайс", "расценк", "тариф", "скольк",
        "скок", "сколко", "скоька", "подешев", "skolk", "cena", "tsen", "price", "pricing", "cost", "багас", "турады",
    ]
    /// Whole words of the price: Kazakh «баға» (folded «бага», not the «багаж» its stem would match), «қанша», «rates».
    static let priceWords: Set<String> = ["бага", "канша", "rates"]
    /// Words before a price that make it a seller's («выгодные цены», «по низким ценам»).
    static let offeredPriceStems = ["выгодн", "низк", "доступн", "оптов", "лучш", "хорош", "специальн", "привлекательн", "конкурентн",
                                    "ниже", "affordable", "competitive", "best", "low", "great"]

    /// Whether the message asks a price: a price word not in a seller's phrasing («цена от 5000», «выгодные цены»).
    /// A price asked as «ты» («сколько ты заплатил?») is left to the weighing, which reads it as a friend's talk.
    static func asksPrice(_ message: ClassifierMessage) -> Bool {
        let tokens = message.tokens
        return tokens.indices.contains { index in
            let token = tokens[index]
            let isPrice = priceWords.contains(token) || (priceStems.contains { token.hasWordPrefix($0) }
                && !token.hasWordPrefix("ценю") && !token.hasWordPrefix("ценн") && !token.hasWordPrefix("стоит"))
                || (token.hasWordPrefix("стоит") && (index == 0 || tokens[index - 1] != "не"))
            guard isPrice else { return false }
            let before = tokens[max(0, index - 2)..<index]
            let offered = before.contains { word in offeredPriceStems.contains { word.hasWordPrefix($0) } }
                || (index + 1 < tokens.count && ["от", "ниже", "from"].contains(tokens[index + 1]))
            return !offered
        } || message.contains("how much")
    }

    /// Whether the message asks if something is there: «есть?», «есть ли», «у вас есть», «… есть» at the end, «в
    /// наличии», Kazakh «бар ма», English «do you have»; not «у меня есть» (the writer's own).
    static func asksAvailability(_ message: ClassifierMessage) -> Bool {
        let tokens = message.tokens
        let owners: Set<String> = ["меня", "нас", "тебя", "него", "нее", "них"]
        let isThere = tokens.indices.contains { index in
            guard ["есть", "естьли", "бар"].contains(tokens[index]) else { return false }
            if tokens[max(0, index - 2)..<index].contains(where: owners.contains) { return false }
            let object = tokens[(index + 1)..<min(tokens.count, index + 3)]
            if object.contains(where: { word in jobWords.contains { word.hasWordPrefix($0) } }) { return false }
            if tokens[index] == "бар" { return index + 1 < tokens.count && ["ма", "ме", "ба", "бе"].contains(tokens[index + 1]) }
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            return message.asks || index == tokens.count - 1 || ["ли", "че", "чо", "что", "чтонибудь", "в"].contains(next ?? "")
                || (index >= 2 && tokens[index - 2] == "у" && tokens[index - 1] == "вас")
        }
        return isThere || message.has(availabilityPatterns)
    }
    /// Beginnings of words for a job, which is not a product asked for («есть вакансии?»).
    static let jobWords = ["ваканс", "работ", "мест", "job", "opening"]
    /// ``jobWords`` as patterns.
    static let jobWordPatterns = TokenPatterns(jobWords.map { $0 + "*" })
    /// Other ways to ask whether something is in stock.
    static let availabilityPatterns = TokenPatterns([
        "налич*", "имеет*|имеются", "в продаж*", "барма", "do you have", "have you got", "in stock", "available", "do you sell",
        "do you make", "do you do", "do you offer", "do you carry", "got any",
    ])

    /// Words of wanting and needing, and what turns them from a customer's want into something else.
    static let wantWords: Set<String> = [
        "хочу", "хотел", "хотела", "хотели", "хотим", "хотелось", "хочется", "нужен", "нужна", "нужно", "нужны", "надо", "нуждаюсь",
        "интересует", "интересуют", "интересуюсь", "интересно", "ищу", "ищем", "керек", "подбери", "подберите", "мне",
    ]
    /// Beginnings of words that, next to a want, make it a job seeker's or a seller's («ищу работу», «хотим предложить»).
    static let wantObjectsOfOthers = ["работ", "мест", "подработ", "ваканс", "предлож", "сотруднич", "постав", "представ", "job"]

    /// Whether the message wants something for the writer («хочу заказать», «нужен букет», «мне бы коврики», «керек»):
    /// not refused («не нужно»), not offered to the reader («вам нужен…?»), not a job or an offer («ищу работу», «хотел бы
    /// предложить»), not said to a friend.
    static func wantsSomething(_ message: ClassifierMessage) -> Bool {
        guard !Addressing.isInformalOnly(message) else { return false }
        let tokens = message.tokens
        let found = tokens.indices.contains { index in
            let token = tokens[index]
            guard wantWords.contains(token) else { return false }
            if token == "мне" { return index + 1 < tokens.count && tokens[index + 1] == "бы" }
            let previous = tokens[max(0, index - 2)..<index]
            if previous.contains(where: { ["не", "вам", "вас", "ни"].contains($0) }) { return false }
            let around = tokens[max(0, index - 2)..<min(tokens.count, index + 4)]
            return !around.contains { word in wantObjectsOfOthers.contains { word.hasWordPrefix($0) } }
        }
        return found || (message.has(englishWants) && !message.has(jobWordPatterns))
    }
    /// Wants in English.
    static let englishWants = TokenPatterns([
        "i want", "i need", "we need", "id like", "i would like", "we would like", "looking for a|an|some", "interested in", "need a",
        "want to buy|order|book|get",
    ])

    /// Beginnings of words of ordering and buying («заказать», «куплю», «покупал», «возьму», «бронь»).
    static let orderStems = ["заказ", "закаж", "купить", "куплю", "покуп", "приобр", "оформ", "возьму", "взять", "беру", "брал",
                             "заброн", "брониров", "бронь", "тапсырыс", "order", "buy", "purchas", "booking", "reserv"]

    /// Whether the message orders or buys: a word of ordering not taken by a seller («принимаем заказы») nor in a
    /// mailing's call («оформите по ссылке»), nor said to a friend.
    static func orders(_ message: ClassifierMessage) -> Bool {
        guard !Addressing.isInformalOnly(message) else { return false }
        let tokens = message.tokens
        return tokens.indices.contains { index in
            let token = tokens[index]
            guard orderStems.contains(where: { token.hasWordPrefix($0) }), !Addressing.mailingImperatives.contains(token) else {
                return false
            }
            return !tokens[max(0, index - 2)..<index].contains(where: Addressing.isSellerVerb)
        }
    }

    /// Whether the message speaks to the business as «вы» with a question («вы работаете в воскресенье?», «делаете на
    /// камри?», Kazakh «тигесиз бе?»).
    static func asksTheBusiness(_ message: ClassifierMessage) -> Bool {
        let tokens = message.tokens
        let verb = tokens.indices.contains {
            Addressing.isPoliteVerb(tokens, at: $0) || Addressing.isKazakhPoliteQuestion(tokens, at: $0)
        }
        return verb || (message.asks && message.has(Addressing.politePronouns)) || message.has(englishQuestions)
    }

    /// «Можете», «сможете», «могли бы» before a verb: a request to the business to do something («можете прислать
    /// специалиста?», «сможете сделать к пятнице?»).
    static func asksToDo(_ message: ClassifierMessage) -> Bool {
        let tokens = message.tokens
        return tokens.indices.dropLast().contains { index in
            guard ["можете", "сможете", "могли"].contains(tokens[index]) else { return false }
            let verb = tokens[index + 1] == "бы" && index + 2 < tokens.count ? tokens[index + 2] : tokens[index + 1]
            return verb.hasWordSuffix("ть") || verb.hasWordSuffix("ти")
        }
    }

    /// Requests in English to send, show or count something («can you send me the catalogue»).
    static let englishRequests = TokenPatterns(["send me|us", "please send", "show me", "give me a|the price|quote"])

    /// Requests a customer makes of the business in the «вы» imperative: to send, show, count, book or call back.
    static let requestImperatives: Set<String> = [
        "пришлите", "скиньте", "отправьте", "вышлите", "покажите", "посчитайте", "рассчитайте", "запишите", "перезвоните",
        "позвоните", "сделайте", "подберите", "забронируйте", "скажите", "уточните", "дайте", "проконсультируйте",
    ]
    /// Questions in English to the business.
    static let englishQuestions = TokenPatterns(["do you", "are you open", "can i", "can you", "could you", "would you", "is it possible"])

    /// Words that stand before a year without naming a model («с 2015 года», «в 2020»).
    static let notModels: Set<String> = ["с", "в", "до", "от", "по", "за", "и", "года", "году", "год", "since", "in", "from"]

    /// Whether a car or a product is named with a model or a size («на камри 70», «рав4», «3д», «Приора 2012»).
    static func namesAModel(_ message: ClassifierMessage) -> Bool {
        let tokens = message.tokens
        let mixed = tokens.contains { token in token.contains(where: \.isNumber) && token.contains(where: \.isLetter) }
        if mixed { return true }
        let withYear = tokens.indices.dropFirst().contains { index in
            let year = tokens[index]
            guard year.letterCount == 4, let value = Int(year), (1985...2030).contains(value) else { return false }
            let model = tokens[index - 1]
            return model.letterCount >= 3 && model.allSatisfy(\.isLetter) && !notModels.contains(model)
        }
        return withYear || tokens.indices.dropLast().contains { index in
            guard ["на", "для", "for"].contains(tokens[index]) else { return false }
            let next = tokens[index + 1]
            let hasDigit = next.contains { $0.isNumber }
            let hasLetter = next.contains { $0.isLetter }
            if hasDigit && hasLetter { return true }
            guard hasLetter, index + 2 < tokens.count else { return false }
            let model = tokens[index + 2]
            return model.allSatisfy(\.isNumber) && (2...4).contains(model.letterCount)
        }
    }

    /// Beginnings of words of discounts and promotions («скидку», «акция»).
    static let promotionWords = TokenPatterns(["скидк*", "акци*", "распродаж*", "промокод*", "женилдик*", "discount*", "sale*"])
}
