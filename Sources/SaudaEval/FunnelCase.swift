import Foundation
import SaudaCatalogue
import SaudaCore
import SaudaFunnel

/// A line of `sauda eval funnel`: a scripted conversation with one of the demo shops and what it should end in.
///
/// The conversation is replayed through the funnel's rules (``FunnelMachine``), as the offline engine and a model
/// outage run it: a line the rules cannot read is the model's, and only the details it gives (name, phone, car) are
/// kept. The case is right when every expectation it states holds.
struct FunnelCase: Decodable {
    /// The shop: a demo catalogue (`evopoliki`, `5deluxe`).
    var shop: String
    /// `whatsapp` (the chat gives the phone, +77010000000 here) or `webchat`.
    var channel: String
    /// The customer's messages, in order.
    var lines: [String]
    /// What the conversation should end in.
    var expect: Expectation
    /// The case's name, for reports.
    var id: String?

    struct Expectation: Decodable {
        /// The final step.
        var step: String
        /// The distinct tools called, in order of their first call.
        var tools: [String]?
        /// The last quoted total («8 500 сом»).
        var price: String?
        /// Arguments of the last `place_order`.
        var order: [String: JSONValue]?
        /// Arguments of the last `record_lead`.
        var lead: [String: JSONValue]?
    }

    /// The phone a WhatsApp chat of the set gives.
    static let chatPhone = "+77010000000"

    /// Evaluates the funnel's rules on one line.
    static func evaluate(_ line: String) -> Evaluation.Outcome {
        let testCase: FunnelCase
        switch Evaluation.decode(FunnelCase.self, from: line) {
        case .success(let decoded): testCase = decoded
        case .failure(let error): return .skipped(error.description)
        }
        guard let sample = CatalogueSample(rawValue: testCase.shop), let loaded = try? sample.load() else {
            return .skipped("\"shop\" must be one of \(CatalogueSample.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard FunnelStep(rawValue: testCase.expect.step) != nil else {
            return .skipped("\"expect.step\" must be one of \(FunnelStep.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard ["whatsapp", "webchat"].contains(testCase.channel) else { return .skipped("\"channel\" must be whatsapp or webchat") }
        let replay = testCase.replay(FunnelMachine(catalogue: loaded.catalogue), shopName: sample.shopName)
        let problems = testCase.problems(with: replay)
        guard !problems.isEmpty else { return .correct }
        return .miss("\(testCase.id ?? "case"): " + problems.joined(separator: "; ") + " — " + Evaluation.quote(testCase.lines.joined(separator: " | ")))
    }

    /// What a replay ended in.
    struct Replay {
        var state: FunnelState
        var calls: [FunnelToolCall]
        /// The total of the last quote.
        var price: String?
    }

    func replay(_ machine: FunnelMachine, shopName: String) -> Replay {
        var state = FunnelState()
        var calls: [FunnelToolCall] = []
        var price: String?
        for (index, line) in lines.enumerated() {
            let context = FunnelContext(businessName: shopName, language: FunnelContext.language(of: line),
                                        channelPhone: channel == "whatsapp" ? Self.chatPhone : nil, answerTime: "в течение 15 минут",
                                        businessSpoke: index > 0)
            let turn = machine.advance(state, message: line, context: context)
            if turn.isHandled {
                state = turn.state
                calls += turn.toolCalls
                if turn.toolCalls.contains(where: { $0.name == "quote_price" }) { price = turn.state.priceText }
            } else {
                state = machine.remembering(line, in: state)
            }
        }
        return Replay(state: state, calls: calls, price: price)
    }

    /// The expectations the replay breaks, each as a short phrase.
    func problems(with replay: Replay) -> [String] {
        var problems: [String] = []
        if replay.state.step.rawValue != expect.step { problems.append("step \(replay.state.step.rawValue), expected \(expect.step)") }
        if let tools = expect.tools {
            var seen: Set<String> = []
            let called = replay.calls.map(\.name).filter { seen.insert($0).inserted }
            if called != tools { problems.append("tools \(called), expected \(tools)") }
        }
        if let price = expect.price {
            if replay.price != price { problems.append("price \(replay.price ?? "none"), expected \(price)") }
        }
        if let order = expect.order { problems += Self.mismatches(order, in: replay.calls.last { $0.name == "place_order" }, label: "order") }
        if let lead = expect.lead { problems += Self.mismatches(lead, in: replay.calls.last { $0.name == "record_lead" }, label: "lead") }
        return problems
    }

    static func mismatches(_ expected: [String: JSONValue], in call: FunnelToolCall?, label: String) -> [String] {
        guard let call else { return ["no \(label)"] }
        return expected.keys.sorted().compactMap { key in
            let actual = call.arguments[key]
            let wanted = expected[key]
            if case .array(let left)? = actual, case .array(let right)? = wanted {
                return Set(left.compactMap(\.stringValue)) == Set(right.compactMap(\.stringValue)) ? nil : "\(label).\(key) \(left), expected \(right)"
            }
            return actual == wanted ? nil : "\(label).\(key) \(actual?.jsonText ?? "none"), expected \(wanted?.jsonText ?? "none")"
        }
    }
}
