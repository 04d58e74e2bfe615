/// The words and phrases of answers in Russian, Kazakh and English, by what they say and what a negation makes of them.
///
/// A word ending in «*» is a stem (it covers «согласен», «согласна», «согласны»); «*» alone is any word. Words are
/// compared as heard (`ReplyWord.sound`), so one spelling covers the spellings by ear. Longer phrases are tried first.
enum ReplyLexicon {
    /// Every phrase, the longest first, then the most particular («отпишусь» before «отпиш*»), then as listed.
    static let phrases: [ReplyPhrase] = {
        let all = lookAlikes + stillWanted + leanings + agreement + refusal + hesitation + wanting
        return all.enumerated().sorted { first, second in
            if first.element.patterns.count != second.element.patterns.count {
                return first.element.patterns.count > second.element.patterns.count
            }
            if first.element.particularity != second.element.particularity {
                return first.element.particularity > second.element.particularity
            }
            return first.offset < second.offset
        }.map(\.element)
    }()

    /// The phrases a word may open, in the order of `phrases`: those whose first word begins with the word's first
    /// letter as heard, and those that begin with any word (a reply's every word is looked up here).
    static func phrases(openedBy word: ReplyWord) -> [ReplyPhrase] {
        guard let letter = word.sound.first else { return openedByAnyWord }
        return phrasesByFirstLetter[letter] ?? openedByAnyWord
    }

    private static let openedByAnyWord = phrases.filter { $0.patterns.first?.word.sound.isEmpty ?? true }

    private static let phrasesByFirstLetter: [Character: [ReplyPhrase]] = {
        let letters = Set(phrases.compactMap { $0.patterns.first?.word.sound.first })
        var table: [Character: [ReplyPhrase]] = [:]
        for phrase in phrases {
            // A phrase opened by any word is tried in its place among every letter's.
            let opening = phrase.patterns.first?.word.sound.first
            for letter in letters where opening == nil || opening == letter { table[letter, default: []].append(phrase) }
        }
        return table
    }()

    private static func cues(_ cue: ReplyCue, negated: ReplyCue? = nil, onlyAtClauseEnd: Bool = false, _ texts: [String]) -> [ReplyPhrase] {
        texts.map { ReplyPhrase($0, cue, negated: negated, onlyAtClauseEnd: onlyAtClauseEnd) }
    }

    /// Yes; a no after a negation («не ок», «not fine»).
    private static let agreement = cues(.yes, negated: .no, [
        "да", "ага", "агась", "угу", "ок", "окей", "оке", "оки", "окс", "океу", "конечн*", "канеш*", "кнч", "кнчн",
        "разумеется", "естественно", "безусловно", "обязательно", "верно", "именно", "хорош*", "ладн*", "лан", "лады",
        "ладуш*", "добро", "давай*", "погнали", "поехали", "решено", "норм*", "отличн*", "супер*", "клас*", "здорово",
        "прекрасно", "замечательно", "шикарно", "идеально", "чудесно", "удовольств*", "охотно",
        "почему бы и нет", "почему бы нет", "почему нет", "а почему нет", "нет проблем", "без проблем", "без вопрос*",
        "ну да", "да да", "неплох*", "как скажете", "+",
        // Kazakh: yes, of course, all right, it will do, I agree, agreed, fine, right.
        "иә", "ия", "ие", "әрине", "жарайды", "болады", "келісем*", "келістік", "мақұл", "дұрыс", "ұнайды",
        "yes", "yeah", "yea", "yep", "yup", "ok", "okay", "okey", "oki", "alright", "fine", "deal", "absolutely",
        "definitely", "certainly", "of course", "go ahead", "sounds good", "let's", "lets", "please do", "call me",
        "book me", "perfect", "why not", "no problem", "no worries", "don't mind", "do not mind",
        "👍", "✅", "👌", "🙏", "🤝", "💯", "✔", "☑",
    ])

    /// Agreement and want: a yes, that a negation before it turns into a no («не согласна», «не хочу пока»).
    private static let wanting = cues(.yes, negated: .no, [
        "соглас*", "соглаш*", "устраива*", "устроит*", "подходит*", "подходят", "подойд*", "договорил*", "договорим*",
        "готов*", "хоч*", "хоти*", "хотел*", "интерес*", "актуальн*", "нрав*", "понрав*", "беру", "берем", "возьм*",
        "закаж*", "заказыва*", "оформ*", "рассматрива*", "звон*", "позвон*", "перезвон*", "набер*", "набира*", "запис*",
        "запиш*", "жду", "ждем", "можно", "годит*", "пойдет", "идет",
        "want*", "need*", "interest*", "agree*",
    ])

    /// No, and what a negation makes of the words of refusal («не против», «не откажусь», «не проблема»).
    private static let refusal = cues(.no, [
        "нет", "нету", "неа", "не а", "нипочем", "ни за что", "ни в коем случае", "никогда", "никак", "стоп", "хватит",
        "отбой", "отпиш*", "отмен*", "удалит*", "нельзя", "отстан*", "не сейчас", "не для нас",
        "не для меня", "уже куп*", "уже нашл*", "уже взял*", "уже заказ*", "уже реш*", "уже есть", "нашл* друг*",
        "в друг* мест*", "нашл* дешевл*", "уже работаем", "работаем с друг*", "жоқ", "келіспе*", "болмай*",
        "қызықтырмай*",
        "no", "nope", "nah", "never", "stop", "unsubscrib*", "cancel*", "no thanks", "no longer", "not anymore",
        "remove me", "remove my", "delete my", "already bought", "already have", "already found", "already purchased", "found another", "bought elsewhere",
        "leave me alone", "👎", "❌", "🚫", "🙅", "⛔", "✖",
    ]) + cues(.no, negated: .yes, ["против", "возража*", "отказ*", "откаж*", "передума*"])
        + cues(.neutral, negated: .no, ["пиш*", "беспок*", "надоеда*", "like*", "call*", "text*", "write*", "contact*"])
        + cues(.yes, negated: .neutral, ["удобн*"])
        // «Интересно» alone muses («хм, интересно»); «интересует», «интересен» agree, and «не интересно» refuses.
        + cues(.neutral, negated: .no, ["интересно"])
        + cues(.neutral, negated: .yes, ["проблем*", "вопрос", "mind", "problem"])

