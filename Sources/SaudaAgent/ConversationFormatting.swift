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
        calendar.formatWithYear(date)
    }
}
