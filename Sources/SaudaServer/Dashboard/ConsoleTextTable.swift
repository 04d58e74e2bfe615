/// A table of the console's strings, each in Russian and English; the compiler checks that every key has both
/// (``ConsoleText``, and the tables of single pages: ``CatalogueText``, ``BusinessText``, ``SignInText``).
protocol ConsoleTextTable: CaseIterable, Sendable {
    /// The Russian and the English text.
    var pair: (String, String) { get }
}

extension ConsoleTextTable {
    /// The text in `language`.
    func text(_ language: ConsoleLanguage) -> String {
        let (ru, en) = pair
        return language == .ru ? ru : en
    }
}
