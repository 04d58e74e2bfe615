import Foundation
import SaudaCore

/// What one of the agent's tools learned for a lead: the stage it reached and the fields it knows (absent fields keep
/// what the lead had).
public struct LeadCapture: Sendable, Hashable {
    /// The stage this step reaches (the lead only moves forward: ``LeadStage/advanced(to:)``).
    public var stage: LeadStage
    /// The customer's name.
    public var name: String?
    /// The customer's phone number.
    public var phone: String?
    /// What the customer wants.
    public var need: String?
    /// The price quoted.
    public var priceQuoted: String?
    /// The call booked.
    public var bookedCall: Date?
    /// A deep-link start parameter the customer came with, when the channel passed one.
    public var startParameter: String?
    /// Other details, merged over the lead's.
    public var details: [String: String]

    /// Creates a capture.
    public init(stage: LeadStage, name: String? = nil, phone: String? = nil, need: String? = nil, priceQuoted: String? = nil,
                bookedCall: Date? = nil, startParameter: String? = nil, details: [String: String] = [:]) {
        self.stage = stage
        self.name = name
        self.phone = phone
        self.need = need
        self.priceQuoted = priceQuoted
        self.bookedCall = bookedCall
        self.startParameter = startParameter
        self.details = details
    }

    /// The source of a lead captured on `channel`: the channel, or `channel:start` with a start parameter.
    public func source(channel: Channel) -> String {
        guard let start = startParameter?.trimmingCharacters(in: .whitespacesAndNewlines), !start.isEmpty else { return channel.rawValue }
        return channel.rawValue + ":" + String(start.prefix(64))
    }
}