    /// Hesitation, a decision put off, a time later.
    private static let hesitation = cues(.unsure, [
        "подума*", "обдума*", "продума*", "подумыва*", "посовет*", "совету*", "обсуд*", "обсуж*", "посмотрю",
        "посмотрим", "посмотреть", "погляжу", "поглядим", "гляну", "взвес*", "прикину", "прикинем", "решу", "решим",
        "решать", "решаем", "решаю", "может быть", "может", "мб", "возможно", "наверное", "наверно", "вероятно",
        "хз", "сомнева*", "позже", "попозже", "пока рано", "еще рано", "рановато", "не могу сказать", "пока нет",
        "не точно", "через недел*", "через месяц*", "через пару дн*", "через пару недел*", "через неск* дн*",
        "через неск* недел*", "через * дн*", "через * недел*", "через * месяц*", "на следующ* недел*", "в следующ* месяц*",
        "на след недел*", "после праздник*",
        "не в этом месяц*", "в другой раз", "не решил*", "не решили", "не определил*", "нуж* врем*", "надо врем*",
        "дайте врем*", "спрошу", "спросим", "уточню", "уточним", "согласую", "согласуем", "согласовать", "50 на 50",
        "пятьдесят на пятьдесят", "fifty fifty",
        // Kazakh: let me think, later, I don't know, maybe, let me consult, let me see.
        "ойла*", "кейін*", "білмейм*", "мүмкін", "ақылдас*", "кеңесейін", "көрейін", "көрейік", "көреміз", "әзірге жоқ",
        "maybe", "perhaps", "possibly", "unsure", "let me think", "think about", "i'll think", "will think",
        "need to think", "later", "not now", "not right now", "not at the moment", "not yet", "no idea", "next week",
        "next month", "we'll see", "will see",
        "let me check", "need to discuss", "discuss*", "idk", "dunno", "let you know", "get back",
        "🤔", "🤷",
    ]) + cues(.unsure, negated: .no, ["потом"])
        + cues(.neutral, negated: .unsure, ["знаю", "знаем", "know", "уверен*"])

    /// Leaning one way, said on its own: «пожалуй», «в принципе», «думаю»; «нужно» and «надо» only ending their clause
    /// («Нужно!», but «нужна консультация» asks for something).
    private static let leanings = cues(.leaningYes, negated: .no, [
        "пожалуй", "в принципе", "в целом", "буду", "будем", "планиру*", "керек", "қажет", "қызық*",
    ]) + cues(.leaningYes, negated: .no, onlyAtClauseEnd: true, ["нуж*", "надо"]) + cues(.leaningUnsure, ["думаю", "думаем", "скорее всего", "напишу", "свяжусь", "перезвоню", "отпишусь", "отпишемся"])
        + cues(.yes, negated: .unsure, ["точно", "sure"])

    /// Still wanted: outweighs a «нет» answering «уже не актуально?».
    private static let stillWanted = cues(.stillWanted, [
        "еще актуальн*", "еще интерес*", "еще нуж*", "еще хоч*", "до сих пор актуальн*", "до сих пор интерес*",
        "still interest*", "still relevant", "still want*", "still need*",
    ])

    /// Phrases that hold a cue's word and say nothing about the answer.
    private static let lookAlikes = cues(.neutral, [
        "чем нет", "или нет", "нет ли", "не за что", "хочу узна*", "хочу спрос*", "хочу уточн*", "хотел* узна*",
        "хотел* спрос*", "хотел* уточн*", "можно узна*", "можно уточн*", "можно спрос*", "да ладно", "хочу посмотр*",
        "хотел* посмотр*",
    ])

    /// Words of negation that turn the cue of the next word («не», «not», «don't»).
    static let negations = plainSet(["не", "not", "dont", "don't", "doesn't", "doesnt", "didn't", "won't", "cannot", "can't"])

    /// The Kazakh negation that follows its word: «керек емес» (not needed), «қызық емес» (not interesting).
    static let negationAfter = "емес"

    /// Words a negation reaches past: «не очень хочу», «не особо интересно», «ничего не имею против».
    static let reachedPast = plainSet([
        "очень", "особо", "особенно", "совсем", "сильно", "так", "уж", "то", "уже", "пока", "вообще", "еще", "и", "мне",
        "нам", "это", "нас", "меня", "имею", "имеем", "ничего", "спасибо", "спс", "рахмет", "really", "very", "that", "so",
        "too", "much", "actually", "a", "i", "we", "thanks", "thank", "you",
    ])

    /// Words as `ReplyWord.plain` spells them («really» as «realy»), to be compared with a reply's words.
    static func plainSet(_ words: [String]) -> Set<String> {
        Set(words.map(ReplyWord.plainSpelling))
    }
}
