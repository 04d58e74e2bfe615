import Foundation

/// Something that changed in the CRM that Sauda keeps a record of, read from the CRM's webhook.
public enum CRMEvent: Sendable, Hashable {
    /// A booking was cancelled (deleted, or its status set to cancelled) in the CRM.
    case bookingCancelled(CRMRef)
    /// A booking was moved to another time.
    case bookingMoved(CRMRef, start: Date)
    /// A lead's (a deal's) stage changed; `stage` is the CRM's own id or name of it, and `won` says whether it is final
    /// and won (`true`), final and lost (`false`), or neither or not known (`nil`).
    case leadStageChanged(CRMRef, stage: String, won: Bool?)

    /// The record the event is about.
    public var ref: CRMRef {
        switch self {
        case .bookingCancelled(let ref), .bookingMoved(let ref, _), .leadStageChanged(let ref, _, _): ref
        }
    }
}
