import Foundation
import SaudaChannels
import SaudaCore
import Synchronization

/// Sends replies to WhatsApp through each tenant's Wappi profile: a reply quoting the customer's message
/// when the outgoing message names it, a plain send otherwise, then mark-as-read when asked.
///
/// A send that failed without a clear refusal (a timeout, a 5xx) may still have gone out. Before such a
/// reply is sent again, the chat's latest messages are read: when the business's number already sent that
/// text after the first attempt, the earlier send is taken as the delivery instead of sending twice.
///
/// A send failing while the whole number fails (an outage of Wappi or the phone) is postponed without using
/// an attempt, for as long as the outage lasts (``OutageTracker``).
///
/// A business's WhatsApp numbers are its channel connections (``WappiConnections``): a reply leaves from the
/// connection it names (the number the customer wrote to), else from the business's first active one, with that
/// connection's send limit and outage judgement. A reply of a paused connection or of a suspended business waits
/// (postponed without using an attempt) until it runs again, and so does one that Wappi refuses for the connection's
/// token or profile (401, 403, 402) until its people fix it. A business without connections sends through the
/// number of old configured by `WAPPI_*` (`clients`).
public final class WhatsAppDelivery: ChannelDelivery {
    public let channel = Channel.whatsapp
    let clients: [String: WappiClient]
    let throttles: [String: SendThrottle]
    /// The businesses' channel connections, when the process runs them.
    let connections: WappiConnections?
    /// How long a reply of a paused connection or suspended business waits before it is looked at again.
    let pausedDelay: Duration
    /// Replies whose send may have gone out, by outgoing id, with the moment of the attempt.
    private let uncertain = Mutex<[String: Date]>([:])
    /// Outage judgement per tenant (the number of old) or connection id.
    private let outages: Mutex<[String: OutageTracker]>
    /// The current moment, for the outage judgement and for reading back a send whose answer was lost (Wappi
    /// reports wall-clock times).
    private let wallClock: @Sendable () -> Date
    private let outageDelay: Duration
    private let maximumOutageDelay: Duration

    /// Creates the delivery with the Wappi client of each tenant, its send limit per minute, and the delays
    /// between tries of a reply during an outage.
    /// - Parameters:
    ///   - clock: measures the send limit's minute.
    ///   - wallClock: the current moment (tests move both by hand).
    ///   - connections: the businesses' channel connections; a business with one sends through it.
    ///   - pausedDelay: how long a reply of a paused connection or suspended business waits before it is tried again.
    public init(clients: [String: WappiClient], connections: WappiConnections? = nil, sendsPerMinute: Int = 20,
                outageDelay: Duration = .seconds(1), maximumOutageDelay: Duration = .seconds(30), pausedDelay: Duration = .seconds(10),
                clock: some Clock<Duration> = ContinuousClock(), wallClock: @escaping @Sendable () -> Date = { Date() }) {
        self.clients = clients
        self.connections = connections
        self.pausedDelay = pausedDelay
        self.outageDelay = outageDelay
        self.maximumOutageDelay = maximumOutageDelay
        let clock = AnyClock(clock)
        self.throttles = clients.mapValues { _ in SendThrottle(limit: sendsPerMinute, clock: clock) }
        self.outages = Mutex(clients.mapValues { _ in OutageTracker(initialDelay: outageDelay, maximumDelay: maximumOutageDelay) })
        self.wallClock = wallClock
    }

    /// Whether the tenant's number is failing every send now.
    public func isInOutage(tenantID: String) -> Bool {
        outages.withLock { $0[tenantID]?.isDown ?? false }
    }

    /// The connection a reply leaves from: the one it names, else the business's default running one; the named one
    /// (`nil` for none) when the business has no connections running.
    public func sendingConnection(tenantID: String, named connection: String?) -> String? {
        connections?.endpoint(tenantID: tenantID, connectionID: connection)?.connectionID ?? connection
    }

