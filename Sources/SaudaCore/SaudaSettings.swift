import Foundation

/// Where the data lives.
public enum DatabaseLocation: Sendable, Hashable {
    /// An SQLite file (the embedded default, `./sauda.sqlite`).
    case sqlite(path: String)
    /// A PostgreSQL server, as a `postgres://user:pass@host:port/db` URL.
    case postgres(url: String)

    /// Whether processes on several machines can share it (a PostgreSQL server).
    public var isShared: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// Parses `DATABASE_URL`: `postgres://…`, `postgresql://…`, `sqlite://PATH`, `sqlite:PATH` or a bare path.
    public static func parse(_ text: String) -> DatabaseLocation? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            guard let url = URL(string: trimmed), url.host != nil else { return nil }
            return .postgres(url: trimmed)
        }
        if trimmed.hasPrefix("sqlite://") { return trimmed.count > 9 ? .sqlite(path: String(trimmed.dropFirst(9))) : nil }
        if trimmed.hasPrefix("sqlite:") { return trimmed.count > 7 ? .sqlite(path: String(trimmed.dropFirst(7))) : nil }
        if trimmed.isEmpty || trimmed.contains("://") { return nil }
        return .sqlite(path: trimmed)
    }
}

/// Every setting of Sauda, read from environment variables named as the earlier Python gateway and agent named them
/// where those had one (docs/compatibility.md).
///
/// ``load(from:)`` checks them all and reports every invalid one in a single error, so that a start-up
/// failure names each setting to fix.
public struct SaudaSettings: Sendable {
    /// `DATABASE_URL`; default `sqlite:./sauda.sqlite`.
    public var database: DatabaseLocation = .sqlite(path: "./sauda.sqlite")
    /// `TIMEZONE`; default Asia/Almaty.
    public var timeZone: TimeZone = TimeZone(identifier: "Asia/Almaty") ?? .gmt
    /// `WORKING_HOURS_START`; default 10.
    public var workingHoursStart = 10
    /// `WORKING_HOURS_END`; default 18.
    public var workingHoursEnd = 18
    /// `HOLIDAYS`: comma-separated `yyyy-MM-dd` days off.
    public var holidays: Set<String> = []
    /// `MAX_CONTEXT_MESSAGES`; default 20.
    public var maxContextMessages = 20
    /// `FOLLOW_UP_INTERVALS` in hours; default 24,72,168,336,720.
    public var followUpIntervals = [24, 72, 168, 336, 720]
    /// `ENABLE_FOLLOW_UPS`; default true.
    public var enableFollowUps = true
    /// `DEMO_SHOPS`: create seed 000's two demo shops (`evopoliki`, `5deluxe`, with their catalogues and knowledge) when
    /// they do not exist; default true. An existing tenant of those ids is never changed.
    public var demoShops = true
    /// `CLASSIFY_MIN_MESSAGES`: customer messages before the moderator decides; default 3, as in the earlier system.
    public var classifyMinMessages = 3
    /// `FIRST_MESSAGE_RULE`: `question` (default) answers an unknown contact's first message at once when it is clearly a
    /// business question (a price, a product, delivery, an order, a booking), greetings and ambiguous openers still wait
    /// for `CLASSIFY_MIN_MESSAGES`; `strict` waits always (a personal number that friends write to).
    public var firstMessageRule = FirstMessageRule.question
    /// `DIAGNOSTIC_PHRASE`: a message that is exactly this phrase (case and spaces aside) is answered with the
    /// installation's state (version, channel, model and circuit, tools, catalogue size; nothing secret) instead of a
    /// sales reply; default «Система тест 2025», `off` switches it off.
    public var diagnosticPhrase: String? = "Система тест 2025"
    /// `OWNER_ALERT_CHAT`: the owner's own WhatsApp number (`+7 701 234 56 78`, stored as digits); each operator alert of
    /// a WhatsApp conversation is also sent there through the business's number. Unset or empty: none.
    public var ownerAlertChat: String?
    /// `SAUDA_MASTER_KEY`: the base64 of the 32-byte key that seals the secrets stored in the database (channel tokens,
    /// model keys, CRM credentials). Unset on SQLite: a key file beside the database, made on the first start.
    public var masterKey: String?
    /// `SAUDA_PREVIOUS_MASTER_KEYS`: comma-separated older keys that still open secrets while `sauda secrets rotate`
    /// re-seals them under `SAUDA_MASTER_KEY`.
    public var previousMasterKeys: [String] = []
    /// `SIGNUP`: `closed` (default), `invite` or `open`: who may make a business of their own in the console.
    public var signUp = SignUpMode.closed
    /// `LOG_LEVEL`; default info.
    public var logLevel = "info"
    /// `LOG_FORMAT`: `text` or `json`; default text.
    public var logFormat = "text"
    /// `BUSINESS_NAME` of the default tenant.
    public var businessName = "АвтоКоврик"
    /// `PROMPTS_DIR`: prompt templates that replace the shipped ones (`<dir>/<name>.mustache` for every tenant,
    /// `<dir>/<tenant>/<name>.mustache` for one).
    public var promptsDirectory: String?
    /// `QUEUE_MAX_ATTEMPTS`, `QUEUE_LEASE_SECONDS`: retry policy of every consumer.
    public var retry = RetryPolicy()
    /// Per-queue limits: `QUEUE_INCOMING_MESSAGES` (name), `QUEUE_INCOMING_TTL_SECONDS`,
    /// `QUEUE_INCOMING_MAX_LENGTH`, `QUEUE_INCOMING_MAX_ATTEMPTS` and the same for `OUTGOING` and `VOICE`.
    public var queues: [QueueName: QueueLimits] = Dictionary(
        uniqueKeysWithValues: QueueName.allCases.map { ($0, QueueLimits.seedDefault(for: $0)) })
    /// `AGENT_CONCURRENCY`: conversations handled at once; default 32.
    public var agentConcurrency = 32
    /// `WEBCHAT_MAX_TEXT`: longest accepted web-chat message in characters; default 4000.
    public var webchatMaxText = 4000
    /// `ADMIN_REQUESTS_PER_MINUTE`: requests one API token may make per minute on average; default 600.
    public var adminRequestsPerMinute = 600
    /// `ADMIN_REQUEST_BURST`: requests one API token may make at once; default 60.
    public var adminRequestBurst = 60
    /// The public edges' limits (`HTTP_*`, `TRUSTED_PROXIES`, `WEBCHAT_*_PER_MINUTE`, …).
    public var edge = EdgeSettings()
    /// Language models (`SAUDA_MODEL_PROVIDER`, `GEMINI_*`, `OPENAI_*`, `MODEL_*`).
    public var models = ModelSettings()
    /// The default tenant's WhatsApp number on Wappi; `nil` without `WAPPI_TOKEN`.
    public var whatsapp: WhatsAppSettings?
    /// The default business's CRM (`CRM_*`); `nil` without `CRM_TYPE`.
    public var crm: CRMEnvironment?
    /// The default business's first Telegram bot (`TELEGRAM_*`); `nil` without `TELEGRAM_BOT_TOKEN`.
    public var telegram: TelegramSettings?
    /// `PUBLIC_URL`: the server's address as the internet reaches it (`https://sauda.example.kz`). With it, Telegram
    /// bots receive by webhook at `{PUBLIC_URL}/webhooks/telegram/{id}`; without it they poll.
    public var publicURL: String?
    /// Outbound fetches of URLs from outside (`OUTBOUND_ALLOWED_HOSTS`).
    public var outbound = OutboundSettings()
    /// `RABBITMQ_URL` (`amqp://user:pass@host:port/vhost`): the queues on RabbitMQ instead of database tables.
    public var rabbitMQURL: String?
    /// `AGENT_ID`: this agent's name on RabbitMQ (its queue is `incoming_messages.<AGENT_ID>`); letters, digits,
    /// `-`, `_`, `.`; default the host name. Give each agent process its own and keep it across restarts.
    public var agentID = SaudaSettings.defaultAgentID

