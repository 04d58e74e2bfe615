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

    /// Whether a word of the message begins with one of `stems`.
    func has(stems: [String]) -> Bool { tokens.contains { token in stems.contains { token.hasPrefix($0) } } }

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
        messages = texts.map(ClassifierMessage.init)
    }

    /// Whether any message passes `test`.
    func any(_ test: (ClassifierMessage) -> Bool) -> Bool { messages.contains(where: test) }
}
