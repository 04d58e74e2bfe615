import SaudaCatalogue
import SaudaCore

/// What the diagnostic reply states about the installation: nothing secret (no keys, addresses or customer data).
public struct DiagnosticFacts: Sendable {
    /// The model provider and model, e.g. `gemini (gemini-2.5-flash)` or `offline`.
    public var model: String
    /// The model's circuit breaker right now (`closed`, `open`, `half_open`), `nil` for the offline engine.
    public var circuit: @Sendable () -> String?
    /// The names of the agent's tools.
    public var tools: [String]
    /// The catalogue of a business, `nil` when it has none.
    public var catalogue: @Sendable (String) async -> Catalogue?

    /// Creates the facts.
    public init(model: String, circuit: @escaping @Sendable () -> String?, tools: [String],
                catalogue: @escaping @Sendable (String) async -> Catalogue?) {
        self.model = model
        self.circuit = circuit
        self.tools = tools
        self.catalogue = catalogue
    }
}
