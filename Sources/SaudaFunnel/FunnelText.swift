import SaudaCatalogue
import SaudaCore

/// The funnel's sentences, in Russian or English: every reply the rules write is composed here.
struct FunnelText: Sendable {
    let russian: Bool

    init(_ language: TextLanguage) { self.russian = language == .russian }

    private func say(_ ru: String, _ en: String) -> String { russian ? ru : en }

    func greeting(_ business: String) -> String {
        say("Здравствуйте! 😊 Я консультант компании \(business).", "Hello! 😊 I am a consultant at \(business).")
    }

    func invitation(example: String?) -> String {
        let sample = example.map { say(" — например, «\($0)»", " — for example, «\($0)»") } ?? ""
        return say("Подскажите, что Вас интересует\(sample)? Или напишите «Меню» — покажу каталог.",
                   "What are you looking for\(sample)? Or write «Menu» and I will show the catalogue.")
    }

    func menu(_ items: [String]) -> String {
        let lines = items.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        return say("📋 Меню:\n\(lines)\n\nОтветьте цифрой или словами. «0» — снова меню.",
                   "📋 Menu:\n\(lines)\n\nAnswer with a digit or in words. «0» shows the menu again.")
    }

    func menuCatalogue(_ categories: [String]) -> String {
        say("Каталог", "Catalogue") + (categories.isEmpty ? "" : ": " + categories.prefix(5).joined(separator: ", "))
    }

    var menuByCar: String { say("Подобрать по автомобилю", "Find by car") }
    var menuHuman: String { say("Связаться с менеджером", "Talk to a manager") }
    var menuQuestion: String { say("Задать вопрос", "Ask a question") }
    var askQuestion: String { say("Напишите Ваш вопрос — отвечу.", "Write your question and I will answer.") }

    func categories(_ names: [String]) -> String {
        let lines = names.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        return say("Что Вас интересует?\n\(lines)\n\nОтветьте цифрой или названием.", "What are you interested in?\n\(lines)\n\nAnswer with a digit or a name.")
    }

    var askCar: String {
        say("На какой автомобиль? Напишите марку, модель и год — например, Toyota Camry 2020.",
            "Which car is it for? Write the make, the model and the year — for example, Toyota Camry 2020.")
    }

    func askModel(brand: String, models: [String]) -> String {
        let known = models.isEmpty ? "" : say(" Есть лекала на: \(models.prefix(12).joined(separator: ", ")).",
                                              " We have patterns for: \(models.prefix(12).joined(separator: ", ")).")
        return say("Какая модель \(brand) и какого года?", "Which \(brand) model, and which year?") + known
    }

    func askYear(car: String) -> String {
        say("Какого года \(car)? Лекала отличаются по поколениям.", "Which year is the \(car)? The patterns differ between generations.")
    }

    func patternFound(car: String) -> String {
        say("Отлично! Для \(car) есть готовые лекала ✅", "Great! We have ready patterns for the \(car) ✅")
    }

    func noPattern(car: String) -> String {
        say("К сожалению, для \(car) у нас пока нет готовых лекал 😔\n\nНо есть решение — коврики под индивидуальный замер: мастер приедет, точно замерит салон, изготовим за 3–5 дней.\n\nОформить заявку на индивидуальный замер?",
            "Unfortunately we have no ready patterns for the \(car) yet 😔\n\nBut we can make mats to an individual measurement: a master comes, measures the interior, and we make them in 3–5 days.\n\nShall I book an individual measurement?")
    }

    var askMeasurement: String { say("Оформить заявку на индивидуальный замер?", "Shall I book an individual measurement?") }

    func products(_ lines: [String]) -> String {
        let list = lines.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        return say("Есть такие варианты:\n\(list)\n\nКакой выбираете? Ответьте цифрой.", "Here is what we have:\n\(list)\n\nWhich one? Answer with a digit.")
    }

    func productLine(_ product: Product) -> String {
        "\(product.name) — \(product.price.displayText)" + availabilityNote(product.availability)
    }

