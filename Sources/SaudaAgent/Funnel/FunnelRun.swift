import SaudaCore
import SaudaFunnel
import SaudaModels

/// The funnel's part of one turn: the messages the rules read, their replies and tool calls, and the state they
/// leave. Several messages of a burst are read one after another; the reply keeps every milestone (an order placed,
/// a person called) and the latest step.
struct FunnelRun {
    var state: FunnelState
    var context: FunnelContext
    private(set) var replies: [FunnelTurn] = []
    private var failedCalls: Set<Int> = []

    init(state: FunnelState, context: FunnelContext) {
        self.state = state
        self.context = context
    }

    /// Reads one message by rules; false when they cannot (the message is the model's), with its details kept.
    mutating func read(_ text: String, with machine: FunnelMachine) -> Bool {
        var context = self.context
        context.businessSpoke = context.businessSpoke || !replies.isEmpty
        let turn = machine.advance(state, message: text, context: context)
        guard turn.isHandled else {
            state = machine.remembering(text, in: state)
            return false
        }
        state = turn.state
        replies.append(turn)
        return true
    }

    /// The parts of the reply: every milestone and the last reply, in order.
    var replyParts: [String] {
        replies.enumerated().compactMap { index, turn in
            guard turn.isMilestone || index == replies.count - 1 else { return nil }
            return failedCalls.contains(index) ? FunnelRun.failureText(context.language) : turn.reply
        }
    }

    /// The alerts the rules raise: a person called from the menu or by «оператор», and a request for a measurement
    /// recorded (an order placed is seen by ``AlertDetector`` in the `place_order` result).
    var alerts: [OperatorAlert] {
        var alerts: [OperatorAlert] = []
        for (index, turn) in replies.enumerated() {
            if turn.wantsHuman { alerts.append(OperatorAlert(reason: .askedForHuman, summary: "Клиент попросил менеджера (меню воронки)")) }
            if turn.isMilestone, !failedCalls.contains(index), let request = turn.toolCalls.first(where: { $0.name == "record_lead" }),
               let need = request.arguments["need"]?.stringValue {
                alerts.append(OperatorAlert(reason: .orderPlaced, summary: need))
            }
        }
        return alerts
    }

    /// Makes the rules' tool calls through the agent's registry, as one exchange; a failed order turns its reply into
    /// the promise that a manager takes it over.
    mutating func perform(tools: ToolRegistry, context toolContext: ToolContext) async -> ToolExchange? {
        var calls: [ToolCall] = []
        var results: [ToolResult] = []
        for (index, turn) in replies.enumerated() {
            for (number, planned) in turn.toolCalls.enumerated() {
                let call = ToolCall(id: "funnel-\(index)-\(number)", name: planned.name, arguments: planned.arguments, providerID: false)
                let result = await tools.run(call, context: toolContext)
                calls.append(call)
                results.append(result)
                if result.isError, ["place_order", "record_lead"].contains(planned.name) { failedCalls.insert(index) }
            }
        }
        return calls.isEmpty ? nil : ToolExchange(calls: calls, results: results, providerTurn: nil)
    }

    static func failureText(_ language: TextLanguage) -> String {
        language == .russian
            ? "Не получилось оформить заявку автоматически, но я передал её менеджеру — он свяжется с Вами."
            : "I could not place the order automatically, but I have passed it to a manager, who will contact you."
    }
}
