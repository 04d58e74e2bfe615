import Foundation
import SaudaAgent
import SaudaCore
import SaudaKnowledge
import SaudaModels
import SaudaStore
import SaudaTestSupport
import Testing

/// The turn's decision without a queue: the engine gets a context and returns what to store and send.
@Suite struct ConversationEngineTests {
    static let calendar = WorkingCalendar(timeZone: TimeZone(identifier: "Asia/Almaty") ?? .gmt, startHour: 10, endHour: 18)
    static let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "79115576362@c.us")

    /// The agents a turn asked, in order.
    actor AgentLog {
        var asked: [String] = []
        func add(_ name: String) { asked.append(name) }
    }

    /// An agent that answers the same every time and notes that it was asked.
    struct FakeAgent: ConversationAgent {
        let name: String
        let answer: AgentReply
        let log: AgentLog

        func reply(to context: ConversationContext) async -> AgentReply {
            await log.add(name)
            return answer
        }
    }

    static func context(status: ContactStatus, messages: [String], count: Int? = nil, pausedUntil: Date? = nil, voice: Bool = false,
                        now: Date = Date()) -> ConversationContext {
        let contact = Contact(id: 7, key: key, phoneNumber: "79115576362", profile: ContactProfile(name: "Иван", businessName: "ООО Стройком"),
                              status: status, confidence: nil, reasoning: nil, spinStage: .situation, botPausedUntil: pausedUntil,
                              lastMessageAt: nil)
        let new = messages.enumerated().map { NewCustomerMessage(messageID: "m\($0.offset)", text: $0.element, isVoice: voice, sentAt: now) }
        return ConversationContext(key: key, businessName: "Тест", contact: contact,
                                   history: new.map { ConversationMessage(author: .customer, text: $0.text, sentAt: $0.sentAt) },
                                   newMessages: new, customerMessageCount: count ?? messages.count, now: now)
    }

    /// An engine with fake agents: the moderator answers `verdict`, the sales agent answers `salesText`.
    static func fakeEngine(verdict: Classification? = nil, salesText: String = "  Здравствуйте! Чем помочь?  ",
                           log: AgentLog) -> ConversationEngine {
        var settings = AgentSettings(calendar: calendar)
        settings.classifyMinMessages = 3
        let router = ContactStatusRouter(moderator: FakeAgent(name: "moderator", answer: AgentReply(classification: verdict), log: log),
                                         salesAgent: FakeAgent(name: "sales", answer: AgentReply(text: salesText), log: log),
                                         classifyMinMessages: settings.classifyMinMessages)
        return ConversationEngine(router: router, settings: settings, logger: testLogger)
    }

    /// Today's engine on the offline model, with the sample knowledge base.
    static func offlineEngine(_ database: any Database) async throws -> ConversationEngine {
        try await TurnProcessorTests.Harness.loadSampleKnowledge(into: database)
        let settings = AgentSettings(calendar: calendar)
        let prompts = try PromptLibrary()
        let model = OfflineEngine()
        return ConversationEngine(moderator: Moderator(model: model, prompts: prompts, settings: settings, logger: testLogger),
                                  salesAgent: SalesAgent(model: model, prompts: prompts, knowledge: KnowledgeCache(database: database),
                                                         settings: settings),
                                  settings: settings, logger: testLogger)
    }

    @Test func anUnknownBusinessContactGoesToTheModeratorAndThenToTheSalesAgent() async throws {
        try await withTestDatabase(.sqlite) { database in
            let engine = try await Self.offlineEngine(database)
            let context = Self.context(status: .unknown, messages: ["Здравствуйте", "Подскажите цену на EVA коврики", "Нужен счет на оплату для ТОО"])
            let decision = try await engine.respond(to: context)
            #expect(decision.classification?.status == .client)
            #expect(decision.status == .client)
            #expect(decision.replyText?.isEmpty == false, "a contact classified as client is answered in the same turn")
        }
    }

    @Test func anUnknownPersonalContactIsClassifiedAndNotAnswered() async throws {
        try await withTestDatabase(.sqlite) { database in
            let engine = try await Self.offlineEngine(database)
            let context = Self.context(status: .unknown, messages: ["Привет как дела 😂😂", "Что делаешь вечером?", "Скучаю ❤️🔥"])
            let decision = try await engine.respond(to: context)
            #expect(decision.status == .notClient)
            #expect(decision.replyText == nil)
        }
    }

    @Test func aClientGoesToTheSalesAgentOnTheOfflineModel() async throws {
        try await withTestDatabase(.sqlite) { database in
            let engine = try await Self.offlineEngine(database)
            let decision = try await engine.respond(to: Self.context(status: .client, messages: ["Сколько стоят EVA коврики?"]))
            #expect(decision.classification == nil)
            #expect(decision.replyText?.contains("18 000") == true)
        }
    }

    @Test func anUnknownContactIsClassifiedOnlyOnceItWroteEnough() async throws {
        let log = AgentLog()
        let engine = Self.fakeEngine(verdict: Classification(isClient: true, confidence: 0.9, reasoning: "бизнес"), log: log)
        let decision = try await engine.respond(to: Self.context(status: .unknown, messages: ["Здравствуйте"], count: 2))
        #expect(await log.asked.isEmpty)
        #expect(decision.status == .unknown && decision.classification == nil && decision.replyText == nil)
    }

    @Test func aModeratorVerdictOfClientHandsTheTurnToTheSalesAgent() async throws {
        let log = AgentLog()
        let verdict = Classification(isClient: true, confidence: 0.9, reasoning: "бизнес")
        let engine = Self.fakeEngine(verdict: verdict, log: log)
        let decision = try await engine.respond(to: Self.context(status: .unknown, messages: ["Нужен счет"], count: 3))
        #expect(await log.asked == ["moderator", "sales"])
        #expect(decision.classification == verdict && decision.status == .client)
        #expect(decision.replyText == "Здравствуйте! Чем помочь?", "the reply is trimmed")
    }

    @Test func anUndecidedVerdictLeavesTheContactUnansweredAndTheModeratorIsAskedOnce() async throws {
        let log = AgentLog()
        let engine = Self.fakeEngine(verdict: Moderator.deferred, log: log)
        let decision = try await engine.respond(to: Self.context(status: .unknown, messages: ["Да"], count: 5))
        #expect(await log.asked == ["moderator"])
        #expect(decision.status == .unknown && decision.replyText == nil)
    }

    @Test func aClientGoesStraightToTheSalesAgent() async throws {
        let log = AgentLog()
        let decision = try await Self.fakeEngine(log: log).respond(to: Self.context(status: .client, messages: ["Сколько стоит?"], count: 1))
        #expect(await log.asked == ["sales"])
        #expect(decision.replyText == "Здравствуйте! Чем помочь?")
    }

    @Test func aKnownNonClientIsNeitherClassifiedNorAnswered() async throws {
        let log = AgentLog()
        let decision = try await Self.fakeEngine(log: log).respond(to: Self.context(status: .notClient, messages: ["Привет"], count: 9))
        #expect(await log.asked.isEmpty)
        #expect(decision.status == .notClient && decision.replyText == nil)
    }

    @Test func aPausedChatIsNotAnswered() async throws {
        let log = AgentLog()
        let now = Date()
        let context = Self.context(status: .client, messages: ["Сколько стоит?"], pausedUntil: now.addingTimeInterval(600), now: now)
        let decision = try await Self.fakeEngine(log: log).respond(to: context)
        #expect(await log.asked.isEmpty)
        #expect(decision.isBotPaused && decision.replyText == nil)
    }

    @Test func unreadableMessagesAreAskedToBeWrittenWithoutTheSalesAgent() async throws {
        let log = AgentLog()
        let engine = Self.fakeEngine(log: log)
        let voice = try await engine.respond(to: Self.context(status: .client, messages: [VoiceNoteText.untranscribed], voice: true))
        #expect(voice.replyText == VoiceNoteText.pleaseWrite)
        let notClient = try await engine.respond(to: Self.context(status: .notClient, messages: [VoiceNoteText.untranscribed], voice: true))
        #expect(notClient.replyText == nil, "known non-clients get no request")
        #expect(await log.asked.isEmpty)
    }

    /// An agent that keeps the longest text it was given.
    actor LongestText {
        var characters = 0
        var ending = ""
        func saw(_ context: ConversationContext) {
            for text in context.history.map(\.text) + context.newMessages.map(\.text) where text.count > characters {
                characters = text.count
                ending = String(text.suffix(3))
            }
        }
    }

    struct ReadingAgent: ConversationAgent {
        let longest: LongestText
        let answer: AgentReply

        func reply(to context: ConversationContext) async -> AgentReply {
            await longest.saw(context)
            return answer
        }
    }

    @Test func aLongMessageIsCutBeforeAnyAgentOrRuleReadsIt() async throws {
        let longest = LongestText()
        var settings = AgentSettings(calendar: Self.calendar)
        settings.classifyMinMessages = 1
        let verdict = Classification(isClient: true, confidence: 0.9, reasoning: "test")
        let router = ContactStatusRouter(moderator: ReadingAgent(longest: longest, answer: AgentReply(classification: verdict)),
                                         salesAgent: ReadingAgent(longest: longest, answer: AgentReply(text: "Здравствуйте!")),
                                         classifyMinMessages: 1)
        let engine = ConversationEngine(router: router, settings: settings, logger: testLogger)
        let whatsAppLongest = String(repeating: "я", count: 65_536)
        var context = Self.context(status: .unknown, messages: [whatsAppLongest, "Сколько стоит?"])
        context.history.insert(ConversationMessage(author: .customer, text: String(repeating: "б", count: 30_000_000), sentAt: context.now), at: 0)
        let decision = try await engine.respond(to: context)
        #expect(decision.replyText == "Здравствуйте!")
        #expect(await longest.characters == settings.maxInputCharacters + 1, "4,000 characters and «…»")
        let ending = await longest.ending
        #expect(ending == "яя…" || ending == "бб…")

        // The offline engine answers three messages of a million characters well within the turn's deadline, which
        // cannot stop its rules once they run (uncut, such a turn ran for minutes).
        let huge = String(repeating: "Сколько стоят коврики? ", count: 1_000_000 / 23)
        try await withTestDatabase(.sqlite) { database in
            let offline = try await Self.offlineEngine(database)
            let started = ContinuousClock.now
            for status in [ContactStatus.unknown, .client] {
                let decision = try await offline.respond(to: Self.context(status: status, messages: [huge, huge, huge]))
                #expect(status == .unknown || decision.replyText?.isEmpty == false)
            }
            #expect(ContinuousClock.now - started < .seconds(20))
        }
    }
}
