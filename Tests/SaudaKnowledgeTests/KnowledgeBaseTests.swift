import SaudaKnowledge
import Testing

@Suite struct KnowledgeBaseTests {
    let base = KnowledgeBase(documents: KnowledgeBase.sampleDocuments())

    @Test func sampleSplitsIntoSectionsWithHeadings() {
        #expect(base.passages.count >= 8)
        #expect(base.passages.contains { $0.title == "Доставка" })
    }

    @Test(arguments: [("Есть доставка по Казахстану?", "Доставка"), ("Какая гарантия на 5D?", "Гарантия и возврат"),
                      ("Сколько стоят EVA коврики?", "EVA коврики"), ("Можно оплатить Kaspi в рассрочку?", "Оплата"),
                      ("Do you deliver across Kazakhstan?", "Доставка")])
    func findsTheRightSection(query: String, title: String) {
        #expect(base.search(query, limit: 1).first?.title == title)
    }

    @Test func unrelatedQueryFindsNothing() {
        #expect(base.search("квантовая хромодинамика").isEmpty)
    }
}
