import SaudaCore

/// The reading of a customer's answer under its bubble: what it says and who decided («ответ: да · модель
/// gemini-2.5-flash»), so that the business sees why a follow-up chain stopped or went on.
enum IntentBadge {
    static func render(_ reading: IntentReading?, context: ConsoleContext) -> HTML {
        guard let reading else { return "" }
        let intent = switch reading.intent {
        case .yes: context.t(.intentYes)
        case .no: context.t(.intentNo)
        case .unsure: context.t(.intentUnsure)
        case .other: context.t(.intentOther)
        }
        let reader = switch reading.source {
        case .rules: context.t(.intentByRules)
        case .model: context.t(.intentByModel, reading.model ?? "—")
        case .fallback: context.t(.intentByFallback)
        }
        return html(#" · <span class="intent intent-\#(reading.intent.rawValue)" data-source="\#(reading.source.rawValue)">\#(context.t(.intentAnswer)): \#(intent) · \#(reader)</span>"#)
    }
}