    /// The number a reply leaves from: its client, send limit and the key of its outage judgement.
    private func route(_ message: OutgoingMessagePayload) throws(DeliveryError)
        -> (client: WappiClient, throttle: SendThrottle?, key: String, viaConnection: Bool) {
        let tenant = message.tenant ?? Tenant.defaultID
        if let endpoint = connections?.endpoint(tenantID: tenant, connectionID: message.connection) {
            if let reason = endpoint.stopReason {
                throw DeliveryError("the WhatsApp number does not send now: \(reason)", retryable: true, postponeFor: pausedDelay,
                                    postponeReason: "paused")
            }
            return (endpoint.client, endpoint.throttle, endpoint.connectionID, true)
        }
        guard let client = clients[tenant] else {
            throw DeliveryError("no Wappi profile is configured for tenant \(tenant)", retryable: false)
        }
        return (client, throttles[tenant], tenant, false)
    }

    public func deliver(_ message: OutgoingMessagePayload) async throws(DeliveryError) -> DeliveryReceipt {
        let (client, throttle, tenant, viaConnection) = try route(message)
        if let outgoingID = message.outgoingID, let attempted = uncertain.withLock({ $0[outgoingID] }),
           let chatID = message.chatID,
           let earlier = try? await client.messages(chatID: chatID, limit: 20, since: attempted.addingTimeInterval(-1))
               .last(where: { $0.fromMe && $0.body == message.messageText }) {
            uncertain.withLock { _ = $0.removeValue(forKey: outgoingID) }
            return DeliveryReceipt(status: "sent", providerMessageID: earlier.id)
        }
        if let wait = throttle?.reserve() {
            throw DeliveryError("the WhatsApp number's send limit is reached", retryable: true, postponeFor: wait, postponeReason: "send_limit")
        }
        let text = message.messageText
        // When the send began: a send whose answer is lost may have landed any time after this.
        let started = wallClock()
        do {
            let providerID: String
            if let quoted = message.replyToMessageID, !quoted.isEmpty {
                providerID = try await client.reply(to: quoted, text: text)
            } else {
                providerID = try await client.send(to: message.phoneNumber, text: text)
            }
            if message.markAsRead, let quoted = message.replyToMessageID, !quoted.isEmpty {
                // The reply is out; a failed read mark must not make the sender send it again.
                try? await client.markRead(messageID: quoted)
            }
            if let outgoingID = message.outgoingID { uncertain.withLock { _ = $0.removeValue(forKey: outgoingID) } }
            outages.withLock { $0[tenant]?.succeeded(replyID: message.outgoingID, at: wallClock()) }
            return DeliveryReceipt(status: "sent", providerMessageID: providerID.isEmpty ? nil : providerID)
        } catch where error.kind == .rateLimited {
            // Refused before sending: try again after Wappi's wait, without using an attempt.
            throw DeliveryError(error.description, retryable: true, postponeFor: error.retryAfter ?? .seconds(10), postponeReason: "rate_limited")
        } catch where viaConnection && error.disablesProfile {
            // The connection is reported failing; its replies wait until its people fix the token or the profile.
            throw DeliveryError(error.description, retryable: true, postponeFor: pausedDelay, postponeReason: "failing")
        } catch {
            guard error.kind == .transient else { throw DeliveryError(error.description, retryable: error.retryable) }
            let replyID = message.outgoingID ?? "\(message.phoneNumber)|\(text)"
            if let outgoingID = message.outgoingID {
                uncertain.withLock { $0[outgoingID] = $0[outgoingID] ?? started }
            }
            let (initial, maximum) = (outageDelay, maximumOutageDelay)
            let verdict = outages.withLock { outages in
                if outages[tenant] == nil, connections != nil { outages[tenant] = OutageTracker(initialDelay: initial, maximumDelay: maximum) }
                return outages[tenant]?.failed(replyID: replyID, at: wallClock())
            } ?? .replyFails
            if case .outage(let delay) = verdict {
                throw DeliveryError(error.description, retryable: true, postponeFor: delay, postponeReason: "outage")
            }
            throw DeliveryError(error.description, retryable: true)
        }
    }

    public func didRecord(_ message: OutgoingMessagePayload, status: String) {}
}
