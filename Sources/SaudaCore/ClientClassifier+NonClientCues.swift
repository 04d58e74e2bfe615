/// What a contact who is not a client writes: advertisers, suppliers and spammers offering something to the
/// business, job seekers, family and friends, wrong numbers and automatic notices.
extension ClientClassifier {
    /// Verbs a seller uses in the infinitive with «можем», «готовы», «хотим» («хотим предложить вам сотрудничество»).
    static let offerInfinitives = TokenPatterns([
        "можем|могу|готовы|готов|хотим|хотел|хотела|хотели|рады|хотелось предлож*|постав*|сотруднич*|предостав*|оказ*|помочь|показать",
        "можем|могу|готовы|готов|хотим|хотел|хотела|хотели|рады|хотелось _ предлож*|постав*|сотруднич*|предостав*|оказ*|помочь",
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
            guard near.contains(where: { word in offeredDocuments.contains { word.hasPrefix($0) } }) else { return false }
            return index == 0 || !requestModals.contains(tokens[index - 1])
        }
    }

    /// Whether the message asks the business if it needs a worker («вам не нужны швеи?», «у вас требуются мастера?»,
    /// «вы ищете водителя?»).
    static func offersAWorker(_ message: ClassifierMessage) -> Bool {
        let tokens = message.tokens
        return tokens.indices.contains { index in
            let token = tokens[index]
            guard token.hasPrefix("нуж") || token.hasPrefix("требу") || token == "ищете" else { return false }
            let before = tokens[max(0, index - 2)..<index]
            guard before.contains(where: { ["вам", "вас", "вы"].contains($0) }) else { return false }
            let after = tokens[(index + 1)..<min(tokens.count, index + 4)]
            return after.contains { word in occupationStems.contains { word.hasPrefix($0) } }
        }
    }

