import SaudaCatalogue
import SaudaCore
import SaudaUnderstanding

extension FunnelMachine {
    /// One entry of the numbered menu.
    struct MenuItem {
        enum Action { case catalogue, byCar, human, question }
        let action: Action
        let title: String
        /// Words that choose it without its number.
        let words: [String]
    }

    func menuItems(_ text: FunnelText) -> [MenuItem] {
        var items = [MenuItem(action: .catalogue, title: text.menuCatalogue(topCategories.map(\.name)),
                              words: ["каталог", "товар", "catalog", "catalogue", "products", "ассортимент"])]
        if !catalogue.brands.isEmpty {
            items.append(MenuItem(action: .byCar, title: text.menuByCar, words: ["автомобил", "машин", "подобр", "авто", "car"]))
        }
        items.append(MenuItem(action: .human, title: text.menuHuman, words: ["менеджер", "оператор", "человек", "manager", "связат"]))
        items.append(MenuItem(action: .question, title: text.menuQuestion, words: ["вопрос", "question", "спросит"]))
        return items
    }

    func showMenu(_ state: FunnelState, _ read: Reading) -> FunnelTurn {
        var state = state
        state.step = .menu
        return FunnelTurn(state: state, reply: read.phrases.menu(menuItems(read.phrases).map(\.title)))
    }

    func callHuman(_ state: FunnelState, _ read: Reading) -> FunnelTurn {
        var state = state
        if state.step == .menu { state.step = .idle }
        return FunnelTurn(state: state, reply: read.phrases.human(when: read.context.answerTime), wantsHuman: true, isMilestone: true)
    }

    func menuChoice(_ state: FunnelState, _ read: Reading) -> FunnelTurn {
        let items = menuItems(read.phrases)
        var chosen: MenuItem?
        if WordMatch.isOnlyNumbers(read.text), let number = WordMatch.numbers(in: read.text, count: items.count).first {
            chosen = items[number - 1]
        } else {
            let words = TextKey.words(read.text)
            if words.count <= 4 {
                chosen = items.first { item in words.contains { word in item.words.contains { word.hasPrefix($0) } } }
            }
        }
        guard let chosen else {
            // Not a menu answer: perhaps what they want, in their own words.
            var idle = state
            idle.step = .idle
            let turn = entry(idle, read)
            return turn.isHandled ? turn : FunnelTurn(state: state, reply: nil)
        }
        var state = state
        switch chosen.action {
        case .catalogue:
            let categories = topCategories
            if categories.count == 1, let only = categories.first {
                state = state.choosing(category: only.id)
                return proceed(state, read, preface: [])
            }
            state.step = .category
            return FunnelTurn(state: state, reply: read.phrases.categories(categories.map(\.name)))
        case .byCar:
            state.step = .car
            return FunnelTurn(state: state, reply: prompt(for: state, context: read.context))
        case .human:
            return callHuman(state, read)
        case .question:
            state.step = .idle
            return FunnelTurn(state: state, reply: read.phrases.askQuestion)
        }
    }

    func categoryChoice(_ state: FunnelState, _ read: Reading) -> FunnelTurn {
        let categories = topCategories
        var state = state
        if WordMatch.isOnlyNumbers(read.text) {
            guard let number = WordMatch.numbers(in: read.text, count: categories.count).first else { return FunnelTurn(state: state, reply: nil) }
            state = state.choosing(category: categories[number - 1].id)
            return proceed(state, read, preface: [])
        }
        if let category = matchedCategory(read.text) {
            state = state.choosing(category: category.id)
            return proceed(state, read, preface: [])
        }
        if state.brand != nil { return proceed(state, read, preface: []) }
        return FunnelTurn(state: state, reply: nil)
    }

    /// The category a message names («коврики ева» → «EVA коврики»), by its own name or by the names of its products.
    func matchedCategory(_ text: String) -> CatalogueCategory? {
        if let category = WordMatch.best(catalogue.categories, in: text, name: \.name) { return category }
        if let product = WordMatch.best(catalogue.products, in: text, name: \.name) { return catalogue.category(id: product.categoryID) }
        return nil
    }
}
