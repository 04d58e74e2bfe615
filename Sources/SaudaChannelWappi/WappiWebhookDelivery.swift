import Foundation
import SaudaChannels
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
            /// The envelope carries more events than one delivery may (413).
            case tooLarge
        }

        /// The kind.
        public var kind: Kind
        /// The reason for the caller.
        public var description: String
    }

    /// The events of a webhook body, checked to belong to `profileID`. An event that is an object but not as Wappi
    /// writes it is returned with its ``WappiMessage/violation`` (``WappiInbound`` refuses it alone).
    /// - Parameter maxEvents: most events one post may carry (``InboundLimits/maxEventsPerDelivery``).
    /// - Throws: ``Refusal`` for a body that is not JSON, not the envelope, has an element that is no object, more
    ///   than `maxEvents` events, or an event of another profile.
    public static func events(in body: Data, profileID: String,
                              maxEvents: Int = InboundLimits.standard(for: .whatsapp).maxEventsPerDelivery) throws(Refusal) -> [WappiMessage] {
        let json: JSONValue
        do { json = try JSONValue.parse(body) } catch {
            throw Refusal(kind: .malformed, description: "request body is not valid JSON")
        }
        guard let elements = json["messages"]?.arrayValue else {
            throw Refusal(kind: .malformed, description: "expected Wappi's envelope {\"messages\":[…]}")
        }
        guard elements.count <= maxEvents else {
            throw Refusal(kind: .tooLarge, description: "«messages» may carry at most \(maxEvents) events, this one carries \(elements.count)")
        }
        var events: [WappiMessage] = []
        for (index, element) in elements.enumerated() {
            guard let event = WappiMessage(element) else {
                throw Refusal(kind: .malformed, description: "event \(index + 1) of «messages» is not an object")
            }
            if let profile = event.profileID, profile != profileID {
                // Quoted only when it is a short, safe word.
                let named = InboundLimits.standard(for: .whatsapp).id(profile, field: "profile_id") == nil ? " \(profile)" : ""
                throw Refusal(kind: .otherProfile, description: "event of profile\(named), not this tenant's")
            }
            events.append(event)
        }
        return events
    }
}
