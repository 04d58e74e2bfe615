/// One customer message prepared for the classifier's cues: lower-case words with «ё» as «е» and the Kazakh letters
/// folded into their Russian look-alikes («бағасы қанша» reads as «багасы канша»), so that one stem matches both
/// spellings, as people type Kazakh on a Russian keyboard.
struct ClassifierMessage: Sendable {
    /// The folded text, punctuation kept («http», «?» and emoji are looked for in it).
    let text: String
    /// The words, in order; apostrophes are dropped first («what's» is «whats», «don't» is «dont»).
    let tokens: [String]
    /// For each word, whether a comma, «!», «?», «.» or «)» follows it (a vocative «Мам, …» or «…, брат»).
    let pausedAfter: [Bool]
    /// Whether the message has a question mark.
    let asks: Bool
    /// How many of its words speak as «ты» (``Addressing/isInformal(_:)``).
    let informalWords: Int
    /// Whether it speaks to the reader as «вы» (``Addressing/isPolite(_:)-(ClassifierMessage)``).
    let speaksPolitely: Bool
    /// Whether the conversation it belongs to speaks as «ты» and never as «вы» (set by ``ClassifierText``): then even
    /// a message without a pronoun («сколько стоит с доставкой?») is a friend's question.
    var inInformalConversation = false

    /// Words a voice transcript or a caller starts with that say nothing about the message («[ТРАНСКРИБАЦИЯ] алло …»).
    static let fillers: Set<String> = ["транскрибация", "алло", "ало", "але"]

    /// Prepares a message.
    init(_ raw: String) {
        let folded = Self.fold(TextAnalysis.normalize(raw))
        text = folded
        var tokens: [String] = []
        var paused: [Bool] = []
        var current = String.UnicodeScalarView()
        func close() {
            guard !current.isEmpty else { return }
            let word = String(current)
            current = String.UnicodeScalarView()
            if tokens.isEmpty, Self.fillers.contains(word) { return }
            tokens.append(word)
            paused.append(false)
        }
        for scalar in folded.unicodeScalars {
            if scalar == "'" || scalar == "’" { continue }
            if TextAnalysis.isWordScalar(scalar) {
                current.append(scalar)
                continue
            }
            close()
            if [",", "!", "?", ".", ")", ";", ":"].contains(scalar), let last = paused.indices.last { paused[last] = true }
        }
        close()
        self.tokens = tokens
        self.pausedAfter = paused
        asks = folded.contains("?")
        informalWords = tokens.filter(Addressing.isInformal).count
        speaksPolitely = Addressing.isPolite(tokens)
    }

    /// The Kazakh letters as the Russian ones people type for them.
    static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "ә": scalars.append("а")
            case "ғ": scalars.append("г")
            case "қ": scalars.append("к")
            case "ң": scalars.append("н")
            case "ө": scalars.append("о")
            case "ұ", "ү": scalars.append("у")
            case "һ": scalars.append("х")
            case "і": scalars.append("и")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Whether a word of the message is one of `words`.
    func has(_ words: Set<String>) -> Bool { tokens.contains(where: words.contains) }

    /// Whether any of `patterns` occurs in the message.
    func has(_ patterns: TokenPatterns) -> Bool { patterns.occurs(in: tokens) }

    /// Endings of web addresses («bit.ly», «kredit-bystro.kz»).
    static let domainEndings = ["kz", "ru", "com", "top", "net", "org", "me", "info", "io", "shop", "site", "online", "store", "pro",
                                "xyz", "biz", "club", "ly", "link", "click"]

    /// Whether the message carries a web address: «http», «www.» or a word with a domain ending after a dot.
    var hasLink: Bool {
        if text.contains("http") || text.contains("www.") { return true }
        let scalars = Array(text.unicodeScalars)
        for index in scalars.indices where scalars[index] == "." && index > 0 && TextAnalysis.isWordScalar(scalars[index - 1]) {
            var end = index + 1
            while end < scalars.count, ("a"..."z").contains(scalars[end]) { end += 1 }
            let ending = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
            let closed = end == scalars.count || !TextAnalysis.isWordScalar(scalars[end])
            if closed, Self.domainEndings.contains(ending) { return true }
        }
        return false
    }

    /// Whether the text (punctuation included) contains `fragment`.
    func contains(_ fragment: String) -> Bool { text.contains(fragment) }
}

/// The customer's side of a conversation, message by message.
struct ClassifierText: Sendable {
    /// The customer's messages, oldest first.
    let messages: [ClassifierMessage]

    /// Prepares the customer's texts.
    init(_ texts: [String]) {
        var messages = texts.map(ClassifierMessage.init)
        let informal = messages.contains { Addressing.informalCount($0) > 0 }
        if informal, !messages.contains(where: Addressing.isPolite) {
            for index in messages.indices { messages[index].inInformalConversation = true }
        }
        self.messages = messages
    }

    /// Whether the conversation speaks as «ты» and never as «вы».
    var isInformal: Bool { messages.first?.inInformalConversation ?? false }

    /// Whether any message passes `test`.
    func any(_ test: (ClassifierMessage) -> Bool) -> Bool { messages.contains(where: test) }
}