    /// Whether the writer introduces themself by a trade («я бровист», «я стоматолог-терапевт», «я мастер по …»).
    static func introducesATrade(_ message: ClassifierMessage) -> Bool {
        let tokens = message.tokens
        return tokens.indices.contains { index in
            guard tokens[index] == "я" else { return false }
            let after = tokens[(index + 1)..<min(tokens.count, index + 3)]
            return after.contains { word in occupationStems.contains { word.hasPrefix($0) } }
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
        "сеструха", "доча", "доченька", "сынок", "сына", "бабуль", "дедуль", "зай", "зая", "зайка", "малыш", "солнышко", "дружище",
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
        let words = text.messages.flatMap { $0.tokens.filter(Addressing.isInformal) }
        guard let word = words.first else { return 0 }
        if words.count >= 2 { return 2.5 }
        return Addressing.informalPronouns.contains(word) ? 1.5 : 2
    }

    /// The non-client cues with their weights.
    static let nonClientCues: [ClassifierCue] = [
        ClassifierCue(4, ClientClassifier.advertisingLabel, isOwnTrade: true, patterns: ["реклам*", "advertis*"]),
        ClassifierCue(4, "спам или реклама сторонних услуг", isOwnTrade: true, patterns: [
            "seo", "сео", "smm", "смм", "таргет*", "контекстн*", "продвижени*", "продвига*", "раскрут*", "лидоген*", "подписчик*",
            "охват*", "маркетинг*", "marketing", "лендинг*", "увелич* продаж*", "привлеч* клиент*", "привед* клиент*|заявк*",
            "привед* _ клиент*|заявк*", "заявок в месяц", "в топ*", "топ* яндекс*|google|гугл*", "ведени* соцсет*|инстаграм*|страниц*",
            "website design", "web design", "social media", "grow your", "more clients|customers|leads", "followers", "promot*",
        ]),
        ClassifierCue(4, "спам, кредиты или заработок", isOwnTrade: true, patterns: [
            "казино", "casino", "выигр*", "розыгрыш*", "приз|приза|призы|призов", "депозит*", "инвест*", "крипт*", "usdt", "биткоин*",
            "bitcoin", "forex", "форекс", "трейдинг*", "заработ*", "lottery", "crypto*", "займ|займы|микрозайм*", "пассивн* доход*",
            "доход от", "работа на дому", "без вложений", "без справок", "без проверки", "кредит* под|без|за|до|на", "одобрен*",
            "нужны деньги", "по ссылке", "пиши* в лс|директ|личку|личные", "подробности в лс", "только сегодня", "click the link",
            "you ve won", "youve won", "claim your", "make money", "only today", "earn", "congratulations you", "без отказа",
            "получи|переходи|жми|забирай|успей|регистрируйся", "вы стали победител*", "победител* акци*|розыгрыш*",
        ]),
        ClassifierCue(1.5, "присылает ссылку", isOwnTrade: true) { text in text.any { $0.hasLink } },
        ClassifierCue(3, "предлагает свои товары или услуги бизнесу", isOwnTrade: true) { text in
            text.any { message in message.has(offerInfinitives) || offersToSend(message) || message.has(sellerPatterns) }
        },
        // «Мы делаем», «занимаемся», «поставляем»: a seller speaks so, and so does a company that buys («мы делаем ремонт,
        // нужна плитка»); alone it does not make a seller.
        ClassifierCue(2, "говорит о своем деле от лица компании", isOwnTrade: true) { text in
            text.any { message in message.tokens.contains(where: Addressing.isSellerVerb) }
        },
        ClassifierCue(3, "ищет работу", isOwnTrade: true, patterns: [
            "ваканс*", "резюме", "трудоустр*", "подработ*", "собеседовани*", "стажировк*", "vacanc*", "resume", "hiring", "cv", "job|jobs",
            "ищу работ*|мест*|подработ*", "работ* ищу", "возьмет* на работ*", "возьмете _ на работ*", "возьмите _ на работ*",
            "опыт работ*", "у меня опыт", "стаж*", "part time", "opening|openings",
        ]),
        ClassifierCue(3, "предлагает себя в работники", isOwnTrade: true, inAnyMessage: { offersAWorker($0) }),
        ClassifierCue(2, "представляется специалистом", isOwnTrade: true, inAnyMessage: { introducesATrade($0) }),
        ClassifierCue(3, "автоматическое уведомление или опрос", isOwnTrade: true, patterns: [
            "код подтвержд*|получени*|для входа", "ваша посылка", "никому не сообщайте|говорите", "пополнен*", "списани*", "остаток",
            "баланс*", "автоответ*",
            "автоматическ* сообщени*", "в отпуске", "отвечу после", "вне офиса", "не отвечайте", "оцените _ качество", "оцените качество",
            "от 1 до 5", "опрос*", "будет заблокирован*", "подтвердите данные", "ваш код", "verification code", "your code",
            "out of office",
            "auto reply", "automatic reply", "rate our", "do not reply",
        ]),
        ClassifierCue(2, "личный разговор", patterns: [
            "как дела*", "как ты", "как сам", "как семья|дети|детки|родители|здоровье|учеба|настроение", "как жизнь", "че как",
            "чо как", "как оно", "что|че|чо делаешь", "чем занят*",
            "давно не видел*", "скучаю", "люблю", "целую", "обнимаю", "с днем рождения", "с днюх*", "с др", "поздравляю", "счастья",
            "калайсын", "калайсыз", "сагындым", "жаксы коремин", "калын калай", "жагдай калай", "не истеп жатырсын", "кайдасын", "туган кунин*",
            "how are you", "how r u", "whats up", "what s up", "wassup", "miss you", "love you", "are we still on", "pick me up",
            "hang out", "drinks tonight", "hey man",
        ]),
        ClassifierCue(1, "смеется и шутит", patterns: ["ахах*", "хаха*", "хах", "хех*", "ржу", "ржак*", "ору", "лол", "lol", "lmao", "haha*"]),
        ClassifierCue(2, "обращается как к родственнику или другу", inAnyMessage: { addressesKin($0) }),
        ClassifierCue(1.5, "обращается на «ты»") { text in informalWeight(text) == 1.5 },
        ClassifierCue(2, "обращается на «ты» с просьбой или вопросом") { text in informalWeight(text) == 2 },
        ClassifierCue(2.5, "обращается на «ты» (не к бизнесу)") { text in informalWeight(text) == 2.5 },
        ClassifierCue(1, "говорит о личных делах", patterns: [
            "садик*", "детсад*", "тренировк*", "домой", "дома", "ужин*", "бешбармак*", "шашлык*", "баня|баню|бане", "футбол*", "в кино",
            "днюх*", "зарплат*", "долг*", "получк*", "хозяйк*", "тойга|тойда|тойга", "уйге|уйде", "задержусь", "опоздаю", "скоро буду",
            "уже на месте", "я на месте", "жду тебя", "по пути|дороге домой", "пойдем|пошли|погнали|айда|го в|на",
            "барамыз|барайык|кешке", "tonight", "wanna", "home",
        ]),
        ClassifierCue(3, "ошиблись номером", patterns: [
            "ошиб* номер*|чат*|адрес*", "номер*|чат* ошиб*", "не в тот чат", "не туда", "не тот номер", "не по адресу", "не вам",
            "удалите мой|мои номер*|данные",
            "удалите номер", "откуда у вас мой номер", "откуда мой номер", "я вам не писал*|звонил*", "я вас не знаю", "не знаю вас",
            "wrong number", "wrong chat", "wrong person",
        ]),
        ClassifierCue(1.5, "просит не писать ему", patterns: [
            "не пишите", "не звоните", "не беспокойте", "больше не пиш*", "отпишите*", "stop texting|writing", "dont text|call",
        ]),
        ClassifierCue(1.5, "не знает, кто это", patterns: ["кто это", "кто вы", "вы кто", "это кто", "who is this", "who are you"]),
        ClassifierCue(2, "просит о личной помощи", patterns: [
            "одолжи", "займи", "в долг", "до зарплаты", "скинь денег", "переведи мне", "верни* долг", "помоги* переехать", "lend me",
            "borrow",
        ]),
    ]

    /// How a seller speaks of itself and of the business it writes to.
    static let sellerPatterns = TokenPatterns([
        "предлагаем", "предлагаю", "предлагает", "предлагают", "поставщик*", "мы _ производител*|поставщик*|дистрибьют*|дилер*",
        "мы производител*|поставщик*|дистрибьют*|дилер*|студи*|агентств*|завод*", "от производител*", "наша компания",
        "наш* услуг*|продукц*|завод*|агентств*|студи*|производств*|кейс*", "я из агентств*|студи*",
        "сотрудничеств*", "партнерств*", "дилер*", "дистрибьют*", "напрямую", "ниже рынка", "по низким ценам",
        "оптов* цен* для", "для магазин*|салон*|бизнеса", "для вашего|вашей|ваших", "по запросу", "ваш* бизнес*|продаж*|клиент*|бренд*",
        "ваш сайт", "вашего сайта", "ваш* сайт* не", "вам интересно", "partnership", "we offer", "we provide", "we help", "we supply",
        "we are a|an", "our company|services|agency|team", "your business|website|company|store|brand", "free audit",
    ])
}
