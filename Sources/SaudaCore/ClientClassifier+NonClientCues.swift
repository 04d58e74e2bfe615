/// What a contact who is not a client writes: advertisers, suppliers and spammers offering something to the
/// business, job seekers, family and friends, wrong numbers and automatic notices (read by ``ClientClassifier``
/// «+NonClientReading»).
extension ClientClassifier {
    /// The non-client cues with their weights.
    static let nonClientCues: [ClassifierCue] = [
        ClassifierCue(4, ClientClassifier.advertisingLabel, isOwnTrade: true, patterns: ["реклам*", "advertis*"]),
        ClassifierCue(4, "спам или реклама сторонних услуг", isOwnTrade: true, patterns: [
            "seo", "сео", "smm", "смм", "таргет*", "контекстн*", "продвижени*", "продвига*", "раскрут*", "лидоген*", "накрут*",
            "живые подписчик*", "подписчик* за|в",
            "охват*", "маркетинг*", "marketing", "лендинг*", "увелич* продаж*", "привлеч* клиент*", "привед* клиент*|заявк*",
            "привед* _ клиент*|заявк*", "заявок в месяц", "в топ*", "топ* яндекс*|google|гугл*", "ведени* соцсет*|инстаграм*|страниц*",
            "website design", "web design", "social media", "grow|boost|increase your", "your sales", "free demo",
            "more clients|customers|leads", "followers",
        ]),
        ClassifierCue(4, "спам, кредиты или заработок", isOwnTrade: true, patterns: [
            "казино", "casino", "выигр*", "приз|приза|призы|призов", "инвест*", "крипт*", "usdt", "биткоин*",
            "bitcoin", "forex", "форекс", "трейдинг*", "заработ*", "lottery", "crypto*", "займ|займы|микрозайм*", "пассивн* доход*",
            "доход от", "работа на дому", "без вложений", "без справок", "без проверки", "кредит* под|без|до", "вам|вас одобрен*",
            "одобрен* займ*|лимит*",
            "нужны деньги", "перейд*|переход*|жми*|нажм*|оформ*|регистрац* по|на ссылк*", "приглашаем",
            "пиши* в лс|директ|личку|личные", "подробности в лс", "только сегодня", "click the link",
            "you ve won", "youve won", "claim your", "make money", "only today", "earn", "congratulations you", "без отказа",
            "получи|переходи|жми|забирай|успей|регистрируйся", "вы стали победител*", "победител* акци*|розыгрыш*",
        ]),
        ClassifierCue(1.5, "присылает ссылку", isOwnTrade: true) { text in text.any { $0.hasLink } },
        ClassifierCue(3, "предлагает свои товары или услуги бизнесу", isOwnTrade: true) { text in
            text.any { message in
                message.has(offerInfinitives) || offersToSend(message) || offersToHandleTheBusinesssThings(message)
                    || message.has(sellerPatterns)
            }
        },
        // «Мы делаем», «занимаемся», «поставляем»: a seller speaks so, and so does a company that buys («мы делаем ремонт,
        // нужна плитка»); alone it does not make a seller.
        ClassifierCue(2, "говорит о своем деле от лица компании", isOwnTrade: true) { text in
            text.any { message in message.tokens.contains(where: Addressing.isSellerVerb) }
        },
        ClassifierCue(3, "ищет работу", isOwnTrade: true, patterns: [
            "ваканс*", "резюме", "трудоустр*", "подработ*", "собеседовани*", "стажировк*", "vacanc*", "resume", "hiring", "cv", "a job",
            "jobs", "your job", "job opening*|application*", "apply for|to", "position",
            "ищу работ*|мест*|подработ*", "работ* ищу", "возьмет* на работ*", "возьмете _ на работ*", "возьмите _ на работ*",
            "looking for work|job|position", "freelance*", "my portfolio|resume|cv", "опыт работ*", "у меня опыт",
            "стаж|стажа|стаже|стажем",
            "жумыс изд*|керек|кажет", "жумыска ал*|тур*|кабылд*", "part time", "openings", "an opening",
        ]),
        ClassifierCue(3, "предлагает себя в работники", isOwnTrade: true, inAnyMessage: { offersAWorker($0) }),
        ClassifierCue(2, "представляется специалистом", isOwnTrade: true, inAnyMessage: { introducesATrade($0) }),
        ClassifierCue(3, "автоматическое уведомление или опрос", isOwnTrade: true, patterns: [
            "код подтвержд*|получени*|для входа", "ваша посылка", "ваш* заявк*|заказ* _ принят*", "ожидайте",
            "никому не сообщайте|говорите", "пополнен*", "списани*",
            "баланс*", "автоответ*",
            "автоматическ* сообщени*", "в отпуске", "отвечу после", "вне офиса", "не отвечайте", "оцените _ качество", "оцените качество",
            "от 1 до 5", "опрос*", "будет заблокирован*", "подтвердите данные", "ваш код", "verification code", "your code",
            "out of office", "otp", "do not share", "dont share",
            "auto reply", "automatic reply", "rate our", "do not reply",
        ]),
        ClassifierCue(2, "личный разговор", patterns: [
            "как дела*", "как ты", "как сам", "как семья|дети|детки|родители|здоровье|учеба|настроение", "как жизнь", "че как",
            "чо как", "как оно", "что|че|чо делаешь", "чем занят*",
            "давно не видел*", "скучаю", "люблю", "целую", "обнимаю", "с днем рождения", "с днюх*", "с др", "поздравляю", "счастья",
            "калайсын", "калайсыз", "сагындым", "жаксы коремин", "калын калай", "жагдай калай", "не истеп жатырсын", "кайдасын",
            "туган кунин*",
            "how are you", "how r u", "whats up", "what s up", "wassup", "miss you", "love you", "are we still on", "pick me up",
            "hang out", "drinks tonight", "hey man",
        ]),
        ClassifierCue(1, "смеется и шутит", patterns: [
            "ахах*", "хаха*", "хах", "хех*", "ржу", "ржак*", "ору", "лол", "lol", "lmao", "haha*",
        ]),
        ClassifierCue(2, "обращается как к родственнику или другу", inAnyMessage: { addressesKin($0) }),
        ClassifierCue(1.5, "обращается на «ты»") { text in informalWeight(text) == 1.5 },
        ClassifierCue(2, "обращается на «ты» с просьбой или вопросом") { text in informalWeight(text) == 2 },
        ClassifierCue(2.5, "обращается на «ты» (не к бизнесу)") { text in informalWeight(text) == 2.5 },
        ClassifierCue(1, "говорит о личных делах", patterns: [
            "садик*", "детсад*", "школ*", "тренировк*", "домой", "дома", "ужин*", "бешбармак*", "шашлык*", "баня|баню|бане", "футбол*",
            "в кино",
            "днюх*", "зарплат*", "долг|долга|долгу|долги", "получк*", "хозяйк*", "тойга|тойда|тойга", "уйге|уйде", "задержусь",
            "опоздаю", "скоро буду",
            "уже на месте", "я на месте", "жду тебя", "party", "по пути|дороге домой", "пойдем|пошли|погнали|айда|го в|на",
            "барамыз|барайык|кешке", "tonight", "wanna",
        ]),
        ClassifierCue(3, "ошиблись номером", patterns: [
            "ошиб* номер*|чат*", "номер*|чат* ошиб*", "не в тот чат", "не туда написал*|попал*|отправил*", "извините|простите не туда",
            "не тот номер", "вы не по адресу", "не по адресу обратил*|написал*", "не вам",
            "удалите мой|мои номер*|данные",
            "удалите номер", "откуда у вас мой номер", "откуда мой номер", "я вам не писал*|звонил*", "я вас не знаю", "не знаю вас",
            "wrong number", "wrong chat", "wrong person", "i didnt text|call|message you", "didnt text you",
        ]),
        ClassifierCue(1.5, "просит не писать ему", patterns: [
            "не пишите", "не звоните", "не беспокойте", "больше не пиш*", "отпишите*", "stop texting|writing", "dont text|call",
        ]),
        ClassifierCue(1.5, "не знает, кто это", patterns: ["кто это", "кто вы", "вы кто", "это кто", "who is this", "who are you"]),
        ClassifierCue(2, "просит о личной помощи", patterns: [
            "одолжи", "займи", "в долг", "до зарплаты", "скинь денег", "денег на|до", "some money", "money for", "переведи мне",
            "верни* долг", "помоги* переехать", "lend me",
            "borrow",
        ]),
    ]
}
