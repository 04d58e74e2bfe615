/// A web-chat message of any session, as ``WebChatHub/subscribeAll()`` hands it on: which business and session it
/// belongs to, and the message.
public struct WebChatHubEvent: Sendable {
    /// The business.
    public var tenantID: String
    /// The web-chat session.
    public var session: String
    /// The message.
    public var message: WebChatMessage
}
