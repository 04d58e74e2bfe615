import Foundation
import SaudaCore
import Synchronization

/// An amoCRM (Kommo) account's API v4 for tests and demos: contacts (with `PHONE`/`EMAIL` custom fields), leads (with
/// `leads/complex`), notes, pipelines and the account, with the real envelopes: HAL lists (`_page`, `_links`,
/// `_embedded`), **204 with no body** for an empty list (and for a missing record read by id), and
/// `application/problem+json` errors (`validation-errors` on a 400).
///
/// It keeps the real API's quirks: `query` is a full-text substring search, so `+7…`, `8…` and `7…` do not find each
/// other; a multitext field sent in an update replaces all its values; a `filter[custom_fields_values]` is ignored
/// (the account's "filters alpha" is off), so the list answers everything. Signing in takes the long-lived token or an
/// access token `POST /oauth2/access_token` gave; a refresh token works once (a refresh kills the old one). More than
/// ``requestsPerSecond`` calls within a second (on the injected clock) are answered 429 with a body that is not JSON.
///
/// Faults for tests: ``failNext(_:status:)``, ``dropConnectionAfterNextWrite(_:)`` (apply a write, then close the
/// connection before the answer), ``setAnswerDelay(_:)``, ``expireAccessTokens()``, ``revokeRefreshTokens()``.
public final class AmoSimulator: Sendable {
    /// A custom field of contacts or leads.
    public struct CustomField: Sendable, Hashable {
        /// Its id.
        public var id: Int
        /// Its name as the account shows it.
        public var name: String
        /// Its code (`PHONE`, `EMAIL`), for the account's own fields.
        public var code: String?
        /// `text`, `multitext`, `numeric`.
        public var type: String
        /// A multitext field's enum codes and their ids (`WORK` → …).
        public var enums: [String: Int]

        /// Creates a field.
        public init(id: Int, name: String, code: String? = nil, type: String = "text", enums: [String: Int] = [:]) {
            self.id = id
            self.name = name
            self.code = code
            self.type = type
            self.enums = enums
        }
    }

    /// A status of a pipeline.
    public struct Status: Sendable, Hashable {
        /// Its id (142 won and 143 lost in every pipeline).
        public var id: Int
        /// Its name.
        public var name: String
        /// 1 for the "unsorted" status, 0 otherwise.
        public var type: Int
    }

    /// The account's contact fields: `PHONE` and `EMAIL`.
    public static let contactFields = [
        CustomField(id: 264_911, name: "Телефон", code: "PHONE", type: "multitext",
                    enums: ["WORK": 331_001, "WORKDD": 331_003, "MOB": 331_005, "FAX": 331_007, "HOME": 331_009, "OTHER": 331_011]),
        CustomField(id: 264_913, name: "Email", code: "EMAIL", type: "multitext", enums: ["WORK": 331_013, "PRIV": 331_015, "OTHER": 331_017]),
    ]

    /// The leads' custom fields a new simulator has: a key field and two text fields for details.
    public static let defaultLeadFields = [
        CustomField(id: 700_001, name: "Sauda ID"), CustomField(id: 700_002, name: "Автомобиль"), CustomField(id: 700_003, name: "Город"),
    ]

    /// The main pipeline's id.
    public static let pipelineID = 7_000_001
    /// The main pipeline's statuses, in order.
    public static let statuses = [
        Status(id: 7_000_010, name: "Неразобранное", type: 1), Status(id: 7_000_011, name: "Первичный контакт", type: 0),
        Status(id: 7_000_012, name: "Переговоры", type: 0), Status(id: 7_000_013, name: "Принимают решение", type: 0),
        Status(id: 142, name: "Успешно реализовано", type: 0), Status(id: 143, name: "Закрыто и не реализовано", type: 0),
    ]
    /// The user the API calls act as.
    public static let userID = 5_000_001

    struct State {
        var contacts: [Int: [String: JSONValue]] = [:]
        var leads: [Int: [String: JSONValue]] = [:]
        var notes: [Int: [String: JSONValue]] = [:]
        /// Lead id → its contacts' ids.
        var leadContacts: [Int: [Int]] = [:]
        var tags: [String: Int] = [:]
        var nextContact = 30_000_001
        var nextLead = 20_000_001
        var nextNote = 90_000_001
        var nextTag = 500_001
        var accessTokens: Set<String> = []
        var refreshTokens: Set<String> = []
        var authorizationCodes: Set<String> = []
        var tokenSerial = 0
        var refreshes = 0
        var calls: [AnyClock.Instant] = []
        var requestCount = 0
        var rateLimited = 0
        var failures: [Int] = []
        var dropsAfterWrite = 0
        var answerDelay: Duration = .zero
        var log: [String] = []
    }

    let state = Mutex(State())
    /// The account's subdomain (`account[subdomain]` of webhooks).
    public let subdomain: String
    /// The account's id.
    public let accountID: Int
    /// The long-lived token calls may carry.
    public let longLivedToken: String
    /// The OAuth integration's id.
    public let clientID: String
    /// The OAuth integration's secret.
    public let clientSecret: String
    /// The integration's redirect address.
    public let redirectURI: String
    /// Calls a second before 429 (amoCRM: 7).
    public let requestsPerSecond: Int
    /// The leads' custom fields.
    public let leadFields: [CustomField]
    let clock: AnyClock

