import SaudaCore

extension ModelRequest {
    /// The request's input tokens as a budget counts them before the provider does: four characters a token over the
    /// instruction, the history, the passages, the new messages, the tools and the earlier tool rounds. Russian text
    /// takes about as many tokens as that; the provider's own count replaces the estimate when the call returns.
    public var estimatedInputTokens: Int {
        var characters = TextAnalysis.scalarCount(systemInstruction)
        characters += history.reduce(0) { $0 + TextAnalysis.scalarCount($1.text) }
        characters += knowledge.reduce(0) { $0 + TextAnalysis.scalarCount($1.text) }
        characters += context.newMessages.reduce(0) { $0 + TextAnalysis.scalarCount($1) }
        characters += tools.reduce(0) { $0 + $1.name.count + $1.description.count + $1.parameters.jsonText.count }
        characters += exchanges.reduce(0) { total, exchange in
            total + TextAnalysis.scalarCount(exchange.text) + exchange.calls.reduce(0) { $0 + $1.arguments.jsonText.count }
                + exchange.results.reduce(0) { $0 + $1.content.jsonText.count }
        }
        return characters / 4 + 1
    }
}
