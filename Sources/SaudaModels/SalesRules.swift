import Foundation
import SaudaCore
import Synchronization

/// The offline engine's sales replies: what the customer asked, answered from the knowledge passages,
/// followed by the next SPIN question or a call offer. At most four sentences and two emoji.
struct SalesRules {
    let request: ModelRequest
    let text: String
    let analyzed: AnalyzedText
    let language: TextLanguage

    init(request: ModelRequest) {
        self.request = request
        let joined = request.context.newMessages.joined(separator: "\n")
        self.text = joined
        self.analyzed = AnalyzedText(joined)
        self.language = TextAnalysis.language(of: joined)
    }

    static let callWords = KeywordSet(
        stems: ["созвон", "позвон", "перезвон", "звонок", "звонк", "созвонит"],
        phrases: ["поговорить с менеджером", "связаться с менеджером", "call me", "phone call", "a call", "talk to a manager",
                  "speak to a manager", "когда можно поговорить"])
    static let greetingWords = KeywordSet(
        phrases: ["здравствуйте", "добрый день", "добрый вечер", "доброе утро", "good morning", "good afternoon"],
        words: ["привет", "салем", "сәлем", "hello", "hi", "hey"])
    static let thanksWords = KeywordSet(stems: ["спасиб", "благодар", "thank"], words: ["thx"])
    static let questionWords = KeywordSet(
        stems: ["сколько", "какой", "какая", "какие", "как", "когда", "где", "есть", "можно", "подскаж", "интересу", "нужн", "хочу",
                "what", "how", "when", "where", "which", "do", "does", "can", "could", "need", "want"])

    var isFirstReply: Bool { !request.history.contains { $0.author == .bot } }
    /// Whether the business already spoke in this chat, the bot or a person of the business (an operator in the
    /// console, the owner from the phone): then the bot does not greet as if the conversation began now.
    var businessSpoke: Bool { request.history.contains { $0.author == .bot || $0.author == .human } }
    var ru: Bool { language == .russian }

    func reply() -> String {
        var sentences: [String] = []
        if !businessSpoke {
            if let name = request.context.knownCustomerName {
                // A returning customer the business's CRM knows: greeted by name, as a shop greets a regular.
                sentences.append(ru ? "Здравствуйте, \(name)! 😊 Рады снова Вас видеть. Я консультант компании \(request.context.businessName)."
                                    : "Hello, \(name)! 😊 Good to see you again. I am a consultant at \(request.context.businessName).")
            } else {
                sentences.append(ru ? "Здравствуйте! 😊 Я консультант компании \(request.context.businessName)."
                                    : "Hello! 😊 I am a consultant at \(request.context.businessName).")
            }
        }
        if let answer = answerToRequestedCallTime() {
            sentences.append(answer)
            return finish(sentences)
        }
        let intent = ReplyIntent.of(text, analyzed: analyzed)
        let wantsCall = Self.callWords.occurs(in: analyzed)
            || (intent == .yes && request.context.spinStage == .callOffer)
        if wantsCall {
            sentences.append(callTimeQuestion())
            return finish(sentences)
        }
        switch intent {
        case .no:
            sentences.append(ru ? "Понимаю, спасибо, что ответили." : "I understand, thank you for letting me know.")
            sentences.append(ru ? "Если появятся вопросы, пишите: будем рады помочь."
                                : "If you have questions later, just write: we will be glad to help.")
            return finish(sentences)
        case .unsure:
            sentences.append(ru ? "Конечно, не торопитесь с решением." : "Of course, take your time.")
        case .yes, .other:
            break
        }
        let answer = knowledgeAnswer()
        if let answer {
            sentences.append(contentsOf: answer)
        } else if Self.thanksWords.occurs(in: analyzed) {
            sentences.append(ru ? "Пожалуйста, всегда рады помочь." : "You are welcome, always glad to help.")
        } else if looksLikeQuestion, !(isFirstReply && Self.greetingWords.occurs(in: analyzed) && text.count < 40) {
            sentences.append(ru ? "Точную информацию по этому вопросу уточню у менеджера, чтобы не ввести Вас в заблуждение."
                                : "I will check this with a manager so as not to mislead you.")
        } else if !isFirstReply {
            sentences.append(ru ? "Спасибо, понял Вас." : "Thank you, I see.")
        }
        if !request.context.funnelAppendsQuestion { sentences.append(nextQuestion(answeredSomething: answer != nil)) }
        return finish(sentences)
    }

