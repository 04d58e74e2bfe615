import Foundation
import SaudaCore

/// The offline engine's use of tools: when a client agrees to the call slot the bot just offered (the nearest
/// free one, or a time the client named and the bot asked to book), it calls `book_call` with that slot; when the tool's result comes back, it confirms the booking (or offers other
/// times when the slot is taken or refused). Everything else is answered by ``SalesRules``.
struct OfflineToolIntent {
    let request: ModelRequest

    /// A tool call or a confirmation, or `nil` when no tool is involved in this turn.
    func response() -> ModelResponse? {
        if let exchange = request.exchanges.last,
           let index = exchange.calls.firstIndex(where: { $0.name == "book_call" }), index < exchange.results.count {
            let attempted = exchange.calls[index].arguments["time"]?.stringValue.flatMap { ISO8601.parse($0) }
            return text(confirmation(of: exchange.results[index], attempted: attempted))
        }
        guard request.exchanges.isEmpty, request.tools.contains(where: { $0.name == "book_call" }),
              let slot = agreedSlot() else { return nil }
        let time = slot.formatted(Date.ISO8601FormatStyle(timeZone: request.context.calendar.timeZone))
        let call = ToolCall(id: "offline-book-call", name: "book_call", arguments: ["time": .string(time)], providerID: false)
        return ModelResponse(text: "", toolCalls: [call], finishReason: .toolCalls, usage: TokenUsage(input: 1, output: 1),
                             model: OfflineEngine.modelName)
    }

    /// The slot of the bot's last message when the client answers it with a yes.
    func agreedSlot() -> Date? {
        guard let lastBot = request.history.lastIndex(where: { $0.author == .bot }) else { return nil }
        let answers = request.history[(lastBot + 1)...].filter { $0.author == .customer }
        guard let answer = answers.last, ReplyIntent.of(answer.text) == .yes else { return nil }
        let offer = request.history[lastBot]
        let calendar = request.context.calendar
        // «Давайте в среду в 11:30» agrees to a call, not to the time offered: a time of the client's own is asked
        // back first (SalesRules), never replaced by the offered one. «Да, в 11:30» naming that same time agrees.
        let named = CallTimePhrase.parse(answer.text, now: answer.sentAt, timeZone: calendar.timeZone).flatMap { $0.hasTime ? $0.date : nil }
        var clock = Calendar(identifier: .gregorian)
        clock.timeZone = calendar.timeZone
        func agreed(_ time: Date) -> Date? {
            guard let named else { return time }
            // The same clock time agrees even without its day («Да, в 11:30» to «… 25 ноября в 11:30?»).
            return clock.dateComponents([.hour, .minute], from: named) == clock.dateComponents([.hour, .minute], from: time) ? time : nil
        }
        // A time the client named, which the bot asked to book.
        if offer.text.contains(SalesRules.bookingQuestionRussian) || offer.text.contains(SalesRules.bookingQuestionEnglish) {
            guard let asked = CallTimePhrase.parse(offer.text, now: offer.sentAt, timeZone: calendar.timeZone),
                  asked.date > request.context.now, calendar.isWorkingTime(asked.date) else { return nil }
            return agreed(asked.date)
        }
        // The nearest slot the bot offered.
        guard let slot = SalesRules.offeredSlot(writtenAt: offer.sentAt, calendar: calendar),
              slot > request.context.now else { return nil }
        let language = TextAnalysis.language(of: offer.text)
        guard offer.text.contains(calendar.formatForClient(slot, language: language)) else { return nil }
        return agreed(slot)
    }

    /// The booking confirmed, or two other times offered: never the time just refused (`attempted`).
    private func confirmation(of result: ToolResult, attempted: Date?) -> String {
        let russian = TextAnalysis.language(of: request.context.newMessages.joined(separator: " ")) == .russian
        if !result.isError, let when = result.content["say"]?.stringValue {
            return russian
                ? "Отлично, записал Вас на звонок \(when) 📞 Менеджер позвонит в это время. Если планы изменятся, просто напишите."
                : "Great, your call is booked for \(when) 📞 A manager will call you then. If your plans change, just write."
        }
        let calendar = request.context.calendar
        // The free times the tool gave (the business's CRM knows which are free); else the calendar's.
        let given = (result.content["free"]?.arrayValue ?? []).compactMap { $0["time"]?.stringValue.flatMap { ISO8601.parse($0) } }
        let candidates = given.isEmpty ? calendar.workingSlots(after: request.context.now.addingTimeInterval(2 * 3600), count: 3) : given
        let options = candidates.filter { $0 != attempted }.prefix(2)
            .map { calendar.formatForClient($0, language: russian ? .russian : .english) }
        return russian
            ? "К сожалению, это время недоступно. Могу предложить \(options.joined(separator: " или ")) — как Вам удобнее?"
            : "Unfortunately that time is not available. I can offer \(options.joined(separator: " or ")) — which suits you?"
    }

    private func text(_ text: String) -> ModelResponse {
        ModelResponse(text: text, finishReason: .stop, usage: TokenUsage(input: 1, output: text.unicodeScalars.count / 4 + 1),
                      model: OfflineEngine.modelName)
    }
}
