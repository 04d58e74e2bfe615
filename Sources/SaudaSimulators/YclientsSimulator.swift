import Foundation
import SaudaCore
import Synchronization

/// A YCLIENTS REST API (`/api/v1/…`) for tests and demos: one branch with a few services and staff working every day
/// from 10:00 to 19:00 in hour-long slots (in the branch's UTC offset), the online-booking flow (`book_services`,
/// `book_staff`, `book_dates`, `book_times`, `book_check`, `book_record`), records (list, read, update, delete) and
/// clients (search, create, read, update), with the real envelope `{"success","data","meta"}` (`meta: []` on most
/// successes, an object on lists and errors) and the booking codes (433 taken, 436 no free staff, 437 overlap, 438 no
/// such service, 431 bad phone, 435 no name) with HTTP 422.
///
/// It checks `Authorization: Bearer <partner>[, User <user>]` (the user token on protected calls; 401 otherwise),
/// counts calls per IP address (5 a second and 200 a minute, configurable; 429 with `Retry-After`), and injects
/// faults: 5xx, a licence that expired (402), a connection dropped after a write was applied, slow answers. A test
/// can take a slot behind Sauda's back and emit a record-deleted webhook.
public final class YclientsSimulator: Sendable {
    /// A service of the branch.
    public struct Service: Sendable, Hashable {
        public var id: Int
        public var title: String
        public var price: Int
        /// Its length, in seconds.
        public var length: Int
        /// Creates a service.
        public init(id: Int, title: String, price: Int, length: Int) {
            self.id = id
            self.title = title
            self.price = price
            self.length = length
        }
    }

    /// A member of staff, and the services they do.
    public struct Staff: Sendable, Hashable {
        public var id: Int
        public var name: String
        public var specialization: String
        public var services: Set<Int>
        /// Creates a member.
        public init(id: Int, name: String, specialization: String, services: Set<Int>) {
            self.id = id
            self.name = name
            self.specialization = specialization
            self.services = services
        }
    }

    /// A record (an appointment).
    public struct Record: Sendable, Hashable {
        public var id: Int
        public var hash: String
        public var staffID: Int
        public var services: [Int]
        public var clientID: Int
        public var start: Date
        /// Seconds.
        public var length: Int
        public var comment: String
        public var apiID: String
        public var attendance: Int
        public var deleted: Bool
        public var created: Date
        public var changed: Date
        /// Whether it came through `book_record` (the online booking).
        public var online: Bool
    }

    /// A client of the branch.
    public struct Client: Sendable, Hashable {
        public var id: Int
        public var name: String
        /// `+7…`, as YCLIENTS shows it.
        public var phone: String
        public var email: String
        public var comment: String
    }

    struct State {
        var records: [Record] = []
        var clients: [Client] = []
        var nextRecord = 90_012_340
        var nextClient = 18_936_820
        var secondCalls: [AnyClock.Instant] = []
        var minuteCalls: [AnyClock.Instant] = []
        var failures: [Int] = []
        var dropsAfterWrite = 0
        var answerDelay: Duration = .zero
        var licenceExpired = false
        var requestCount = 0
        var rateLimited = 0
    }

    let state = Mutex(State())
    /// The branch's id.
    public let companyID: Int
    /// The branch's name.
    public let title: String
    /// The partner token every call must carry.
    public let partnerToken: String
    /// The user token protected calls must carry.
    public let userToken: String
    /// The branch's UTC offset, in seconds.
    public let utcOffset: Int
    public let services: [Service]
    public let staff: [Staff]
    /// Calls a second and a minute let through per IP address.
    public let perSecond: Int
    public let perMinute: Int
    /// Days ahead that can be booked.
    public let horizonDays: Int
    let clock: AnyClock
    let now: @Sendable () -> Date

    /// The services of the default branch.
    public static let defaultServices = [
        Service(id: 1_896_208, title: "Женская стрижка", price: 5000, length: 3600),
        Service(id: 1_896_209, title: "Маникюр", price: 4000, length: 3600),
    ]
    /// The staff of the default branch.
    public static let defaultStaff = [
        Staff(id: 6544, name: "Айгуль", specialization: "Парикмахер", services: [1_896_208]),
        Staff(id: 6545, name: "Сауле", specialization: "Мастер маникюра", services: [1_896_208, 1_896_209]),
    ]