    var looksLikeQuestion: Bool { text.contains("?") || Self.questionWords.occurs(in: analyzed) }

    func finish(_ sentences: [String]) -> String {
        var kept = Array(sentences.prefix(4))
        var emojiBudget = 2
        for index in kept.indices {
            let count = TextAnalysis.emojiCount(kept[index])
            if count > emojiBudget {
                kept[index] = String(kept[index].unicodeScalars.filter { !$0.properties.isEmojiPresentation }
                    .map(Character.init)).replacingOccurrences(of: "  ", with: " ")
            } else {
                emojiBudget -= count
            }
        }
        return kept.joined(separator: " ")
    }

    /// The call slot a reply written at `date` offers: the first working slot an hour later.
    static func offeredSlot(writtenAt date: Date, calendar: WorkingCalendar) -> Date? {
        calendar.workingSlots(after: date.addingTimeInterval(3600), count: 1).first
    }

    /// When the client names a time for the call: the question whether to book it, or, outside working hours,
    /// the nearest working times. `nil` when no call time is named, or the talk is not about a call.
    func answerToRequestedCallTime() -> String? {
        let context = request.context
        let lastBot = request.history.last { $0.author == .bot }?.text ?? ""
        let aboutCall = Self.callWords.occurs(in: analyzed) || context.spinStage == .callOffer
            || Self.callMentions.phraseOccurs(in: lastBot)
        guard aboutCall, let phrase = CallTimePhrase.parse(text, now: context.now, timeZone: context.calendar.timeZone),
              phrase.hasTime, phrase.date > context.now else { return nil }
        let calendar = context.calendar
        if calendar.isWorkingTime(phrase.date), phrase.date > context.now.addingTimeInterval(15 * 60) {
            let when = calendar.formatForClient(phrase.date, language: language)
            return ru ? "\(Self.bookingQuestionRussian) \(when)? 📞" : "\(Self.bookingQuestionEnglish) \(when)? 📞"
        }
        let options = calendar.workingSlots(after: max(phrase.date, context.now.addingTimeInterval(3600)), count: 2)
            .map { calendar.formatForClient($0, language: language) }
        let hours = calendar.hoursText(separator: "–")
        return ru
            ? "В это время менеджеры не звонят: мы работаем по будням с \(hours). Ближайшее время — \(options.joined(separator: " или ")). Какое Вам удобнее?"
            : "Our managers do not call at that time: we work on weekdays, \(hours). The nearest times are \(options.joined(separator: " or ")). Which suits you?"
    }

    /// What in the bot's last message shows it spoke of a call.
    static let callMentions = KeywordSet(phrases: ["звон", "call"])

    /// How the offline engine asks to book a time the client named (and recognises the question afterwards).
    static let bookingQuestionRussian = "Записать Вас на звонок"
    static let bookingQuestionEnglish = "Shall I book your call for"

    func nearestSlotText() -> String {
        let calendar = request.context.calendar
        let slot = Self.offeredSlot(writtenAt: request.context.now, calendar: calendar)
            ?? calendar.nextWorkingTime(from: request.context.now)
        return calendar.formatForClient(slot, language: language)
    }

    func callTimeQuestion() -> String {
        let calendar = request.context.calendar
        let hours = calendar.hoursText(separator: " до ")
        let hoursEnglish = calendar.hoursText(separator: " to ")
        return ru
            ? "Отлично! Когда Вам будет удобно созвониться? Наши менеджеры работают с \(hours) по времени Астаны 📞 Ближайшее свободное время — \(nearestSlotText())."
            : "Great! When would a call suit you? Our managers work from \(hoursEnglish) Astana time 📞 The nearest free slot is \(nearestSlotText())."
    }

