import SaudaCore
import Testing

/// A customer's request for a person, and what only looks like one.
@Suite struct HumanRequestTests {
    @Test(arguments: [
        "Позовите оператора", "оператор", "Оператор!", "Менеджера пожалуйста", "Хочу поговорить с менеджером",
        "Соедините с менеджером", "соедините меня с кем-нибудь", "Мне нужен живой человек", "С живым человеком можно поговорить?",
        "позовите человека", "дайте менеджера", "вы можете позвать менеджера?", "I want to talk to a human", "human",
        "operator please", "Can I speak to a real person?", "connect me to someone", "Менеджерге қосыңыз", "Адамға қосыңыз",
        "Менеджер керек", "МЕНЕДЖЕР", "нужен оператор срочно",
    ])
    func asksForAPerson(_ text: String) {
        #expect(HumanRequest.isRequest(text), "«\(text)» asks for a person")
    }

    @Test(arguments: [
        "Менеджер позвонит?", "А менеджер может перезвонить?", "Когда менеджер ответит?", "Как зовут вашего менеджера?",
        "Вы оператор?", "Вы бот или живой человек?", "Are you human?", "Менеджер сказал, что коврики есть",
        "Хочу коврики на камри", "Какой у вас мобильный оператор?", "Оператор связи не ловит", "Сколько стоит доставка?",
        "", "   ", "Позвоните мне завтра, я хочу поговорить с менеджером",
        "Я менеджер компании Стройком, хотим закупить оптом", "Работаю менеджером, нужны коврики на служебные машины",
        "I am a manager at a taxi fleet and need 20 sets",
    ])
    func doesNotAskForAPerson(_ text: String) {
        #expect(!HumanRequest.isRequest(text), "«\(text)» does not ask for a person")
    }

    @Test func alertSummaryIsTrimmedAndCut() {
        let alert = OperatorAlert(reason: .askedForHuman, summary: "  " + String(repeating: "а", count: 1000) + "  ")
        #expect(alert.summary.count <= OperatorAlert.maxSummaryCharacters)
        #expect(!alert.summary.hasPrefix(" "))
        #expect(AlertReason(rawValue: "asked_for_human") == .askedForHuman)
    }
}
