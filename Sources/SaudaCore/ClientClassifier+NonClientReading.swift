/// How a message of someone who is not a client reads: a seller offering to send a catalogue or to handle the
/// business's things, a job seeker offering a worker or introducing a trade, a friend calling the reader «мам» or «бро»,
/// speaking as «ты».
extension ClientClassifier {
    /// Verbs a seller uses in the infinitive with «можем», «готовы», «хотим» («хотим предложить вам сотрудничество»,
    /// «готовы поставлять»; not «хотим поставить виниры», a customer's).
    static let offerInfinitives = TokenPatterns([
        "можем|могу|готовы|готов|хотим|хотел|хотела|хотели|рады|хотелось предлож*|поставл*|сотруднич*|предостав*|оказ*|помочь",
        "можем|могу|готовы|готов|хотим|хотел|хотела|хотели|рады|хотелось _ предлож*|поставл*|сотруднич*|предостав*|оказ*|помочь",
    ])
    /// What a seller offers to send: a catalogue, a price list, samples, a résumé.
    static let offeredDocuments = ["каталог", "прайс", "кп", "презентаци", "образц", "предложени", "портфолио", "резюме", "кейс"]
    /// Words before «прислать каталог» that make it the customer's request («можете прислать…?»).
    static let requestModals: Set<String> = ["можете", "сможете", "могли", "можно", "бы", "нужно", "надо", "прошу", "просьба"]

    /// Words of sending in the infinitive and in the writer's own future («прислать», «отправлю», «скинем»).
    static let sendingWords: Set<String> = ["отправить", "прислать", "выслать", "скинуть", "отправлю", "пришлю", "вышлю", "скину",
                                            "отправим", "пришлем", "вышлем", "скинем"]

    /// Whether the message offers to send a document («Готовы прислать прайс», «Отправить каталог?», «прайс отправлю»).
    static func offersToSend(_ message: ClassifierMessage) -> Bool {
        let tokens = message.tokens
        return tokens.indices.contains { index in
            guard sendingWords.contains(tokens[index]) else { return false }
            let near = tokens[max(0, index - 2)..<min(tokens.count, index + 3)]
            guard near.contains(where: { word in offeredDocuments.contains { word.hasWordPrefix($0) } }) else { return false }
            return index == 0 || !requestModals.contains(tokens[index - 1])
        }
    }

    /// Whether the writer, as «мы», offers to do something with the business's own things («можем хранить ваш товар»,
    /// «готовы вести вашу страницу»).
    static func offersToHandleTheBusinesssThings(_ message: ClassifierMessage) -> Bool {
        let tokens = message.tokens
        return tokens.indices.contains { index in
            guard ["можем", "готовы"].contains(tokens[index]) else { return false }
            return tokens[(index + 1)..<min(tokens.count, index + 5)].contains { $0.hasWordPrefix("ваш") }
        }
    }

    /// Whether the message asks the business if it needs a worker («вам не нужны швеи?», «у вас требуются мастера?»,
    /// «вы ищете водителя?»).
    static func offersAWorker(_ message: ClassifierMessage) -> Bool {
        let tokens = message.tokens
        return tokens.indices.contains { index in
            let token = tokens[index]
            guard token.hasWordPrefix("нуж") || token.hasWordPrefix("требу") || token == "ищете" else { return false }
            let before = tokens[max(0, index - 2)..<index]
            guard before.contains(where: { ["вам", "вас", "вы"].contains($0) }) else { return false }
            let after = tokens[(index + 1)..<min(tokens.count, index + 4)]
            return after.contains { word in occupationStems.contains { word.hasWordPrefix($0) } }
        }
    }

    /// Whether the writer introduces themself by a trade («я бровист», «я стоматолог-терапевт», «я мастер по …», «I'm a
    /// graphic designer»).
    static func introducesATrade(_ message: ClassifierMessage) -> Bool {
        let tokens = message.tokens
        return tokens.indices.contains { index in
            guard ["я", "im"].contains(tokens[index]) || (tokens[index] == "am" && index > 0 && tokens[index - 1] == "i") else {
                return false
            }
            let after = tokens[(index + 1)..<min(tokens.count, index + 4)]
            return after.contains { word in occupationStems.contains { word.hasWordPrefix($0) } }
        }
    }

