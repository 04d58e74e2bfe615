import SaudaCatalogue
import SaudaCore

/// What the sales model is told of the order funnel when it answers inside it: the state in a few lines, and whether
/// the funnel's next question follows its answer.
public struct FunnelBrief: Sendable, Hashable {
    /// The prompt's section on the funnel (`{{{funnel_state}}}` of the sales template): a heading, the state's lines
    /// and the rules of answering inside the funnel.
    public var summary: String
    /// The caller appends the funnel's question, so the answer asks none of its own.
    public var appendsQuestion: Bool

    /// A brief.
    public init(summary: String, appendsQuestion: Bool) {
        self.summary = summary
        self.appendsQuestion = appendsQuestion
    }

    /// The brief of `state` over `catalogue`.
    public init(state: FunnelState, catalogue: Catalogue, appendsQuestion: Bool) {
        var lines = ["шаг: \(state.step.rawValue)"]
        if let id = state.categoryID, let category = catalogue.category(id: id) { lines.append("категория: \(category.name) (category_id \(id))") }
        if let car = state.carText ?? state.brand { lines.append("автомобиль: \(car)") }
        if let id = state.productID, let product = catalogue.product(id: id) {
            lines.append("товар: \(product.name) (product_id \(id)), цена \(product.price.displayText)")
        }
        if state.optionsChosen { lines.append("опции: \(state.options.isEmpty ? "без опций" : state.options.joined(separator: ", "))") }
        if let price = state.priceText { lines.append("названная цена: \(price)") }
        if let name = state.name { lines.append("имя: \(name)") }
        if let phone = state.phone { lines.append("телефон: \(phone)") }
        if let city = state.city { lines.append("город: \(city)") }
        if let need = state.orderedNeed { lines.append("уже оформлено: \(need)") }
        let section = ["ЗАКАЗ КЛИЕНТА (воронку ведёт система, это её данные):"] + lines + [
            "Каталог, цены и заказ — только через инструменты (find_products, quote_price, place_order).",
            appendsQuestion ? "Ответь на вопрос клиента коротко: следующий вопрос воронки система добавит к твоему ответу сама." : "",
        ]
        self.init(summary: section.filter { !$0.isEmpty }.joined(separator: "\n") + "\n", appendsQuestion: appendsQuestion)
    }
}