    static var defaultAgentID: String {
        let host = ProcessInfo.processInfo.hostName.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        return host.isEmpty ? "agent" : String(host.prefix(64))
    }

    /// Settings with every default.
    public init() {}

    /// The working-hours calendar these settings describe.
    public var calendar: WorkingCalendar {
        WorkingCalendar(timeZone: timeZone, startHour: workingHoursStart, endHour: workingHoursEnd, holidays: holidays)
    }

    /// One or more invalid settings.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        /// One problem per setting: `NAME: what is wrong (value)`.
        public var problems: [String]

        /// Creates the error from its problems.
        public init(problems: [String]) { self.problems = problems }
        /// All problems in one message.
        public var description: String {
            "invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// Reads and validates the settings.
    /// - Parameter environment: the process environment merged over the `.env` file.
    /// - Throws: ``Invalid`` listing every bad setting.
    public static func load(from environment: [String: String]) throws(Invalid) -> SaudaSettings {
        var settings = SaudaSettings()
        var reader = Reader(environment: environment)
        if let raw = reader.string("DATABASE_URL") {
            if let location = DatabaseLocation.parse(raw) { settings.database = location } else {
                reader.fail("DATABASE_URL", "expected postgres://user:pass@host:port/db or sqlite:PATH", raw)
            }
        }
        // Checked where the keys are loaded (`MasterKeySource`), with errors that never show the value.
        settings.masterKey = reader.string("SAUDA_MASTER_KEY")
        settings.previousMasterKeys = (reader.string("SAUDA_PREVIOUS_MASTER_KEYS") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let raw = reader.string("RABBITMQ_URL") {
            if raw.hasPrefix("amqp://") || raw.hasPrefix("amqps://") { settings.rabbitMQURL = raw } else {
                reader.fail("RABBITMQ_URL", "expected amqp://user:pass@host:port/vhost", raw)
            }
        }
        if let raw = reader.string("AGENT_ID") {
            if !raw.isEmpty, raw.count <= 64, raw.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
                settings.agentID = raw
            } else {
                reader.fail("AGENT_ID", "expected up to 64 letters, digits, '-', '_' or '.'", raw)
            }
        }
        if let raw = reader.string("TIMEZONE") {
            if let zone = TimeZone(identifier: raw) { settings.timeZone = zone } else {
                reader.fail("TIMEZONE", "unknown time zone, expected an IANA name such as Asia/Almaty", raw)
            }
        }
        settings.workingHoursStart = reader.int("WORKING_HOURS_START", in: 0...23) ?? settings.workingHoursStart
        settings.workingHoursEnd = reader.int("WORKING_HOURS_END", in: 1...24) ?? settings.workingHoursEnd
        if settings.workingHoursStart >= settings.workingHoursEnd {
            reader.fail("WORKING_HOURS_END", "must be later than WORKING_HOURS_START (\(settings.workingHoursStart))",
                        String(settings.workingHoursEnd))
        }
        if let raw = reader.string("HOLIDAYS") {
            let days = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let pattern = /^\d{4}-\d{2}-\d{2}$/
            if days.allSatisfy({ $0.wholeMatch(of: pattern) != nil }) { settings.holidays = Set(days) } else {
                reader.fail("HOLIDAYS", "expected comma-separated days as yyyy-MM-dd", raw)
            }
        }
        settings.maxContextMessages = reader.int("MAX_CONTEXT_MESSAGES", in: 1...500) ?? settings.maxContextMessages
        if let raw = reader.string("FOLLOW_UP_INTERVALS") {
            let parts = raw.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            let hours = parts.compactMap { $0 }
            if hours.count == 5, parts.count == 5, hours.allSatisfy({ $0 > 0 }), hours == hours.sorted() {
                settings.followUpIntervals = hours
            } else {
                reader.fail("FOLLOW_UP_INTERVALS", "expected five increasing positive hour counts such as 24,72,168,336,720", raw)
            }
        }
        settings.enableFollowUps = reader.bool("ENABLE_FOLLOW_UPS") ?? settings.enableFollowUps
        settings.demoShops = reader.bool("DEMO_SHOPS") ?? settings.demoShops
        settings.classifyMinMessages = reader.int("CLASSIFY_MIN_MESSAGES", in: 1...100) ?? settings.classifyMinMessages
        if let rule = reader.string("FIRST_MESSAGE_RULE") {
            if let parsed = FirstMessageRule(rawValue: rule.lowercased()) { settings.firstMessageRule = parsed } else {
                reader.fail("FIRST_MESSAGE_RULE", "expected question or strict", rule)
            }
        }
        if let phrase = reader.string("DIAGNOSTIC_PHRASE") {
            if phrase.lowercased() == "off" {
                settings.diagnosticPhrase = nil
            } else if phrase.count > 200 {
                reader.fail("DIAGNOSTIC_PHRASE", "at most 200 characters, or off", String(phrase.prefix(40)))
            } else {
                settings.diagnosticPhrase = phrase
            }
        }
        if let raw = reader.string("OWNER_ALERT_CHAT") {
            if let phone = PhoneNumber.normalize(raw) { settings.ownerAlertChat = phone } else {
                reader.fail("OWNER_ALERT_CHAT", "expected a phone number such as +7 701 234 56 78, or empty for none", raw)
            }
        }
        if let raw = reader.string("SIGNUP") {
            if let mode = SignUpMode(rawValue: raw.lowercased()) { settings.signUp = mode } else {
                reader.fail("SIGNUP", "expected closed, invite or open", raw)
            }
        }
        if let raw = reader.string("LOG_LEVEL") {
            let level = raw.lowercased() == "warn" ? "warning" : raw.lowercased()
            if ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level) {
                settings.logLevel = level
            } else {
                reader.fail("LOG_LEVEL", "expected one of trace, debug, info, notice, warning, error, critical", raw)
            }
        }
        if let raw = reader.string("LOG_FORMAT") {
            if ["text", "json"].contains(raw.lowercased()) { settings.logFormat = raw.lowercased() } else {
                reader.fail("LOG_FORMAT", "expected text or json", raw)
            }
        }
        if let raw = reader.string("BUSINESS_NAME") { settings.businessName = raw }
        if let raw = reader.string("PROMPTS_DIR") {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: raw, isDirectory: &isDirectory), isDirectory.boolValue {
                settings.promptsDirectory = raw
            } else {
                reader.fail("PROMPTS_DIR", "expected a directory of prompt templates", raw)
            }
        }
        settings.retry.maxAttempts = reader.int("QUEUE_MAX_ATTEMPTS", in: 1...100) ?? settings.retry.maxAttempts
        settings.retry.leaseDuration = Double(reader.int("QUEUE_LEASE_SECONDS", in: 5...86_400) ?? Int(settings.retry.leaseDuration))
        for queue in QueueName.allCases {
            let prefix = "QUEUE_" + queue.shortName.uppercased()
            var limits = settings.queues[queue] ?? QueueLimits.seedDefault(for: queue)
            if let name = reader.string(queue == .voice ? "QUEUE_VOICE_TRANSCRIPTION" : "\(prefix)_MESSAGES") {
                limits.name = name
            }
            limits.timeToLive = Double(reader.int("\(prefix)_TTL_SECONDS", in: 1...2_592_000) ?? Int(limits.timeToLive))
            limits.maxLength = reader.int("\(prefix)_MAX_LENGTH", in: 1...10_000_000) ?? limits.maxLength
            limits.maxAttempts = reader.int("\(prefix)_MAX_ATTEMPTS", in: 1...100) ?? limits.maxAttempts
            settings.queues[queue] = limits
        }
        settings.agentConcurrency = reader.int("AGENT_CONCURRENCY", in: 1...1024) ?? settings.agentConcurrency
        settings.webchatMaxText = reader.int("WEBCHAT_MAX_TEXT", in: 1...100_000) ?? settings.webchatMaxText
        settings.adminRequestsPerMinute = reader.int("ADMIN_REQUESTS_PER_MINUTE", in: 1...1_000_000) ?? settings.adminRequestsPerMinute
        settings.adminRequestBurst = reader.int("ADMIN_REQUEST_BURST", in: 1...100_000) ?? settings.adminRequestBurst
        settings.edge.load(&reader)
        settings.models = ModelSettings.load(&reader)
        settings.whatsapp = WhatsAppSettings.load(&reader)
        settings.crm = CRMEnvironment.load(&reader)
        settings.telegram = TelegramSettings.load(&reader)
        settings.publicURL = reader.url("PUBLIC_URL")
        settings.outbound = OutboundSettings.load(&reader)
        if let url = settings.rabbitMQURL, !settings.database.isShared {
            // The outbox relay publishes inside a database transaction: SQLite's single writer would wait for the broker.
            reader.fail("RABBITMQ_URL", "needs DATABASE_URL=postgres://… beside it (the queues on RabbitMQ, the state in PostgreSQL)", url)
        }
        if !reader.problems.isEmpty { throw Invalid(problems: reader.problems) }
        return settings
    }

    /// Limits of a queue.
    public func limits(_ queue: QueueName) -> QueueLimits { queues[queue] ?? QueueLimits.seedDefault(for: queue) }
}

struct Reader {
    let environment: [String: String]
    var problems: [String] = []

    func string(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    mutating func fail(_ name: String, _ reason: String, _ value: String) {
        problems.append(value.isEmpty ? "\(name): \(reason)" : "\(name): \(reason) (got «\(value)»)")
    }

    mutating func int(_ name: String, in range: ClosedRange<Int>) -> Int? {
        guard let raw = string(name) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            fail(name, "expected a whole number from \(range.lowerBound) to \(range.upperBound)", raw)
            return nil
        }
        return value
    }

    mutating func bool(_ name: String) -> Bool? {
        guard let raw = string(name) else { return nil }
        switch raw.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default:
            fail(name, "expected true or false", raw)
            return nil
        }
    }
}