    /// Trades people apply for.
    static let occupationStems = [
        "мастер", "водител", "продав", "администратор", "курьер", "швея", "швеи", "швей", "уборщиц", "повар", "официант", "бариста",
        "менеджер", "бухгалтер", "сотрудник", "работник", "парикмахер", "бровист", "лешмейкер", "стилист", "кассир", "грузчик",
        "охранник", "разнорабоч", "сварщик", "монтажник", "стоматолог", "врач", "медсестр", "косметолог", "массажист", "няня",
        "маникюрщиц", "визажист", "юрист", "программист", "дизайнер", "таргетолог", "фотограф", "видеограф", "мобилограф",
        "копирайтер", "маркетолог", "smm", "смм", "developer", "waiter", "driver", "designer",
    ]

    /// Words said to family and friends as a form of address («мам», «бро», «балам»), wherever they stand.
    static let vocatives: Set<String> = [
        "мам", "мамуль", "мамочка", "пап", "папуль", "папочка", "бро", "братан", "братишка", "братуха", "братик", "сестренка",
        "сеструха", "доча", "доченька", "сынок", "бабуль", "дедуль", "зай", "зая", "зайка", "малыш", "солнышко", "дружище",
        "чувак", "балам", "жаным", "досым", "бауырым", "кызым", "улым", "анашым", "апашым", "акешим", "mom", "mommy", "dad",
        "daddy", "bro", "dude", "babe", "honey", "sis",
    ]
    /// Words that are a form of address only at the edge of a message and set off by a comma («Мама, …», «…, брат»):
    /// elsewhere they are someone spoken about («подарок для мамы», «брат у вас брал»).
    static let edgeVocatives: Set<String> = [
        "мама", "папа", "брат", "сестра", "сын", "дочь", "дочка", "дорогая", "дорогой", "любимая", "любимый", "родная", "родной",
        "жена", "муж", "бабушка", "дедушка", "друг", "подруга",
    ]

    /// Whether the message calls the reader by a word of family or friendship.
    static func addressesKin(_ message: ClassifierMessage) -> Bool {
        let tokens = message.tokens
        if tokens.contains(where: vocatives.contains) { return true }
        guard let first = tokens.first, let last = tokens.last else { return false }
        if edgeVocatives.contains(first), tokens.count == 1 || message.pausedAfter[0] { return true }
        return tokens.count > 1 && edgeVocatives.contains(last) && message.pausedAfter[tokens.count - 2]
    }

    /// How much speaking as «ты» weighs in the conversation: one «ты» alone 1.5 («ты тут?» may be anyone), one
    /// verb or request in the «ты» form 2 («скинь фотки»), two or more words 2.5 («ты где? выходи»); 0 without any.
    static func informalWeight(_ text: ClassifierText) -> Double {
        let words = text.messages.filter { $0.informalWords > 0 }.flatMap { $0.tokens.filter(Addressing.isInformal) }
        guard let word = words.first else { return 0 }
        if words.count >= 2 { return 2.5 }
        return Addressing.informalPronouns.contains(word) ? 1.5 : 2
    }

    /// How a seller speaks of itself and of the business it writes to.
    static let sellerPatterns = TokenPatterns([
        "предлагаем", "предлагаю", "предлагает", "предлагают", "поставщик*", "мы _ производител*|поставщик*|дистрибьют*|дилер*",
        "мы производител*|поставщик*|дистрибьют*|дилер*|студи*|агентств*|завод*|фабрик*", "ищем дилер*|дистрибьют*|партнер*",
        "от производител*", "наша компания",
        "наш* услуг*|продукц*|завод*|агентств*|студи*|производств*|кейс*", "я из агентств*|студи*",
        "сотрудничеств*", "партнерств*", "ниже рынка", "по низким ценам", "оптов* цен* для", "для магазинов|салонов|бизнеса",
        "для вашего|вашей|ваших", "по запросу", "ваш* бизнес*|продаж*|бренд*", "вам интересно", "partnership", "we offer", "we provide",
        "we help", "we supply",
        "we are a|an", "our company|services|agency|team", "your business|website|company|store|brand", "free audit",
    ])
}