    /// Creates an account.
    /// - Parameters:
    ///   - authorizationCode: an OAuth code `POST /oauth2/access_token` exchanges once for a first pair.
    public init(subdomain: String = "sim", accountID: Int = 31_000_001, longLivedToken: String = "sim-token", clientID: String = "sim-client",
                clientSecret: String = "sim-secret", redirectURI: String = "https://sauda.example/amocrm", authorizationCode: String = "sim-auth-code",
                requestsPerSecond: Int = 7, leadFields: [CustomField] = AmoSimulator.defaultLeadFields,
                clock: some Clock<Duration> = ContinuousClock()) {
        self.subdomain = subdomain
        self.accountID = accountID
        self.longLivedToken = longLivedToken
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
        self.requestsPerSecond = max(1, requestsPerSecond)
        self.leadFields = leadFields
        self.clock = AnyClock(clock)
        state.withLock { $0.authorizationCodes = [authorizationCode] }
    }

    /// The leads, by id, as the API shows them (without `_links`), with `contact_ids`.
    public var leads: [Int: JSONValue] {
        state.withLock { state in
            state.leads.mapValues { lead in
                var shown = lead
                shown["contact_ids"] = .array((state.leadContacts[Self.int(lead["id"]) ?? 0] ?? []).map { .number(Double($0)) })
                return .object(shown)
            }
        }
    }

    /// The contacts, by id.
    public var contacts: [Int: JSONValue] { state.withLock { $0.contacts.mapValues { .object($0) } } }

    /// The notes, by id (`entity_type`, `entity_id`, `note_type`, `params`).
    public var notes: [Int: JSONValue] { state.withLock { $0.notes.mapValues { .object($0) } } }

    /// The API calls received so far (`METHOD /path`), refused ones too.
    public var requests: [String] { state.withLock { $0.log } }

    /// Calls answered 429 so far.
    public var rateLimitedCount: Int { state.withLock { $0.rateLimited } }

    /// Refreshes `POST /oauth2/access_token` made so far.
    public var refreshCount: Int { state.withLock { $0.refreshes } }

    /// A new OAuth pair, as an authorization would give it.
    public func issueTokens() -> (accessToken: String, refreshToken: String) {
        state.withLock { Self.newPair(&$0) }
    }

    /// Whether a refresh token would still be taken.
    public func refreshTokenWorks(_ token: String) -> Bool { state.withLock { $0.refreshTokens.contains(token) } }

    /// Every access token issued so far expires: calls with them answer 401 (the long-lived token still works).
    public func expireAccessTokens() { state.withLock { $0.accessTokens = [] } }

    /// Every refresh token is revoked (the integration was disconnected): a refresh answers 400.
    public func revokeRefreshTokens() { state.withLock { $0.refreshTokens = [] } }

    /// The next `count` API calls fail with `status` before doing anything.
    public func failNext(_ count: Int, status: Int = 500) {
        state.withLock { $0.failures.append(contentsOf: Array(repeating: status, count: count)) }
    }

    /// The next `count` writes are applied, and then the connection drops before the answer is sent.
    public func dropConnectionAfterNextWrite(_ count: Int = 1) { state.withLock { $0.dropsAfterWrite += count } }

    /// Every answer comes after `delay` (zero: at once).
    public func setAnswerDelay(_ delay: Duration) { state.withLock { $0.answerDelay = delay } }

    /// Forgets every record, token issued, fault and rate count.
    public func reset() {
        state.withLock { state in
            let codes = state.authorizationCodes
            state = State()
            state.authorizationCodes = codes
        }
    }

    /// Adds a contact as if a person had typed it; returns its id.
    @discardableResult
    public func seedContact(name: String, phones: [String], enumCode: String = "WORK") -> Int {
        state.withLock { state in
            let values: [JSONValue] = phones.map { ["value": .string($0), "enum_code": .string(enumCode)] }
            let item: JSONValue = ["name": .string(name), "custom_fields_values": [["field_code": "PHONE", "values": .array(values)]]]
            switch createContact(item, index: 0, state: &state) {
            case .success(let id): return id
            case .failure: return 0
            }
        }
    }

    /// Counts a call: `false` when it is over the rate (more than ``requestsPerSecond`` within a second).
    func admit() -> Bool {
        let now = clock.now
        return state.withLock { state in
            state.calls.removeAll { $0 + .seconds(1) <= now }
            guard state.calls.count < requestsPerSecond else {
                state.rateLimited += 1
                return false
            }
            state.calls.append(now)
            return true
        }
    }

    static func newPair(_ state: inout State) -> (accessToken: String, refreshToken: String) {
        state.tokenSerial += 1
        let pair = (accessToken: "sim-access-\(state.tokenSerial)", refreshToken: "sim-refresh-\(state.tokenSerial)")
        state.accessTokens.insert(pair.accessToken)
        state.refreshTokens.insert(pair.refreshToken)
        return pair
    }

    static func int(_ value: JSONValue?) -> Int? {
        if let number = value?.numberValue { return Int(exactly: number) }
        return value?.stringValue.flatMap { Int($0) }
    }
}