    func availabilityNote(_ availability: Availability) -> String {
        switch availability {
        case .inStock: ""
        case .onOrder: say(" (под заказ)", " (made to order)")
        case .outOfStock: say(" (сейчас нет в наличии)", " (out of stock now)")
        }
    }

    func alsoAvailable(_ lines: [String]) -> String {
        say("Также есть: ", "Also available: ") + lines.joined(separator: "; ") + "."
    }

    func options(product: Product) -> String {
        let list = product.options.enumerated()
            .map { "\($0.offset + 1). \($0.element.name) (\($0.element.priceChange.decimalText(signed: true)) \($0.element.priceChange.currency.displayUnit))" }
            .joined(separator: "\n")
        return say("\(product.name) — \(product.price.displayText).\nМожно добавить:\n\(list)\n\nЧто добавить? Ответьте цифрами или «без опций».",
                   "\(product.name) — \(product.price.displayText).\nYou can add:\n\(list)\n\nWhat shall I add? Answer with digits or «no options».")
    }

    func whichSize(_ names: [String]) -> String {
        say("Уточните, пожалуйста: \(names.joined(separator: " или "))?", "Which one, please: \(names.joined(separator: " or "))?")
    }

    func quote(product: Product, options: [ProductOption], total: Money) -> String {
        var lines = [say("Рассчитал стоимость:", "Here is the price:"), "• \(product.name): \(product.price.displayText)"]
        for option in options {
            lines.append("• \(option.name): \(option.priceChange.decimalText(signed: true)) \(option.priceChange.currency.displayUnit)")
        }
        lines.append(say("💰 Итого: \(total.displayText)", "💰 Total: \(total.displayText)") + availabilityNote(product.availability))
        return lines.joined(separator: "\n") + "\n\n" + askConfirm
    }

    var askConfirm: String { say("Оформляем заказ?", "Shall I place the order?") }

    func confirmAgain(need: String, price: String) -> String {
        say("Оформляем заказ: \(need), итого \(price)?", "Shall I place the order: \(need), \(price) in total?")
    }

    func askContact(needsName: Bool, needsPhone: Bool) -> String {
        switch (needsName, needsPhone) {
        case (true, true): say("Как Вас зовут и по какому номеру с Вами связаться?", "What is your name, and which number can we call you on?")
        case (true, false): say("Как Вас зовут?", "What is your name?")
        default: say("По какому номеру с Вами связаться?", "Which phone number can we call you on?")
        }
    }

    func ordered(need: String, price: String, when: String) -> String {
        say("Готово! ✅ Ваша заявка принята: \(need), итого \(price). Наш менеджер свяжется с Вами \(when).",
            "Done! ✅ Your order is placed: \(need), \(price) in total. Our manager will contact you \(when).")
    }

    func measurementBooked(car: String, when: String) -> String {
        say("Готово! ✅ Заявка на индивидуальный замер для \(car) принята. Менеджер свяжется с Вами \(when), чтобы договориться о времени.",
            "Done! ✅ Your request for an individual measurement of the \(car) is in. A manager will contact you \(when) to agree on a time.")
    }

    var orderDeclined: String {
        say("Хорошо, заказ пока не оформляю. Если захотите другой товар или опции — напишите «Меню».",
            "All right, I will not place the order. If you want another product or options, write «Menu».")
    }

    var measurementDeclined: String {
        say("Хорошо. Если понадобится замер или другой товар — напишите, помогу.", "All right. If you need a measurement or another product, just write.")
    }

    func human(when: String) -> String {
        say("Передал Ваш запрос — менеджер ответит Вам здесь \(when). Пока можно посмотреть каталог: напишите «Меню».",
            "I have passed your request on: a manager will answer you here \(when). Meanwhile you can write «Menu» to see the catalogue.")
    }

    var leavePhone: String {
        say("Оставьте, пожалуйста, номер телефона — так менеджеру будет удобнее с Вами связаться.",
            "Please leave a phone number, so that the manager can reach you easily.")
    }

    func detailsNoted(when: String) -> String {
        say("Спасибо, записал! Менеджер свяжется с Вами \(when).", "Thank you, noted! The manager will contact you \(when).")
    }
}
