import Foundation
@testable import SaudaCore
import Testing

/// The grammar the classifier's cues read: who speaks to whom, Kazakh letters, word patterns, links, and the first
/// question rule's use of the cues.
@Suite struct ClientClassifierGrammarTests {
    @Test(arguments: ["ты", "делаешь", "придешь", "купи", "скинь", "журсин", "жатырсын"])
    func informalWordsSpeakAsTy(_ word: String) {
        #expect(Addressing.isInformal(word))
    }

    @Test(arguments: ["лишь", "вы", "делаете", "сын", "купить", "коврики"])
    func otherWordsDoNot(_ word: String) {
        #expect(!Addressing.isInformal(word))
    }

    @Test func aVerbInTheVyFormIsNotANounAfterAPreposition() {
        #expect(Addressing.isPoliteVerb(["вы", "делаете"], at: 1))
        #expect(Addressing.isPoliteVerb(["пришлите", "прайс"], at: 0))
        #expect(!Addressing.isPoliteVerb(["на", "сайте"], at: 1))
        #expect(!Addressing.isPoliteVerb(["в", "комплекте"], at: 1))
        #expect(!Addressing.isPoliteVerb(["здравствуйте"], at: 0))
        #expect(!Addressing.isPoliteVerb(["звоните"], at: 0), "a mailing's call to action")
    }

    @Test func sellerVerbsAreOffersInTheMyForm() {
        #expect(Addressing.isSellerVerb("предлагаем"))
        #expect(Addressing.isSellerVerb("занимаемся"))
        #expect(!Addressing.isSellerVerb("предлагаете"))
        #expect(!Addressing.isSellerVerb("сделать"))
    }

    @Test func kazakhLettersFoldIntoRussianOnes() {
        #expect(ClassifierMessage("Бағасы қанша? Жеткізу бар ма").tokens == ["багасы", "канша", "жеткизу", "бар", "ма"])
    }

    @Test func aVoiceTranscriptsMarkerIsNoWord() {
        #expect(ClassifierMessage("[ТРАНСКРИБАЦИЯ] алло здравствуйте").tokens == ["здравствуйте"])
    }

    @Test func patternsMatchStemsAlternativesAndAnyWord() {
        let patterns = TokenPatterns(["ваш* реклам*", "ошиб*|ошиблась номер*", "сколько _ стоит"])
        #expect(patterns.occurs(in: ["видела", "вашу", "рекламу"]))
        #expect(patterns.occurs(in: ["ошиблась", "номером"]))
        #expect(patterns.occurs(in: ["сколько", "это", "стоит"]))
        #expect(!patterns.occurs(in: ["наша", "реклама"]))
    }

    @Test(arguments: ["Переходи: kredit-bystro.kz", "https://example.com", "bit.ly/abc", "www.site.ru"])
    func aWebAddressIsALink(_ text: String) {
        #expect(ClassifierMessage(text).hasLink)
    }

    @Test(arguments: ["Сколько стоит? 5.5 метров", "Коврики на камри 70. Спасибо", "т.е. завтра"])
    func aDotInTextIsNoLink(_ text: String) {
        #expect(!ClassifierMessage(text).hasLink)
    }

    @Test func aSellersPricesAreNotAClientsQuestion() {
        let offer = ClassifierText(["Мы производим чехлы, предлагаем выгодные цены и доставку по Казахстану"])
        let found = ClientClassifier.cues(in: offer)
        #expect(found.client.isEmpty, "\(found.client.map(\.label))")
        #expect(found.nonClient.contains { $0.label == "предлагает свои товары или услуги бизнесу" })
    }

    @Test func aSellersPriceIsNoQuestion() {
        #expect(ClientClassifier.asksPrice(ClassifierMessage("сколько у вас стоит комплект?")))
        #expect(!ClientClassifier.asksPrice(ClassifierMessage("Цена от 5000 тг, пишите!")))
        #expect(!ClientClassifier.asksPrice(ClassifierMessage("фурнитура по ценам ниже рынка")))
    }

    @Test func pricesTalkedOfAsTyAreAFriendsTalk() {
        let found = ClientClassifier.cues(in: ClassifierText(["Привет", "ты заказал пиццу?", "сколько стоит с доставкой?"]))
        #expect(found.client.isEmpty, "\(found.client.map(\.label))")
        #expect(found.nonClient.contains { $0.label == ClientClassifier.friendsTradeTalk.label })
    }

    @Test(arguments: ["коврики на камри 70 есть", "скок за комплект", "бағасы қанша?", "Can I book a haircut for Friday?",
                      "Сколько стоит доставка домой?"])
    func aClearFirstQuestionIsAnsweredAtOnce(_ text: String) {
        #expect(!ClientClassifier().businessQuestionSignals(in: [text]).isEmpty)
    }

    @Test(arguments: ["Здравствуйте, подскажите пожалуйста", "вы тут?", "Мам, купи хлеба", "Предлагаем SEO, цены ниже рынка",
                      "у вас есть вакансии?"])
    func anOpenerAFriendOrASellerWaits(_ text: String) {
        #expect(ClientClassifier().businessQuestionSignals(in: [text]).isEmpty)
    }
}
