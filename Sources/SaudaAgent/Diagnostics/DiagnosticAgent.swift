import Foundation
import SaudaCatalogue
import SaudaCore
import SaudaStore

/// Answers the diagnostic phrase with the installation's state, so that an owner can check from any chat what
/// answers the customers: version, channel, model and circuit, tools and catalogue size. No model is called.
public struct DiagnosticAgent: ConversationAgent {
    let phrase: String
    let facts: DiagnosticFacts

    /// An agent answering `phrase` with `facts`.
    public init(phrase: String, facts: DiagnosticFacts) {
        self.phrase = phrase
        self.facts = facts
    }

    /// Whether the turn's latest message is the phrase (case, spaces and end punctuation aside).
    public func isAsked(in context: ConversationContext) -> Bool {
        guard let latest = context.newMessages.last?.text else { return false }
        return Self.comparable(latest) == Self.comparable(phrase)
    }

    /// The state, one fact a line.
    public func reply(to context: ConversationContext) async throws -> AgentReply {
        var lines = ["Диагностика Sauda", "Версия: \(SaudaVersion.current)", "Канал: \(context.key.channel.rawValue)",
                     "Бизнес: \(context.businessName) (\(context.key.tenantID))"]
        lines.append("Модель: \(facts.model)" + (facts.circuit().map { ", цепь: \($0)" } ?? ""))
        lines.append("Инструменты: \(facts.tools.joined(separator: ", "))")
        if let catalogue = await facts.catalogue(context.key.tenantID), !catalogue.isEmpty {
            let counts = catalogue.counts
            lines.append("Каталог: \(counts.products) товаров в \(counts.categories) категориях, валюта \(catalogue.currency.code)")
        } else {
            lines.append("Каталог: нет")
        }
        return AgentReply(text: lines.joined(separator: "\n"))
    }

    static func comparable(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "ё", with: "е")
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            .trimmingCharacters(in: CharacterSet(charactersIn: ".!?…"))
    }
}