    func nextQuestion(answeredSomething: Bool) -> String {
        switch request.context.spinStage {
        case .situation:
            return ru ? "Расскажите, пожалуйста, для какого автомобиля Вы подбираете и какая задача стоит?"
                      : "Could you tell me which car this is for and what you need?"
        case .problem:
            return ru ? "Что Вас не устраивает в том, что стоит сейчас?"
                      : "What does not suit you in what you have now?"
        case .implication:
            return ru ? "Как это сказывается на Вас в повседневной езде?"
                      : "How does that affect you day to day?"
        case .needPayoff:
            return ru ? "Если подобрать решение под Ваш автомобиль, насколько это было бы для Вас удобно?"
                      : "If we fit a solution to your car, how useful would that be for you?"
        case .callOffer:
            return ru ? "Хотите, наш менеджер позвонит Вам и подберет вариант? Ближайшее время — \(nearestSlotText()) 👍"
                      : "Would you like a manager to call you and pick an option? The nearest time is \(nearestSlotText()) 👍"
        }
    }

    /// One or two sentences of the best passage that share the most stems with the question, in the
    /// customer's language.
    func knowledgeAnswer() -> [String]? {
        guard let passage = request.knowledge.first else { return nil }
        let questionStems = Set(TextAnalysis.stems(text).filter { $0.count > 2 })
        guard !questionStems.isEmpty else { return nil }
        let sentences = PassageSentences.shared.sentences(of: passage.text, language: language)
        let wantsNumbers = Self.numberWords.occurs(in: analyzed)
        let scored = sentences.enumerated().map { index, sentence -> (Int, Double) in
            var score = Double(sentence.stems.intersection(questionStems).count)
            if wantsNumbers, sentence.hasNumber { score += 0.5 }
            return (index, score)
        }.filter { $0.1 > 0 }
        let best = scored.sorted { $0.1 > $1.1 }.prefix(2).map(\.0).sorted()
        guard !best.isEmpty else { return nil }
        return best.map { sentences[$0].text }
    }

    static let numberWords = KeywordSet(stems: ["цен", "стоим", "сколько", "price", "cost", "much", "срок", "дн", "day"])

    static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        func flush(final: Bool) {
            while let first = current.first, first.properties.isWhitespace { current.removeFirst() }
            while let last = current.last, last.properties.isWhitespace { current.removeLast() }
            if current.count > 3 {
                if final, current.last != "." { current.append(".") }
                result.append(String(current))
            }
            current = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            current.append(scalar)
            if scalar == "." || scalar == "!" || scalar == "?" { flush(final: false) }
        }
        flush(final: true)
        return result
    }
}

/// Sentences of knowledge passages with their stems, split once per passage and language: the same few
/// passages answer most questions.
final class PassageSentences: Sendable {
    struct Sentence: Sendable {
        let text: String
        let stems: Set<String>
        let hasNumber: Bool
    }

    static let shared = PassageSentences()
    private let cache = Mutex<[String: [Sentence]]>([:])
    private let capacity = 1024

    func sentences(of passage: String, language: TextLanguage) -> [Sentence] {
        let key = language.rawValue + "\u{1}" + passage
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let lines = passage.split(separator: "\n").filter { line in
            let english = line.contains("(English)")
            return language == .russian ? !english : english
        }
        let body = lines.map { line -> Substring in
            guard let marker = line.range(of: "(English):") else { return line }
            return line[marker.upperBound...]
        }.joined(separator: " ")
        let sentences = SalesRules.sentences(body).map { sentence in
            Sentence(text: sentence, stems: Set(TextAnalysis.stems(sentence)), hasNumber: sentence.contains(where: \.isNumber))
        }
        cache.withLock { cache in
            if cache.count >= capacity { cache.removeAll() }
            cache[key] = sentences
        }
        return sentences
    }
}
