import SaudaCore
import Testing

/// Answers the word lists never saw: other forms of a word, negation, chat and voice spellings, Kazakh and emoji.
@Suite struct ReplyIntentMorphologyTests {
    @Test(arguments: ["согласна", "Согласны", "соглашусь", "ну соглашусь, давайте", "договоримся", "Договорились!", "беру",
                      "возьмём два", "берем", "оформим", "подойдёт", "меня устроит", "нравится, беру", "жду звонка",
                      "наберите меня после обеда", "С удовольствием", "Идёт", "пойдет", "Годится"])
    func otherFormsOfAgreementAreAYes(text: String) {
        #expect(ReplyIntent.of(text) == .yes, "\(text)")
    }

    @Test(arguments: ["подумаем", "обдумаю и напишу", "надо обдумать", "Посоветуемся с мужем", "обсудим с директором",
                      "дайте время подумать", "ещё думаю", "Я пока думаю", "мне надо посоветоваться",
                      "ещё не решили", "не определились пока", "попозже", "напишу потом"])
    func otherFormsOfHesitationAreUnsure(text: String) {
        #expect(ReplyIntent.of(text) == .unsure, "\(text)")
    }
}

/// «Не» before a word of agreement refuses; «не» before a word of refusal agrees.
@Suite struct ReplyIntentNegationTests {
    @Test(arguments: ["не готов", "не готовы пока", "не буду", "Не нужно", "не хочу пока", "пока не нужно", "не очень интересно",
                      "не особо надо", "нам это не интересно", "мне не подходит", "не устраивает", "нас не устроит", "не возьму",
                      "не будем заказывать", "не нравится", "не, спасибо", "Не", "Нееет", "не ок", "конечно нет", "скорее нет",
                      "пожалуй, нет", "Нет, не надо уже"])
    func negatedAgreementIsANo(text: String) {
        #expect(ReplyIntent.of(text) == .no, "\(text)")
    }

    @Test(arguments: ["почему бы и нет", "А почему нет", "не против", "Я не против, давайте", "ничего не имею против",
                      "не имею ничего против", "нет проблем", "без проблем", "не вопрос", "не откажусь", "не возражаю",
                      "Да не вопрос, звоните"])
    func negatedRefusalIsAYes(text: String) {
        #expect(ReplyIntent.of(text) == .yes, "\(text)")
    }

    @Test(arguments: ["не знаю", "Не уверена", "не уверены", "пока не знаю", "Даже не знаю что сказать"])
    func notKnowingIsUnsure(text: String) {
        #expect(ReplyIntent.of(text) == .unsure, "\(text)")
    }
}

/// «Да нет», «ну да», «да, но…», «пожалуй», «в принципе да», «скорее нет».
@Suite struct ReplyIntentConstructionTests {
    @Test(arguments: [("да нет", ReplyIntent.no), ("Да нет, спасибо", .no), ("ну да", .yes), ("ну да, давайте", .yes),
                      ("да, но попозже", .unsure), ("Да, но через пару недель", .unsure), ("пожалуй", .yes),
                      ("Пожалуй, возьму", .yes), ("в принципе да", .yes), ("В принципе можно", .yes), ("скорее да", .yes),
                      ("думаю, да", .yes), ("думаю нет", .no), ("пожалуй подумаю", .unsure), ("Скорее всего нет", .no),
                      ("да, но не сейчас наверное", .unsure)])
    func constructionReadsAsMeant(text: String, expected: ReplyIntent) {
        #expect(ReplyIntent.of(text) == expected, "\(text)")
    }
}

/// Chat and voice-message spellings: no punctuation, repeated letters, spelling by ear, glued words.
@Suite struct ReplyIntentSpellingTests {
    @Test(arguments: ["дааа конечно", "Даааа", "дагаварились", "харашо", "канешно", "канеш", "конешно звоните", "ок", "оке",
                      "окей", "окк", "Окэй", "лан", "хорош", "ладненько", "да давайте звоните завтра", "ДАВАЙТЕ", "угуу",
                      "нормально", "норм", "дадавайте", "Класс, беру"])
    func chatSpellingsOfYes(text: String) {
        #expect(ReplyIntent.of(text) == .yes, "\(text)")
    }

