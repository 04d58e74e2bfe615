/// Who a message speaks to and as whom, read from Russian grammar: «ты» and its verbs («делаешь», «купи») are how
/// family and friends write, «вы» and its verbs («делаете», «пришлите») how a customer writes to a business, and
/// «мы» with verbs of offering («предлагаем», «сделаем», «поставляем») how a seller writes to one.
enum Addressing {
    /// «Ты» in all its cases and «твой».
    static let informalPronouns: Set<String> = [
        "ты", "тебя", "тебе", "тобой", "тя", "твой", "твоя", "твое", "твои", "твоего", "твоей", "твоему", "твоим", "твоих", "твою",
    ]
    /// Requests of everyday life in the «ты» form («купи хлеба», «скинь фотки», «забери меня»).
    static let informalImperatives: Set<String> = [
        "купи", "скинь", "кинь", "переведи", "забери", "позвони", "набери", "напиши", "приходи", "приезжай", "заезжай", "выходи",
        "подожди", "жди", "займи", "одолжи", "верни", "возьми", "принеси", "глянь", "зайди", "передай", "захвати", "сходи",
        "забудь", "приготовь", "ответь", "перезвони", "спускайся", "открой", "кел", "бер",
    ]
    /// Words that end like a «ты» verb and are not one («лишь»).
    static let informalLookalikes: Set<String> = ["лишь", "тишь", "мышь", "малышь", "шалишь"]

    /// Whether `token` speaks to someone as «ты»: the pronoun, a verb in «-ешь» / «-ишь», a «ты» imperative, or a
    /// Kazakh verb in «-сың» / «-сің» («калайсын», «журсин», folded).
    static func isInformal(_ token: String) -> Bool {
        if informalPronouns.contains(token) || informalImperatives.contains(token) { return true }
        if informalLookalikes.contains(token) { return false }
        let verb = token.letterCount >= 5 && ["ешь", "ишь", "ешься", "ишься"].contains { token.hasWordSuffix($0) }
        let kazakhVerb = token.letterCount >= 6 && (token.hasWordSuffix("сын") || token.hasWordSuffix("син"))
        return verb || kazakhVerb
    }

    /// «Вы» in all its cases and «ваш».
    static let politePronouns: Set<String> = [
        "вы", "вас", "вам", "вами", "ваш", "ваша", "ваше", "ваши", "вашего", "вашей", "вашему", "вашим", "ваших", "вашу", "вашем",
    ]
    /// Prepositions after which a word in «-ете» / «-ите» is a noun («на сайте», «в комплекте»), not a verb.
    static let prepositions: Set<String> = ["в", "во", "на", "о", "об", "при", "по"]
    /// Calls to action of mass mailings, which speak as «вы» but ask nothing of the business («пишите», «звоните»).
    static let mailingImperatives: Set<String> = [
        "пишите", "звоните", "оформите", "подтвердите", "ответьте", "переходите", "перейдите", "жмите", "нажмите", "получите",
        "успейте", "обращайтесь", "заходите", "регистрируйтесь", "подписывайтесь", "представьте", "хотите", "примите",
        "оставьте", "ожидайте",
    ]
    /// Polite words in the «вы» form that ask nothing yet: greetings and openers («здравствуйте», «подскажите»,
    /// «извините»).
    static let politeOpeners: Set<String> = [
        "здравствуйте", "здраствуйте", "здрасте", "здрасьте", "здравстуйте", "подскажите", "скажите", "извините", "простите",
        "послушайте", "слушайте", "смотрите",
    ]

    /// Whether the word at `index` is a verb speaking to someone as «вы» («делаете», «работаете», «пришлите»,
    /// «скиньте»), not a noun in the same ending after a preposition, nor a mailing's call to action.
    static func isPoliteVerb(_ tokens: [String], at index: Int) -> Bool {
        let token = tokens[index]
        guard token.letterCount >= 5, ["ете", "ите", "йте", "ьте"].contains(where: { token.hasWordSuffix($0) }),
              !mailingImperatives.contains(token), !politeOpeners.contains(token) else { return false }
        return index == 0 || !prepositions.contains(tokens[index - 1])
    }

    /// Kazakh polite words in «-сыз» / «-сиз» that are greetings or small talk, not questions about the business.
    static let kazakhPoliteGreetings: Set<String> = ["саламатсыз", "саламетсиз", "салеметсиз", "калайсыз", "сизсиз"]

    /// Whether the word at `index` is a Kazakh verb in the polite «сіз» form followed by a question particle («тігесіз
    /// бе?», «жасайсыз ба?», folded «тигесиз бе»).
    static func isKazakhPoliteQuestion(_ tokens: [String], at index: Int) -> Bool {
        let token = tokens[index]
        guard token.letterCount >= 6, token.hasWordSuffix("сыз") || token.hasWordSuffix("сиз"), !kazakhPoliteGreetings.contains(token),
              index + 1 < tokens.count else { return false }
        return ["ба", "бе", "ма", "ме", "па", "пе"].contains(tokens[index + 1])
    }

    /// How many words of `message` speak as «ты».
    static func informalCount(_ message: ClassifierMessage) -> Int { message.informalWords }

    /// Whether `message` speaks to the reader as «вы» (a pronoun or a verb).
    static func isPolite(_ message: ClassifierMessage) -> Bool { message.speaksPolitely }

    /// Whether `tokens` speak to the reader as «вы» (a pronoun or a verb).
    static func isPolite(_ tokens: [String]) -> Bool {
        tokens.contains(where: politePronouns.contains) || tokens.indices.contains { isPoliteVerb(tokens, at: $0) }
    }

    /// Whether `message` speaks as «ты» and never as «вы», or belongs to a conversation that does: a friend's
    /// question, whatever it asks about.
    static func isInformalOnly(_ message: ClassifierMessage) -> Bool {
        message.inInformalConversation || (informalCount(message) > 0 && !isPolite(message))
    }

    /// Beginnings of verbs of offering, making, supplying and helping.
    static let offerStems = [
        "предлага", "предлож", "поставля", "постав", "производ", "изготавлива", "изготов", "оказыва", "окаж", "предоставля",
        "предостав", "сдела", "созда", "разработа", "настро", "привед", "привлеч", "увелич", "запуст", "продвин", "размест",
        "помож", "занима", "обеспеч", "выполня", "выполн", "принима", "отправ", "пришл", "вышл", "шье", "дела", "подключ",
    ]

    /// Whether `token` is a verb of offering in the «мы» form («предлагаем», «сделаем», «занимаемся», «настроим»).
    static func isSellerVerb(_ token: String) -> Bool {
        guard ["ем", "им", "емся", "имся"].contains(where: { token.hasWordSuffix($0) }) else { return false }
        return offerStems.contains { token.hasWordPrefix($0) && token.letterCount > $0.letterCount + 1 }
    }
}
