import SaudaCatalogue
import SaudaCore
import SaudaUnderstanding

extension FunnelMachine {
    /// Offers the chosen product's options, or quotes its price when it has none or they are chosen (also when the
    /// message that chose the product named them: «камри 2022 с бортами 5 см»).
    func optionsOrQuote(_ state: FunnelState, _ read: Reading, preface: [String], calls: [FunnelToolCall]) -> FunnelTurn {
        var state = state
        guard let product = state.productID.flatMap(catalogue.product(id:)) else {
            state.step = .idle
            return FunnelTurn(state: state, reply: nil)
        }
        if !product.options.isEmpty, !state.optionsChosen {
            // A digit that chose the category or the product says nothing of the options.
            let choice = WordMatch.isOnlyNumbers(read.text) ? .unread : OptionChooser(product: product).choice(in: read.textWithoutPhone)
            switch choice {
            case .chosen(let names) where !names.isEmpty:
                state.options = names
                state.optionsChosen = true
            case .ambiguous(let names):
                state.step = .options
                return FunnelTurn(state: state, reply: (preface + [read.phrases.whichSize(names)]).joined(separator: "\n\n"), toolCalls: calls)
            default:
                state.step = .options
                return FunnelTurn(state: state, reply: (preface + [read.phrases.options(product: product)]).joined(separator: "\n\n"), toolCalls: calls)
            }
        }
        return quote(state, product: product, read, preface: preface, calls: calls)
    }

    /// Quotes the product with its options (`quote_price`) and asks to confirm the order.
    func quote(_ state: FunnelState, product: Product, _ read: Reading, preface: [String], calls: [FunnelToolCall]) -> FunnelTurn {
        var state = state
        let chosen = state.options.compactMap { name in product.options.first { $0.name == name } }
        guard let total = product.price(withOptions: chosen.map(\.name)) else {
            state.options = []
            state.optionsChosen = false
            state.step = .options
            return FunnelTurn(state: state, reply: (preface + [read.phrases.options(product: product)]).joined(separator: "\n\n"), toolCalls: calls)
        }
        state.options = chosen.map(\.name)
        state.optionsChosen = true
        state.priceText = total.displayText
        state.step = .confirm
        let call = FunnelToolCall(name: "quote_price", arguments: ["product_id": .string(product.id), "options": .array(state.options.map(JSONValue.string))])
        return FunnelTurn(state: state, reply: (preface + [read.phrases.quote(product: product, options: chosen, total: total)]).joined(separator: "\n\n"),
                          toolCalls: calls + [call])
    }

    func optionsAnswer(_ state: FunnelState, _ read: Reading) -> FunnelTurn {
        guard let product = state.productID.flatMap(catalogue.product(id:)) else { return entry(state, read) }
        var state = state
        switch OptionChooser(product: product).choice(in: read.textWithoutPhone, sizeAlone: true) {
        case .chosen(let names):
            state.options = names
            state.optionsChosen = true
            return quote(state, product: product, read, preface: [], calls: [])
        case .ambiguous(let names):
            return FunnelTurn(state: state, reply: read.phrases.whichSize(names))
        case .unread:
            if read.understanding.vehicle?.brand != nil || (matchedCategory(read.text).map { $0.id != product.categoryID } ?? false) {
                return entry(state, read)
            }
            return FunnelTurn(state: state, reply: nil)
        }
    }

    func confirmAnswer(_ state: FunnelState, _ read: Reading) -> FunnelTurn {
        guard let product = state.productID.flatMap(catalogue.product(id:)) else { return entry(state, read) }
        var state = state
        // A change of mind about the options: a new quote.
        if case .chosen(let names) = OptionChooser(product: product).choice(in: read.textWithoutPhone), !names.isEmpty, names != state.options,
           read.intent != .no {
            state.options = names
            return quote(state, product: product, read, preface: [], calls: [])
        }
        let gaveDetails = read.understanding.name != nil || read.understanding.phone != nil
        switch read.intent {
        case .no where !gaveDetails, .unsure where !gaveDetails:
            state.step = .idle
            return FunnelTurn(state: state, reply: read.phrases.orderDeclined)
        case .yes, _ where gaveDetails:
            return orderOrAskContact(state, read, step: .contact)
        default:
            if read.understanding.vehicle?.brand != nil || matchedCategory(read.text).map({ $0.id != product.categoryID }) == true {
                return entry(state, read)
            }
            return FunnelTurn(state: state, reply: nil)
        }
    }