    /// Creates a simulator.
    /// - Parameters:
    ///   - clock: counts the rate limit's windows (a test's manual clock makes them deterministic).
    ///   - now: the wall clock of the schedule (which days and times are ahead).
    public init(companyID: Int = 558_795, title: String = "Салон Sauda (симулятор)", partnerToken: String = "sim-partner",
                userToken: String = "sim-user", utcOffset: Int = 5 * 3600, services: [Service] = defaultServices,
                staff: [Staff] = defaultStaff, perSecond: Int = 5, perMinute: Int = 200, horizonDays: Int = 14,
                clock: some Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.companyID = companyID
        self.title = title
        self.partnerToken = partnerToken
        self.userToken = userToken
        self.utcOffset = utcOffset
        self.services = services
        self.staff = staff
        self.perSecond = max(1, perSecond)
        self.perMinute = max(1, perMinute)
        self.horizonDays = max(1, horizonDays)
        self.clock = AnyClock(clock)
        self.now = now
    }

    /// The records, deleted ones too, in creation order.
    public var records: [Record] { state.withLock { $0.records } }

    /// The clients, in creation order.
    public var clients: [Client] { state.withLock { $0.clients } }

    /// The next `count` API calls fail with `status` (500, 502, 503) before doing anything.
    public func failNext(_ count: Int, status: Int = 503) {
        state.withLock { $0.failures.append(contentsOf: Array(repeating: status, count: count)) }
    }

    /// The next `count` writes are applied, and then the connection drops before the answer is sent.
    public func dropConnectionAfterNextWrite(_ count: Int = 1) {
        state.withLock { $0.dropsAfterWrite += count }
    }

    /// Every answer comes after `delay` (zero: at once).
    public func setAnswerDelay(_ delay: Duration) {
        state.withLock { $0.answerDelay = delay }
    }

    /// Whether the branch's licence has expired (every call answers 402).
    public func setLicenceExpired(_ expired: Bool) {
        state.withLock { $0.licenceExpired = expired }
    }

    /// API calls received so far (refused ones too).
    public var requestCount: Int { state.withLock { $0.requestCount } }

    /// Calls answered 429 so far.
    public var rateLimitedCount: Int { state.withLock { $0.rateLimited } }

    /// Forgets every record, client, fault and rate count.
    public func reset() {
        state.withLock { $0 = State() }
    }

    /// Books `start` with `staffID` as a person at the front desk would (not through the API, not counted): the time
    /// stops being free. Returns the record's id, or `nil` when the time was not free.
    @discardableResult
    public func takeSlot(staffID: Int, start: Date, serviceID: Int? = nil, phone: String = "+77010000000", name: String = "Гость") -> Int? {
        state.withLock { state in
            let member = self.staff(staffID)
            let doneByMember = self.services.first(where: { member?.services.contains($0.id) == true })
            let service = serviceID ?? doneByMember?.id ?? self.services.first?.id ?? 0
            let length = self.service(service)?.length ?? 3600
            guard isFree(staffID: staffID, start: start, length: length, state: state) else { return nil }
            let client = upsertClient(&state, phone: phone, name: name, email: "")
            return addRecord(&state, staffID: staffID, services: [service], clientID: client.id, start: start, length: length,
                             comment: "", apiID: "", online: false).id
        }
    }

    /// Marks a record deleted (as the branch's admin would) and returns it.
    public func deleteRecord(_ id: Int) -> Record? {
        state.withLock { state in
            guard let index = state.records.firstIndex(where: { $0.id == id }) else { return nil }
            state.records[index].deleted = true
            state.records[index].changed = now()
            return state.records[index]
        }
    }

    /// Counts a call against the IP address's limits: `nil` when it goes through, else the seconds to wait.
    func admit() -> Int? {
        let instant = clock.now
        return state.withLock { state in
            state.secondCalls.removeAll { $0 + .seconds(1) <= instant }
            state.minuteCalls.removeAll { $0 + .seconds(60) <= instant }
            if state.secondCalls.count >= perSecond || state.minuteCalls.count >= perMinute {
                state.rateLimited += 1
                return state.minuteCalls.count >= perMinute ? 60 : 1
            }
            state.secondCalls.append(instant)
            state.minuteCalls.append(instant)
            return nil
        }
    }

    func service(_ id: Int) -> Service? { services.first { $0.id == id } }
    func staff(_ id: Int) -> Staff? { staff.first { $0.id == id } }
}
