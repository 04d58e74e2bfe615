import Foundation

/// A lead (a deal, a request) Sauda writes to a CRM with what the conversation gathered.
public struct LeadDraft: Sendable, Hashable {
    /// A short title: what the customer wants (`EVA коврики, Toyota Camry 2020`).
    public var title: String
    /// The customer's name, when they gave it.
    public var customerName: String?
    /// The customer's phone, E.164.
    public var phone: String
    /// The channel the customer wrote on (`whatsapp`, `webchat`).
    public var channel: String
    /// The lead's stage in Sauda (`new`, `qualified`, `ordered`).
    public var stage: String
    /// What the customer asked for, field by field (`product`, `car`, `city`, `delivery`), as Sauda's lead details
    /// name them; the connection's field mapping says where each goes.
    public var details: [String: String]
    /// The conversation's summary, or its last messages, for the CRM's comment.
    public var summary: String
    /// When the customer first wrote.
    public var createdAt: Date

    /// Creates a draft.
    public init(title: String, customerName: String? = nil, phone: String, channel: String, stage: String, details: [String: String] = [:],
                summary: String = "", createdAt: Date) {
        self.title = title
        self.customerName = customerName
        self.phone = phone
        self.channel = channel
        self.stage = stage
        self.details = details
        self.summary = summary
        self.createdAt = createdAt
    }
}