    func contactAnswer(_ state: FunnelState, _ read: Reading) -> FunnelTurn {
        guard read.givesContact || (read.intent == .yes && state.name != nil) else {
            return FunnelTurn(state: state, reply: nil)
        }
        return orderOrAskContact(state, read, step: .contact)
    }

    /// Places the order once the name is known, else asks for it (with the phone when the channel gives none). Without
    /// a phone the order is placed all the same (the manager can answer in the chat) and the reply asks for one.
    func orderOrAskContact(_ state: FunnelState, _ read: Reading, step: FunnelStep) -> FunnelTurn {
        var state = state
        let phone = state.phone ?? read.context.channelPhone
        guard state.name != nil else {
            state.step = step
            return FunnelTurn(state: state, reply: read.phrases.askContact(needsName: true, needsPhone: phone == nil))
        }
        var turn = step == .measurementContact ? bookMeasurement(state, read) : placeOrder(state, read)
        if phone == nil, let reply = turn.reply { turn.reply = reply + " " + read.phrases.leavePhone }
        return turn
    }

    /// The order (`place_order`), and the state back outside the funnel with the customer's details kept.
    func placeOrder(_ state: FunnelState, _ read: Reading) -> FunnelTurn {
        guard let product = state.productID.flatMap(catalogue.product(id:)), let need = need(of: state) else { return entry(state, read) }
        var arguments: [String: JSONValue] = ["product_id": .string(product.id), "options": .array(state.options.map(JSONValue.string)),
                                              "name": .string(state.name ?? "")]
        if let phone = state.phone ?? read.context.channelPhone { arguments["phone"] = .string(phone) }
        if let car = state.carText { arguments["car"] = .string(car) }
        if let city = state.city { arguments["city"] = .string(city) }
        let price = state.priceText ?? product.price(withOptions: state.options)?.displayText ?? product.price.displayText
        var done = state.restarted(at: .idle)
        done.orderedNeed = need
        return FunnelTurn(state: done, reply: read.phrases.ordered(need: need, price: price, when: read.context.answerTime),
                          toolCalls: [FunnelToolCall(name: "place_order", arguments: .object(arguments))], isMilestone: true)
    }

    func measurementAnswer(_ state: FunnelState, _ read: Reading) -> FunnelTurn {
        var state = state
        let gaveDetails = read.understanding.name != nil || read.understanding.phone != nil
        if read.intent == .yes || gaveDetails { return orderOrAskContact(state, read, step: .measurementContact) }
        if read.intent == .no {
            state.step = .idle
            return FunnelTurn(state: state, reply: read.phrases.measurementDeclined)
        }
        if read.understanding.vehicle?.brand != nil || matchedCategory(read.text) != nil { return entry(state, read) }
        return FunnelTurn(state: state, reply: nil)
    }

    func measurementContactAnswer(_ state: FunnelState, _ read: Reading) -> FunnelTurn {
        guard read.givesContact else { return FunnelTurn(state: state, reply: nil) }
        return orderOrAskContact(state, read, step: .measurementContact)
    }

    /// A request for an individual measurement (`record_lead`), and the state back outside the funnel.
    func bookMeasurement(_ state: FunnelState, _ read: Reading) -> FunnelTurn {
        let car = state.carText ?? state.brand ?? ""
        let need = read.phrases.russian ? "Индивидуальный замер: \(car)" : "Individual measurement: \(car)"
        var arguments: [String: JSONValue] = ["name": .string(state.name ?? ""), "need": .string(need), "car": .string(car)]
        if let phone = state.phone ?? read.context.channelPhone { arguments["phone"] = .string(phone) }
        if let city = state.city { arguments["city"] = .string(city) }
        var done = state.restarted(at: .idle)
        done.orderedNeed = need
        return FunnelTurn(state: done, reply: read.phrases.measurementBooked(car: car, when: read.context.answerTime),
                          toolCalls: [FunnelToolCall(name: "record_lead", arguments: .object(arguments))], isMilestone: true)
    }
}
