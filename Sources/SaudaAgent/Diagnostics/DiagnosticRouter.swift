/// Puts the diagnostic phrase in front of another router: a turn whose latest message is the phrase is answered by
/// the ``DiagnosticAgent`` whatever the contact's status (an owner may test from a number not yet classified), and
/// the phrase does not count towards a classification; every other turn goes to `base`.
public struct DiagnosticRouter: AgentRouter {
    let base: any AgentRouter
    let diagnostics: DiagnosticAgent

    /// A router answering the phrase of `diagnostics` and leaving the rest to `base`.
    public init(base: any AgentRouter, diagnostics: DiagnosticAgent) {
        self.base = base
        self.diagnostics = diagnostics
    }

    /// No classification for the phrase; `base`'s otherwise.
    public func classifier(for context: ConversationContext) -> (any ConversationAgent)? {
        diagnostics.isAsked(in: context) ? nil : base.classifier(for: context)
    }

    /// The diagnostic agent for the phrase; `base`'s otherwise.
    public func responder(for context: ConversationContext) -> (any ConversationAgent)? {
        diagnostics.isAsked(in: context) ? diagnostics : base.responder(for: context)
    }
}
