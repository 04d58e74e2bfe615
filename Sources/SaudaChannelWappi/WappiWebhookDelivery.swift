import Foundation
import SaudaCore

/// One POST of Wappi's webhook: the `{"messages":[…]}` envelope of a profile's events.
public enum WappiWebhookDelivery {
    /// Why a webhook body was refused.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        /// Kinds of refusal.
        public enum Kind: Sendable {
            /// The body is not Wappi's envelope (400).
            case malformed
            /// An event belongs to another Wappi profile than the tenant's (403).
            case otherProfile
        }

        /// The kind.
        public var kind: Kind
        /// The reason for the caller.
        public var description: String
    }

    /// The events of a webhook body, checked to belong to `profileID`.
    /// - Throws: ``Refusal`` for a body that is not JSON, not the envelope, has an event without an id, or an event
    ///   of another profile.
    public static func events(in body: Data, profileID: String) throws(Refusal) -> [WappiMessage] {
        let json: JSONValue
        do { json = try JSONValue.parse(body) } catch {
            throw Refusal(kind: .malformed, description: "request body is not valid JSON")
        }
        guard let elements = json["messages"]?.arrayValue else {
            throw Refusal(kind: .malformed, description: "expected Wappi's envelope {\"messages\":[…]}")
        }
        var events: [WappiMessage] = []
        for element in elements {
            guard let event = WappiMessage(element) else { throw Refusal(kind: .malformed, description: "an event has no id") }
            if let profile = event.profileID, profile != profileID {
                throw Refusal(kind: .otherProfile, description: "event of profile \(profile), not this tenant's")
            }
            events.append(event)
        }
        return events
    }
}
