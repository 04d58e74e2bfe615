import Foundation
import SaudaCore
import Synchronization

/// A message of a web-chat conversation as the browser sees it.
public struct WebChatMessage: Sendable, Codable, Hashable {
    /// Stable id: the provider id for customer messages, the bot message id for replies.
    public var id: String
    /// `customer` or `bot` (or `human` for an operator).
    public var role: String
    /// The text.
    public var text: String
    /// When it was written, ISO 8601.
    public var time: String
    /// `pending` (accepted, not yet read by the agent), `received`, `answered`; for replies `queued`, `sent`, `delivered`.
    public var status: String
    /// For replies: id of the customer message it answers (the latest of the turn).
    public var replyTo: String?
    /// For replies: ids of every customer message the reply answers (messages folded into one turn).
    public var answers: [String]?

    enum CodingKeys: String, CodingKey {
        case id, role, text, time, status
        case replyTo = "reply_to"
        case answers
    }

    /// Creates a message.
    public init(id: String, role: String, text: String, time: String, status: String, replyTo: String? = nil,
                answers: [String]? = nil) {
        self.id = id
        self.role = role
        self.text = text
        self.time = time
        self.status = status
        self.replyTo = replyTo
        self.answers = answers
    }
}

/// Fans web-chat events out to the browsers subscribed to a session (server-sent events).
public final class WebChatHub: Sendable {
    private struct Subscriber {
        let continuation: AsyncStream<WebChatMessage>.Continuation
    }

    private let subscribers = Mutex<[String: [UUID: Subscriber]]>([:])
    private let observers = Mutex<[UUID: AsyncStream<WebChatHubEvent>.Continuation]>([:])

    /// Follows every session of every tenant (for the benchmarks), each message with its tenant and session.
    public func subscribeAll() -> AsyncStream<WebChatHubEvent> {
        let id = UUID.random()
        let (stream, continuation) = AsyncStream<WebChatHubEvent>.makeStream()
        observers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in _ = self?.observers.withLock { $0.removeValue(forKey: id) } }
        return stream
    }

    /// Creates a hub.
    public init() {}

    static func topic(tenantID: String, session: String) -> String { "\(tenantID)/\(session)" }

    /// Subscribes to a session; the stream ends when the subscriber stops iterating.
    public func subscribe(tenantID: String, session: String) -> AsyncStream<WebChatMessage> {
        let topic = Self.topic(tenantID: tenantID, session: session)
        let id = UUID.random()
        let (stream, continuation) = AsyncStream<WebChatMessage>.makeStream(bufferingPolicy: .bufferingNewest(256))
        subscribers.withLock { $0[topic, default: [:]][id] = Subscriber(continuation: continuation) }
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLock { all in
                all[topic]?[id] = nil
                if all[topic]?.isEmpty == true { all[topic] = nil }
            }
        }
        return stream
    }

    /// Sends an event to every subscriber of a session.
    public func publish(_ message: WebChatMessage, tenantID: String, session: String) {
        let topic = Self.topic(tenantID: tenantID, session: session)
        let targets = subscribers.withLock { Array(($0[topic] ?? [:]).values) }
        for target in targets { target.continuation.yield(message) }
        let event = WebChatHubEvent(tenantID: tenantID, session: session, message: message)
        for observer in observers.withLock({ Array($0.values) }) { observer.yield(event) }
    }

    /// Subscribers across all sessions.
    public var subscriberCount: Int { subscribers.withLock { $0.values.reduce(0) { $0 + $1.count } } }

    /// Ends every stream (shutdown).
    public func finishAll() {
        let all = subscribers.withLock { all -> [Subscriber] in
            let list = all.values.flatMap { $0.values }
            all.removeAll()
            return list
        }
        for subscriber in all { subscriber.continuation.finish() }
        for observer in observers.withLock({ all -> [AsyncStream<WebChatHubEvent>.Continuation] in
            defer { all.removeAll() }
            return Array(all.values)
        }) { observer.finish() }
    }
}