    @Test(arguments: ["нееет", "Неа", "не-а", "нет нет", "ненадо", "ненужно", "нехочу", "неинтересно", "не щас", "нинада",
                      "НЕ НАДО МНЕ НИЧЕГО", "данет"])
    func chatSpellingsOfNo(text: String) {
        #expect(ReplyIntent.of(text) == .no, "\(text)")
    }

    @Test(arguments: ["незнаю", "пасмотрю", "щас не могу сказать", "наверно", "мб", "хз", "падумаю", "может быть позже"])
    func chatSpellingsOfHesitation(text: String) {
        #expect(ReplyIntent.of(text) == .unsure, "\(text)")
    }
}

/// Kazakh answers and greetings.
@Suite struct ReplyIntentKazakhTests {
    @Test(arguments: ["иә", "Иә, рахмет", "ия", "келісемін", "жарайды", "болады", "әрине", "мақұл", "Иә, қоңырау шалыңыз"])
    func kazakhYes(text: String) {
        #expect(ReplyIntent.of(text) == .yes, "\(text)")
    }

    @Test(arguments: ["жоқ", "жок", "Жоқ, рахмет", "керек емес", "қажет емес", "келіспеймін"])
    func kazakhNo(text: String) {
        #expect(ReplyIntent.of(text) == .no, "\(text)")
    }

    @Test(arguments: ["ойланып көрейін", "білмеймін", "мүмкін", "кейін жазамын"])
    func kazakhHesitation(text: String) {
        #expect(ReplyIntent.of(text) == .unsure, "\(text)")
    }

    @Test(arguments: ["сәлеметсіз бе", "Сәлем", "рахмет", "Салеметсиз бе, бағасы қанша?"])
    func kazakhGreetingsAndThanksAreOther(text: String) {
        #expect(ReplyIntent.of(text) == .other, "\(text)")
    }
}

/// Emoji as answers, skin tones included.
@Suite struct ReplyIntentEmojiTests {
    @Test(arguments: [("👍🏻", ReplyIntent.yes), ("✅", .yes), ("👌", .yes), ("🙏", .yes), ("👎", .no), ("❌", .no),
                      ("🤔", .unsure), ("👍 подумаю", .unsure), ("❌❌", .no), ("ок👌", .yes)])
    func emojiAnswer(text: String, expected: ReplyIntent) {
        #expect(ReplyIntent.of(text) == expected, "\(text)")
    }
}

/// Questions and greetings are other; a question opened by an answer is the answer.
@Suite struct ReplyIntentQuestionTests {
    @Test(arguments: ["а сколько стоит", "когда будет доставка", "Где вы находитесь", "какие размеры есть", "а можно в рассрочку",
                      "Добрый день", "Здравствуйте! Подскажите цену", "спасибо", "Хочу узнать цену", "есть ли скидки",
                      "а можно узнать про оплату", "How much is it?", "Можно фото?"])
    func aNewQuestionOrAGreetingIsOther(text: String) {
        #expect(ReplyIntent.of(text) == .other, "\(text)")
    }

    @Test(arguments: [("Да, а когда доставка?", ReplyIntent.yes), ("Конечно, а сколько по времени?", .yes),
                      ("Нет, а что есть подешевле?", .no), ("Не интересно, а другие модели есть?", .no),
                      ("Добрый день! Да, а оплата картой?", .yes), ("Yes, when can you deliver?", .yes),
                      ("да а во сколько", .yes)])
    func aQuestionOpenedByAnAnswerIsTheAnswer(text: String, expected: ReplyIntent) {
        #expect(ReplyIntent.of(text) == expected, "\(text)")
    }
}

/// English answers beyond the first list.
@Suite struct ReplyIntentEnglishTests {
    @Test(arguments: [("yeah sure", ReplyIntent.yes), ("yep", .yes), ("Sounds good!", .yes), ("no problem", .yes),
                      ("nah", .no), ("not really interested", .no), ("I don't need it", .no), ("not now, maybe later", .unsure),
                      ("I don't know", .unsure), ("let me think", .unsure), ("why not", .yes), ("I don't mind", .yes)])
    func englishAnswer(text: String, expected: ReplyIntent) {
        #expect(ReplyIntent.of(text) == expected, "\(text)")
    }
}
