import Foundation
import SaudaCore

/// A stored lead (`leads`): what the agent's tools learned about a customer who may buy, and how far they got.
public struct Lead: Sendable, Hashable, Codable {
    /// Row id.
    public var id: Int64
    /// The tenant.
    public var tenantID: String
    /// The contact of the conversation the lead came from.
    public var contactID: Int64
    /// The channel of that conversation.
    public var channel: Channel
    /// The chat of that conversation.
    public var chatID: String
    /// The customer's name.
    public var name: String?
    /// The customer's phone number, as given or as the channel knows it.
    public var phone: String?
    /// What the customer wants (a product with its options, or their own words).
    public var need: String?
    /// The price quoted, as the catalogue writes it (`8 500 сом`).
    public var priceQuoted: String?
    /// The call booked with the customer.
    public var bookedCall: Date?
    /// Where the customer came from: the channel, with a deep-link start parameter when there is one (`telegram:promo`).
    public var source: String
    /// How far the lead got.
    public var stage: LeadStage
    /// Everything else the tools recorded (city, car, budget…).
    public var details: [String: String]
    /// When the lead was captured.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a lead value (a lead not stored yet has id 0).
    public init(id: Int64, tenantID: String, contactID: Int64, channel: Channel, chatID: String, name: String?, phone: String?,
                need: String?, priceQuoted: String?, bookedCall: Date?, source: String, stage: LeadStage, details: [String: String],
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.tenantID = tenantID
        self.contactID = contactID
        self.channel = channel
        self.chatID = chatID
        self.name = name
        self.phone = phone
        self.need = need
        self.priceQuoted = priceQuoted
        self.bookedCall = bookedCall
        self.source = source
        self.stage = stage
        self.details = details
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
