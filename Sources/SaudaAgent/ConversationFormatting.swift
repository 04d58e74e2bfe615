import Foundation
import SaudaCore

/// Renders a conversation for prompts: one line per message, with the author.
enum ConversationFormatting {
    static func history(_ messages: [ConversationMessage]) -> String {
        messages.map { message in
            let author = switch message.author {
            case .customer: "Клиент"
            case .bot: "Бот"
            case .human: "Менеджер"
            }
            return "\(author): \(message.text)"
        }.joined(separator: "\n")
    }

    static func dateTime(_ date: Date, calendar: WorkingCalendar) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = calendar.timeZone
        let year = cal.component(.year, from: date)
        let formatted = calendar.formatForClient(date)
        // «15 октября в 14:30» → «15 октября 2026, 14:30» (split by hand: Foundation's replacing costs more than
        // the rest of the prompt's preparation).
        let parts = formatted.split(separator: " в ", maxSplits: 1)
        return parts.count == 2 ? "\(parts[0]) \(year), \(parts[1])" : formatted
    }
}
