/// Where a lead stands: captured (`new`), with a name or phone (`qualified`), with an order placed (`ordered`) or a
/// call booked (`booked`), and at the end `won` or `lost`, which only an operator sets.
public enum LeadStage: String, Sendable, Codable, Hashable, CaseIterable {
    /// Captured, nothing to reach the customer by yet.
    case new
    /// The customer's name or phone number is known.
    case qualified
    /// The customer placed an order.
    case ordered
    /// A call with the customer is booked.
    case booked
    /// Closed as a sale (an operator's decision).
    case won
    /// Closed without a sale (an operator's decision).
    case lost

    /// How far along the funnel the stage is: `ordered` and `booked` are the same step; `won` and `lost` end it.
    public var rank: Int {
        switch self {
        case .new: 0
        case .qualified: 1
        case .ordered, .booked: 2
        case .won, .lost: 3
        }
    }

    /// Whether the lead is closed (`won` or `lost`): a closed lead is not changed by the agent's tools.
    public var isClosed: Bool { self == .won || self == .lost }

    /// The stage after the agent's tools reached `reached`: stages only move forward automatically, so a later
    /// `record_lead` does not lower `ordered` or `booked`, a step of the same rank keeps the current stage, and a closed
    /// lead stays closed.
    public func advanced(to reached: LeadStage) -> LeadStage {
        guard !isClosed, !reached.isClosed else { return self }
        return reached.rank > rank ? reached : self
    }
}
