/// Where the sales conversation stands in SPIN selling (the sales prompt, `Prompts/sales_agent.mustache`).
public enum SpinStage: String, Sendable, Codable, Hashable, CaseIterable {
    /// Learn the client's situation.
    case situation
    /// Find the problems.
    case problem
    /// Make the problem's cost clear.
    case implication
    /// Show the value of solving it.
    case needPayoff = "need_payoff"
    /// Offer a call with a manager.
    case callOffer = "call_offer"

    /// The stage that follows this one; the last stage stays.
    public var next: SpinStage {
        switch self {
        case .situation: .problem
        case .problem: .implication
        case .implication: .needPayoff
        case .needPayoff, .callOffer: .callOffer
        }
    }
}
