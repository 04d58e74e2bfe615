/// What a customer of the business writes: questions about prices, stock, terms and bookings, addressed to the
/// business as «вы», and orders (read by ``ClientClassifier`` «+ClientQuestions»). Cues of a topic of trade (prices,
/// delivery, wholesale) are voided when the writer turns out to offer its own trade or to talk with a friend.
extension ClientClassifier {
    /// The client cues with their weights.
    static let clientCues: [ClassifierCue] = [
        ClassifierCue(2, "спрашивает о ценах", .topic, inAnyMessage: { asksPrice($0) }),
        ClassifierCue(1.5, "спрашивает о скидках и акциях", .topic) { text in
            text.any { $0.has(promotionWords) && ($0.asks || Addressing.isPolite($0)) }
        },
        ClassifierCue(2, "запрашивает КП, договор или детали", .topic, patterns: [
            "коммерческ*", "договор|договора|договору|договором|договоре|договоры|договоров", "реквизит*",
            "смета|смету|сметы|смете|сметой", "расчет*", "рассчита*", "посчита*",
            "спецификаци*", "кп", "счет", "счета",
            "счет* на оплат*", "каки* услови*", "услови* оплат*|доставк*|рассрочк*", "invoice*", "quot*", "proposal", "contract*",
            "estimate*",
        ]),
        ClassifierCue(1.5, "интересуется сроками, доставкой, гарантией", .topic, patterns: [
            "доставк*", "доставл*", "достав*", "самовывоз*", "привез*", "привоз*", "отправк*", "отправля*", "жеткиз*", "гарант*", "срок*",
            "изготов*", "предоплат*", "оплат*", "толем*", "кепилдик*", "каспи*", "kaspi", "рассрочк*", "в кредит", "кредитом", "налич*",
            "возврат*", "обмен*",
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
        ClassifierCue(1.5, "хочет записаться или приехать", .topic, patterns: [
            "запис*", "окошк*", "окно|окна|окон", "консультаци*", "на прием", "прием|приема", "свободн* врем*|мест*|окн*|окош*|дат*|дн*",
            "до скольки", "во сколько", "график* работ*", "режим* работ*", "работаете", "адрес*", "где _ наход*", "где наход*",
            "как к вам", "можно к _", "к вам подъехать|приехать|прийти|зайти|подойти", "можно подъехать|приехать|прийти|зайти|подойти",
            "подъехать посмотреть", "приехать посмотреть", "are you open", "open on|today|tomorrow", "opening hours", "where are you",
            "appointment*", "book a|an", "can i book", "schedule", "what time do you", "do you close", "where is your", "located",
            "in person", "жазыл*", "мекенжай*",
            "орналаск*", "сатып ал*",
        ]),
        ClassifierCue(0.75, "обращается к бизнесу на «вы» с вопросом", .topic, inAnyMessage: { asksTheBusiness($0) }),
        ClassifierCue(0.75, "просит бизнес прислать, посчитать или записать") { text in
            text.any { $0.has(requestImperatives) || $0.has(englishRequests) || asksToDo($0) }
        },
        ClassifierCue(2, ClientClassifier.cameByAdLabel, patterns: [
            "ваш* реклам*", "по реклам*", "увидел* реклам*", "видел* реклам*", "ваш* объявлени*", "ваш* пост*", "ваш* ролик*",
            "ваш* видео*", "ваш* сторис", "в сторис", "ваш* страниц*", "ваш* инстаграм*", "ваш* тикток*", "вас посоветовал*",
            "посоветовал* вас|ваш*", "вас порекомендовал*", "порекомендовал* вас|ваш*", "мне вас", "нашел|нашла вас", "saw your",
            "your ad|ads|post|video", "recommended you", "found you",
        ]),
        ClassifierCue(2, "уже покупал у бизнеса или ждет заказ", .topic, patterns: [
            "у вас брал*|покупал*|заказывал*|делал*|купил*|заказал*|заказ*", "брал*|покупал*|заказывал*|заказал*|купил* у вас",
            "заказывал*", "мой|моему|моим заказ*", "по|моему заказ*", "номер заказ*", "по поводу заказ*", "обещал* перезвонить",
            "ваш* консультант*|менеджер*|мастер*|сотрудник*", "по гарантии", "my order",
        ]),
        ClassifierCue(1, "напоминает о своем обращении", patterns: [
            "писал*|писали вам", "вам писал*|писали", "не ответили", "жду ответ*", "по поводу|насчет",
        ]),
        ClassifierCue(1, "упоминает конкурентов или аналоги", .topic, patterns: [
            "конкурент*", "аналог*", "дешевле", "сравнива*", "у других", "в друг* магазин*|компани*|салон*|мест*", "другие предлагают",
            "competitor*", "alternative*", "cheaper", "elsewhere",
        ]),
        ClassifierCue(1, "называет товар или услугу", .topic) { text in text.any { $0.has(productWords) } },
        ClassifierCue(1, "называет модель или размер", .topic) { text in text.any { namesAModel($0) } },
    ]

    /// Kinds of goods and services the businesses sell (car mats and covers, furniture, flowers, beauty, dentistry,
    /// cleaning, tours, building materials) and the words of choosing among them.
    static let productWords = TokenPatterns(productStems.map { $0 + "*" })
    /// The beginnings of ``productWords``.
    static let productStems = [
        "коврик", "чехл", "чехол", "накидк", "полик", "диван", "шкаф", "кухн", "матрас", "кроват", "мебел", "букет", "торт", "тур",
        "путевк", "маникюр", "педикюр", "стрижк", "окрашиван", "наращиван", "ресниц", "бров", "зуб", "имплант", "брекет", "винир",
        "чистк", "уборк", "химчистк", "ремонт", "покраск", "запчаст", "шин", "плитк", "ламинат", "цемент", "кирпич", "газоблок",
        "товар", "услуг", "продукц", "каталог", "ассортимент", "модел", "размер", "цвет", "комплект", "вариант", "образц",
        "mats", "covers", "sofa", "flowers", "haircut", "cleaning", "catalog", "nails",
    ]
}
