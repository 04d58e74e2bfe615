/// What a customer of the business writes: questions about prices, stock, terms and bookings, addressed to the
/// business as «вы», and orders. Each cue reads the grammar around its words: a price asked of a friend («сколько ты
/// заплатил») or named in a seller's offer («цены ниже рынка») is not a client's question.
extension ClientClassifier {
    /// Words of the price and of «how much», typos and Kazakh included («скока», «почём», «багасы канша»).
    static let priceStems = ["цен", "стоимост", "стоит", "стоят", "стоить", "стоил", "почем", "почом", "прайс", "расценк", "тариф",
                             "скольк", "скок", "сколко", "скоька", "price", "pricing", "cost", "багас", "турады", "стоемост", "skolk", "cena", "tsen"]
    static let priceWords: Set<String> = ["бага", "канша", "rates"]
    /// Words before a price that make it a seller's («выгодные цены», «по низким ценам»).
    static let offeredPriceStems = ["выгодн", "низк", "доступн", "оптов", "лучш", "хорош", "специальн", "привлекательн", "конкурентн",
                                    "ниже", "affordable", "competitive", "best", "low", "great"]

    /// Whether the message asks a price: a price word not in a seller's phrasing («цена от 5000», «выгодные цены»)
    /// nor in a «ты» conversation.
    static func asksPrice(_ message: ClassifierMessage) -> Bool {
        guard !Addressing.isInformalOnly(message) else { return false }
        let tokens = message.tokens
        return tokens.indices.contains { index in
            let token = tokens[index]
            let isPrice = priceWords.contains(token) || (priceStems.contains { token.hasPrefix($0) }
                && !token.hasPrefix("ценю") && !token.hasPrefix("ценн") && !token.hasPrefix("стоит"))
                || (token.hasPrefix("стоит") && (index == 0 || tokens[index - 1] != "не"))
            guard isPrice else { return false }
            let before = tokens[max(0, index - 2)..<index]
            let offered = before.contains { word in offeredPriceStems.contains { word.hasPrefix($0) } }
                || (index + 1 < tokens.count && ["от", "ниже", "from"].contains(tokens[index + 1]))
            return !offered
        } || message.contains("how much")
    }

    /// Whether the message asks if something is there: «есть?», «есть ли», «у вас есть», «… есть» at the end, «в
    /// наличии», Kazakh «бар ма», English «do you have»; not «у меня есть» (the writer's own).
    static func asksAvailability(_ message: ClassifierMessage) -> Bool {
        guard !Addressing.isInformalOnly(message) else { return false }
        let tokens = message.tokens
        let owners: Set<String> = ["меня", "нас", "тебя", "него", "нее", "них"]
        let isThere = tokens.indices.contains { index in
            guard ["есть", "естьли", "бар"].contains(tokens[index]) else { return false }
            if tokens[max(0, index - 2)..<index].contains(where: owners.contains) { return false }
            let object = tokens[(index + 1)..<min(tokens.count, index + 3)]
            if object.contains(where: { word in jobWords.contains { word.hasPrefix($0) } }) { return false }
            if tokens[index] == "бар" { return index + 1 < tokens.count && ["ма", "ме", "ба", "бе"].contains(tokens[index + 1]) }
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            return message.asks || index == tokens.count - 1 || ["ли", "че", "чо", "что", "чтонибудь", "в"].contains(next ?? "")
                || (index >= 2 && tokens[index - 2] == "у" && tokens[index - 1] == "вас")
        }
        return isThere || message.has(availabilityPatterns)
    }
    /// Beginnings of words for a job, which is not a product asked for («есть вакансии?»).
    static let jobWords = ["ваканс", "работ", "мест", "job", "opening"]
    static let availabilityPatterns = TokenPatterns([
        "налич*", "имеет*|имеются", "в продаж*", "барма", "do you have", "have you got", "in stock", "available", "do you sell",
        "do you make", "do you do", "do you offer", "do you carry", "got any",
    ])

