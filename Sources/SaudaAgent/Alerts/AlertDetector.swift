import Foundation
import SaudaCore
import SaudaModels
import SaudaStore

/// Finds what in a decided turn needs a person of the business and adds it to the decision's
/// ``ConversationDecision/alerts``:
/// - a successful `place_order` (``AlertReason/orderPlaced``) or `book_call` (``AlertReason/callBooked``);
/// - a new customer message asking for a person (``HumanRequest``, ``AlertReason/askedForHuman``);
/// - a reply that leaves the answer to a person («уточню у менеджера», the price fallback of ``ReplyStyle``;
///   ``HumanHandoffText/defers(_:)``, ``AlertReason/cannotAnswer``), unless the customer asked for a person anyway.
///
/// A paused chat (an operator already has it) and a contact who is not a client raise none. Other deciders (a
/// funnel) may add alerts of their own to the decision; the detector keeps them and adds no second one of a reason.
public enum AlertDetector {
    /// The decision with the alerts of its turn added.
    public static func adding(to decision: ConversationDecision, context: ConversationContext) -> ConversationDecision {
        var decision = decision
        for alert in alerts(of: decision, context: context) where !decision.alerts.contains(where: { $0.reason == alert.reason }) {
            decision.alerts.append(alert)
        }
        return decision
    }

    /// The alerts the turn raises, at most one of each reason.
    public static func alerts(of decision: ConversationDecision, context: ConversationContext) -> [OperatorAlert] {
        guard !decision.isBotPaused, decision.status != .notClient else { return [] }
        var found: [OperatorAlert] = toolAlerts(decision.toolExchanges)
        if let asking = context.newMessages.last(where: { HumanRequest.isRequest($0.text) }) {
            found.append(OperatorAlert(reason: .askedForHuman, summary: asking.text))
        } else if let reply = decision.replyText, HumanHandoffText.defers(reply) {
            let question = context.newMessages.map(\.text).joined(separator: " ")
            found.append(OperatorAlert(reason: .cannotAnswer, summary: question))
        }
        var seen: Set<AlertReason> = []
        return found.filter { seen.insert($0.reason).inserted }
    }

    /// The alerts of successful tool calls: the last order and the last booked call.
    static func toolAlerts(_ exchanges: [ToolExchange]) -> [OperatorAlert] {
        var order: OperatorAlert?
        var call: OperatorAlert?
        for exchange in exchanges {
            for (toolCall, result) in zip(exchange.calls, exchange.results) where !result.isError {
                switch toolCall.name {
                case "place_order" where result.content["ordered"]?.boolValue == true:
                    let parts = [result.content["product"]?.stringValue, result.content["price_text"]?.stringValue,
                                 toolCall.arguments["name"]?.stringValue, toolCall.arguments["phone"]?.stringValue]
                    order = OperatorAlert(reason: .orderPlaced, summary: parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · "))
                case "book_call" where result.content["booked"]?.boolValue == true:
                    let parts = [result.content["say"]?.stringValue, toolCall.arguments["notes"]?.stringValue]
                    call = OperatorAlert(reason: .callBooked, summary: parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · "))
                default:
                    break
                }
            }
        }
        return [order, call].compactMap { $0 }
    }
}
