import Foundation
import Hummingbird
import SaudaCore
import Synchronization

/// A Bitrix24 portal's REST API behind an inbound webhook, for tests and demos: `/rest/{user}/{code}/{method}.json`
/// (the `.json` suffix optional, GET or POST with a JSON body) answers the CRM methods Sauda uses (`profile`, `scope`,
/// `crm.lead.*`, `crm.contact.*`, `crm.duplicate.findbycomm`, `crm.timeline.comment.add`) with the real envelopes:
/// `result` and `time`, `total` and `next` for lists, ids as strings in lists and reads, and errors as
/// `{"error", "error_description"}` with the real statuses.
///
/// It keeps the real API's quirks: `findbycomm` answers `[]` (an array) when nothing matches; a `PHONE` or `EMAIL`
/// item without an `ID` in an update is appended; `crm.timeline.comment.add` takes only lowercase `fields`. A wrong
/// user or code (or a revoked webhook) is 401 `NO_AUTH_FOUND`; the portal's leaky bucket (50 requests, draining 2 a
/// second on the injected clock) answers 503 `QUERY_LIMIT_EXCEEDED`.
///
/// Faults for tests: ``failNext(_:status:error:description:)``, ``dropNextWrite()`` (apply a write, then close the
/// connection before the answer), ``answerDelay``, ``revoke()``, ``expire()``.
public final class Bitrix24Simulator: Sendable {
    struct Fault: Sendable {
        var status: Int
        var error: String
        var description: String
    }

    struct State {
        var leads: [Int: [String: JSONValue]] = [:]
        var contacts: [Int: [String: JSONValue]] = [:]
        var comments: [Int: [String: JSONValue]] = [:]
        var deals: [Int: [String: JSONValue]] = [:]
        /// The online-booking module's bookings.
        var bookings: [Int: Booking] = [:]
        var nextBooking = 1
        var applicationToken = "sim-app-token"
        var nextID = ["lead": 1, "contact": 1, "comment": 1, "multifield": 1]
        var bucket: Double = 0
        var drainedAt: AnyClock.Instant?
        var faults: [Fault] = []
        var dropNextWrite = false
        var answerDelay: Duration = .zero
        var revoked = false
        var expired = false
        var calls: [String] = []
        /// Extra entries of the duplicate index (normalised phone → contact ids), as a stale index keeps them.
        var staleIndex: [String: [Int]] = [:]
    }

    let state = Mutex(State())
    /// The id of the user the webhook belongs to.
    public let userID: String
    /// The webhook's secret code.
    public let code: String
    /// Requests the bucket holds before it refuses (50; Enterprise plans 250).
    public let bucketSize: Double
    /// Requests the bucket drains a second (2; Enterprise plans 5).
    public let drainPerSecond: Double
    let clock: AnyClock

    /// Creates a portal whose webhook is `/rest/<userID>/<code>/`, its bucket counted on `clock`.
    public init(userID: String = "1", code: String = "sim-code", bucketSize: Int = 50, drainPerSecond: Int = 2,
                clock: some Clock<Duration> = ContinuousClock()) {
        self.userID = userID
        self.code = code
        self.bucketSize = Double(bucketSize)
        self.drainPerSecond = Double(drainPerSecond)
        self.clock = AnyClock(clock)
    }

    /// The methods called so far (including refused calls), in order.
    public var calls: [String] { state.withLock { $0.calls } }

    /// The leads stored, by id, with their fields as `crm.lead.get` gives them.
    public var leads: [Int: [String: JSONValue]] { state.withLock { $0.leads } }

    /// The contacts stored, by id.
    public var contacts: [Int: [String: JSONValue]] { state.withLock { $0.contacts } }

    /// The timeline comments stored, by id (`ENTITY_ID`, `ENTITY_TYPE`, `COMMENT`).
    public var comments: [Int: [String: JSONValue]] { state.withLock { $0.comments } }

    /// Answers the next `count` calls (after the webhook check) with this error instead of running them.
    public func failNext(_ count: Int, status: Int = 500, error: String = "INTERNAL_SERVER_ERROR",
                         description: String = "Internal server error") {
        state.withLock { $0.faults.append(contentsOf: Array(repeating: Fault(status: status, error: error, description: description), count: count)) }
    }

    /// Applies the next write (an `add` or `update`), then closes the connection without answering.
    public func dropNextWrite() { state.withLock { $0.dropNextWrite = true } }

    /// How long every answer waits (on the simulator's clock).
    public var answerDelay: Duration {
        get { state.withLock { $0.answerDelay } }
        set { state.withLock { $0.answerDelay = newValue } }
    }

    /// Makes the duplicate index name `contactID` for `phone` whatever the contact's phones are: a real portal rebuilds
    /// the index in the background, so `findbycomm` can name a record that no longer has the number.
    public func indexStaleDuplicate(phone: String, contactID: Int) {
        state.withLock { $0.staleIndex[PhoneNumber.normalize(phone) ?? phone, default: []].append(contactID) }
    }

    /// Deletes the webhook: every call is then 401 `NO_AUTH_FOUND`.
    public func revoke() { state.withLock { $0.revoked = true } }

    /// Lets the webhook's code pass its expiry date: every call is then 401 `expired_token`.
    public func expire() { state.withLock { $0.expired = true } }

    /// Counts a request into the leaky bucket: `false` when it overflows (the request is refused and not counted).
    func takeFromBucket() -> Bool {
        let now = clock.now
        return state.withLock { state in
            if let last = state.drainedAt {
                let elapsed = Double(last.duration(to: now).components.seconds)
                    + Double(last.duration(to: now).components.attoseconds) / 1e18
                state.bucket = max(0, state.bucket - elapsed * drainPerSecond)
            }
            state.drainedAt = now
            guard state.bucket + 1 <= bucketSize else { return false }
            state.bucket += 1
            return true
        }
    }
}