    /// Words of wanting and needing, and what turns them from a customer's want into something else.
    static let wantWords: Set<String> = [
        "хочу", "хотел", "хотела", "хотели", "хотим", "хотелось", "хочется", "нужен", "нужна", "нужно", "нужны", "надо", "нуждаюсь",
        "интересует", "интересуют", "интересуюсь", "интересно", "ищу", "ищем", "керек", "подбери", "подберите", "мне",
    ]
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
            return !around.contains { word in wantObjectsOfOthers.contains { word.hasPrefix($0) } }
        }
        return found || (message.has(englishWants) && !message.has(stems: ["job"]))
    }
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
            guard orderStems.contains(where: { token.hasPrefix($0) }), !Addressing.mailingImperatives.contains(token) else { return false }
            return !tokens[max(0, index - 2)..<index].contains(where: Addressing.isSellerVerb)
        }
    }

    /// Whether the message speaks to the business as «вы» with a question («вы работаете в воскресенье?», «делаете на
    /// камри?», Kazakh «тигесиз бе?»).
    static func asksTheBusiness(_ message: ClassifierMessage) -> Bool {
        let tokens = message.tokens
        let verb = tokens.indices.contains { Addressing.isPoliteVerb(tokens, at: $0) || Addressing.isKazakhPoliteQuestion(tokens, at: $0) }
        return verb || (message.asks && message.has(Addressing.politePronouns)) || message.has(englishQuestions)
    }

    /// Requests a customer makes of the business in the «вы» imperative: to send, show, count, book or call back.
    static let requestImperatives: Set<String> = [
        "пришлите", "скиньте", "отправьте", "вышлите", "покажите", "посчитайте", "рассчитайте", "запишите", "перезвоните",
        "позвоните", "сделайте", "подберите", "забронируйте", "оформите", "скажите", "уточните", "дайте", "проконсультируйте",
    ]
    static let englishQuestions = TokenPatterns(["do you", "are you open", "can i", "can you", "could you", "would you", "is it possible"])

    /// Words that stand before a year without naming a model («с 2015 года», «в 2020»).
    static let notModels: Set<String> = ["с", "в", "до", "от", "по", "за", "и", "года", "году", "год", "since", "in", "from"]

    /// Whether a car or a product is named with a model or a size («на камри 70», «на рав4», «Приора 2012»).
    static func namesAModel(_ message: ClassifierMessage) -> Bool {
        let tokens = message.tokens
        let withYear = tokens.indices.dropFirst().contains { index in
            let year = tokens[index]
            guard year.count == 4, year.allSatisfy(\.isNumber), let value = Int(year), (1985...2030).contains(value) else { return false }
            let model = tokens[index - 1]
            return model.count >= 3 && model.allSatisfy(\.isLetter) && !notModels.contains(model)
        }
        return withYear || tokens.indices.dropLast().contains { index in
            guard ["на", "для", "for"].contains(tokens[index]) else { return false }
            let next = tokens[index + 1]
            let hasDigit = next.contains { $0.isNumber }
            let hasLetter = next.contains { $0.isLetter }
            if hasDigit && hasLetter { return true }
            guard hasLetter, index + 2 < tokens.count else { return false }
            let model = tokens[index + 2]
            return model.allSatisfy(\.isNumber) && (2...4).contains(model.count)
        }
    }

    /// Beginnings of words of discounts and promotions («скидку», «акция»).
    static let promotionStems = ["скидк", "акци", "распродаж", "промокод", "женилдик", "discount", "sale"]

    /// The client cues with their weights.
    static let clientCues: [ClassifierCue] = [
        ClassifierCue(2, "спрашивает о ценах", .topic, inAnyMessage: { asksPrice($0) }),
        ClassifierCue(1.5, "спрашивает о скидках и акциях", .topic) { text in
            text.any { $0.has(stems: promotionStems) && ($0.asks || Addressing.isPolite($0)) }
        },
        ClassifierCue(2, "запрашивает КП, договор или детали", .topic, patterns: [
            "коммерческ*", "договор*", "реквизит*", "смета|смету|сметы|смете|сметой", "расчет*", "рассчита*", "посчита*",
            "спецификаци*", "кп", "счет", "счета",
            "счет* на оплат*", "каки* услови*", "услови* оплат*|доставк*|рассрочк*", "invoice*", "quot*", "proposal", "contract*",
            "estimate*",
        ]),
        ClassifierCue(1.5, "интересуется сроками, доставкой, гарантией", .topic, patterns: [
            "доставк*", "доставл*", "достав*", "самовывоз*", "привез*", "привоз*", "отправк*", "отправля*", "жеткиз*", "гарант*", "срок*",
            "изготов*", "предоплат*", "оплат*", "толем*", "кепилдик*", "каспи*", "kaspi", "рассрочк*", "в кредит", "кредитом", "налич*", "возврат*", "обмен*",
            "примерк*", "установ*", "монтаж*", "замер*", "по времени", "сколько дней", "когда будет готов*", "deliver*", "shipping",
            "ship", "warrant*", "guarantee*", "installment*", "payment*",
        ]),
        ClassifierCue(2, "говорит о бюджете, закупках, тендерах", .topic, patterns: [
            "бюджет*", "закуп*", "госзакуп*", "тендер*", "оптов*", "оптом", "опт", "партия|партию|партии", "budget*", "procure*",
            "purchas*", "tender*", "wholesale", "bulk",
        ]),
        ClassifierCue(1.5, "задает вопросы о продуктах и услугах", inAnyMessage: { wantsSomething($0) }),
        ClassifierCue(1.5, "хочет заказать или купить", inAnyMessage: { orders($0) }),
        ClassifierCue(1.5, "спрашивает, есть ли товар или услуга", .topic, inAnyMessage: { asksAvailability($0) }),
        ClassifierCue(1.5, "хочет записаться или приехать", patterns: [
            "запис*", "окошк*", "окно|окна|окон", "консультаци*", "на прием", "прием|приема", "свободн* врем*|мест*|окн*|окош*|дат*|дн*",
            "до скольки", "во сколько", "график* работ*", "режим* работ*", "работаете", "адрес*", "где _ наход*", "где наход*",
            "как к вам", "к вам подъехать|приехать|прийти|зайти|подойти", "можно подъехать|приехать|прийти|зайти|подойти",
            "подъехать посмотреть", "приехать посмотреть", "are you open", "open on|today|tomorrow", "opening hours", "where are you",
            "appointment*", "book a|an", "can i book", "schedule", "what time do you", "do you close", "жазыл*", "мекенжай*",
            "орналаск*", "сатып ал*",
        ]),
        ClassifierCue(0.75, "обращается к бизнесу на «вы» с вопросом", .topic, inAnyMessage: { asksTheBusiness($0) }),
        ClassifierCue(0.75, "просит бизнес прислать, посчитать или записать", inAnyMessage: { $0.has(requestImperatives) }),
        ClassifierCue(2, ClientClassifier.cameByAdLabel, patterns: [
            "ваш* реклам*", "по реклам*", "увидел* реклам*", "видел* реклам*", "ваш* объявлени*", "ваш* пост*", "ваш* ролик*",
            "ваш* видео*", "ваш* сторис", "в сторис", "ваш* страниц*", "ваш* инстаграм*", "ваш* тикток*", "вас посоветовал*",
            "посоветовал* вас|ваш*", "вас порекомендовал*", "порекомендовал* вас|ваш*", "мне вас", "нашел|нашла вас", "saw your",
            "your ad|ads|post|video", "recommended you", "found you",
        ]),
        ClassifierCue(2, "уже покупал у бизнеса или ждет заказ", patterns: [
            "у вас брал*|покупал*|заказывал*|делал*|купил*|заказал*|заказ*", "брал*|покупал*|заказывал*|заказал*|купил* у вас",
            "заказывал*", "мой|моему|моим заказ*", "по|моему заказ*", "номер заказ*", "по поводу заказ*", "обещал* перезвонить",
            "ваш* консультант*|менеджер*|мастер*|сотрудник*", "по гарантии", "my order", "писал*|писали вам",
            "вам писал*|писали", "не ответили", "жду ответ*", "по поводу|насчет",
        ]),
        ClassifierCue(1, "упоминает конкурентов или аналоги", .topic, patterns: [
            "конкурент*", "аналог*", "дешевле", "сравнива*", "у других", "в друг* магазин*|компани*|салон*|мест*", "другие предлагают",
            "competitor*", "alternative*", "cheaper", "elsewhere",
        ]),
        ClassifierCue(1, "называет товар или модель", .topic) { text in
            text.any { !Addressing.isInformalOnly($0) && (namesAModel($0) || $0.has(stems: productStems)) }
        },
    ]

    /// Kinds of goods and services the businesses sell (car mats and covers, furniture, flowers, beauty, dentistry,
    /// cleaning, tours, building materials) and the words of choosing among them.
    static let productStems = [
        "коврик", "чехл", "чехол", "накидк", "полик", "диван", "шкаф", "кухн", "матрас", "кроват", "мебел", "букет", "торт", "тур",
        "путевк", "маникюр", "педикюр", "стрижк", "окрашиван", "наращиван", "ресниц", "бров", "зуб", "имплант", "брекет", "винир",
        "чистк", "уборк", "химчистк", "ремонт", "покраск", "запчаст", "шин", "плитк", "ламинат", "цемент", "кирпич", "газоблок",
        "товар", "услуг", "продукц", "каталог", "ассортимент", "модел", "размер", "цвет", "комплект", "вариант", "образц",
        "коврик", "mats", "covers", "sofa", "flowers", "haircut", "cleaning",
    ]
}
