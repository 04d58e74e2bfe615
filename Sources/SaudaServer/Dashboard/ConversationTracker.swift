import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// What a conversation's live stream has sent: the newest message, the delivery status of messages still on
/// their way, and the parts of the page's state.
struct ConversationTracker: Sendable {
    /// A message to add or replace.
    struct MessageEvent: Encodable, Sendable {
        let id: Int64
        let html: String
    }

    /// The parts of the state that changed (absent parts stay as they are).
    struct StateEvent: Encodable, Sendable {
        var panel: String?
        var composer: String?
        var activity: String?
    }

    private(set) var lastID: Int64
    private var digest: String
    private var pendingFrom: Int64?
    private var pending: [Int64: String?] = [:]
    private var sent: (panel: String, composer: String, activity: String)?

    /// Starts after the page's last message, with the page's state fingerprint; `pendingFrom` is the first message
    /// of the page still waiting for its delivery status.
    init(lastID: Int64, digest: String, pendingFrom: Int64?) {
        self.lastID = lastID
        self.digest = digest
        self.pendingFrom = pendingFrom
    }

    /// The row id after which to read: before the oldest message still waiting, else after the newest.
    var watermark: Int64 {
        let oldestPending = ([pendingFrom].compactMap { $0 } + pending.keys).min()
        return min(lastID, (oldestPending ?? Int64.max) - 1)
    }

    /// The messages to send: new ones, and known ones whose delivery status changed.
    mutating func changed(_ messages: [StoredMessage]) -> [StoredMessage] {
        var result: [StoredMessage] = []
        let firstLook = pendingFrom != nil
        for message in messages {
            let isNew = message.id > lastID
            let known = pending[message.id]
            let statusChanged = known.map { $0 != message.deliveryStatus } ?? firstLook
            if isNew || statusChanged { result.append(message) }
            if message.author != .customer, message.deliveryStatus == "queued" {
                pending[message.id] = message.deliveryStatus
            } else {
                pending[message.id] = nil
            }
            lastID = max(lastID, message.id)
        }
        pendingFrom = nil
        return result
    }

    /// The parts of `state` that changed since the last look (everything, the first time its fingerprint differs
    /// from the page's).
    mutating func stateChange(_ state: ConversationPage.State) -> StateEvent? {
        let now = (panel: state.panel.rendered, composer: state.composer.rendered, activity: state.activity.rendered)
        defer { sent = now }
        guard let previous = sent else {
            return state.digest == digest ? nil : StateEvent(panel: now.panel, composer: now.composer, activity: now.activity)
        }
        guard previous != now else { return nil }
        return StateEvent(panel: previous.panel == now.panel ? nil : now.panel, composer: previous.composer == now.composer ? nil : now.composer,
                          activity: previous.activity == now.activity ? nil : now.activity)
    }
}

/// A value a stream's closure changes from tick to tick (each stream is one task: no two ticks run at once).
final class Mutable<Value: Sendable>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
