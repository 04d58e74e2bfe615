/// Why a conversation needs a person of the business (an operator alert).
public enum AlertReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The customer asked for a person (an operator, a manager, a real person).
    case askedForHuman = "asked_for_human"
    /// The agent could not answer from the knowledge base or the catalogue and said a person will check.
    case cannotAnswer = "cannot_answer"
    /// An order was placed (`place_order` succeeded).
    case orderPlaced = "order_placed"
    /// A call was booked (`book_call` succeeded).
    case callBooked = "call_booked"
    /// The business's CRM changed one of the conversation's records (a booking cancelled or moved, a deal won or lost).
    case crmChanged = "crm_changed"

    /// A short Russian label, for the owner's message.
    public var russianLabel: String {
        switch self {
        case .askedForHuman: "клиент просит человека"
        case .cannotAnswer: "бот не смог ответить"
        case .orderPlaced: "новый заказ"
        case .callBooked: "записан звонок"
        case .crmChanged: "изменение в CRM"
        }
    }
}
