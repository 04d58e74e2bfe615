import Foundation
import SaudaAgent
import SaudaCore
import SaudaServer
import SaudaSimulators
import SaudaStore
import Testing

/// The follow-up chain end to end over WhatsApp: a new contact is classified as a client and answered, stays
/// silent for a day, gets touch 1, answers «Да», the chain stops, and a call is booked inside working hours.
@Suite struct FollowUpScenarioTests {
    static let phone = "77017770042"
    static let key = ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "\(phone)@c.us")

    static func chains(_ system: SaudaSystem) async throws -> (Contact, [FollowUp]) {
        try await system.database.read { sql in
            let contact = try #require(try await ContactRepository(sql).find(key: key))
            return (contact, try await FollowUpRepository(sql).all(contactID: contact.id))
        }
    }

    /// Writes as the customer and waits for the bot's next message.
    static func say(_ text: String, _ simulator: WappiSimulator) async throws -> String {
        let before = simulator.botMessages(phone: phone).count
        _ = await simulator.customerWrites(phone: phone, text: text, name: "Данияр")
        let sent = try await WhatsAppEndToEndTests.waitForBotMessages(simulator, phone: phone, count: before + 1)
        try #require(sent.count == before + 1, "the bot answered «\(text)»")
        return sent[before].body
    }

    @Test func silentClientGetsTouchOneAnswersYesTheChainStopsAndACallIsBooked() async throws {
        try await WhatsAppEndToEndTests.withWhatsApp(configure: { $0.classifyMinMessages = 1 }) { simulator, system, _, _ in
            let scheduler = try #require(system.followUpScheduler)
            let calendar = system.settings.calendar
            // New contact → client → answered.
            let answer = try await Self.say("Здравствуйте! Сколько стоят EVA коврики на Camry?", simulator)
            #expect(!answer.isEmpty)
            var (contact, chains) = try await Self.chains(system)
            #expect(contact.status == .client)
            let chain = try #require(chains.first { !$0.isCompleted }, "a chain waits for the client's answer")
            let due = try #require(chain.nextTouchAt)
            #expect(chain.touchNumber == 1)
            #expect(due.timeIntervalSinceNow > 23 * 3600, "touch 1 is a day after the reply, or later")
            #expect(calendar.isWorkingTime(due), "and inside working hours")

            // Silent: nothing before the day is over; at the due time touch 1 goes out once, even when two
            // schedulers (two agent processes) take it at the same moment.
            let early = try await scheduler.runOnce(now: due.addingTimeInterval(-60))
            #expect(early.sent == 0)
            async let first = scheduler.runOnce(now: due)
            async let second = scheduler.runOnce(now: due)
            let rounds = try await [first, second]
            #expect(rounds.map(\.sent).reduce(0, +) == 1)
            let touches = try await WhatsAppEndToEndTests.waitForBotMessages(simulator, phone: Self.phone, count: 2)
            #expect(touches.count == 2)
            #expect(touches.last?.body.contains("Напоминаю о нашем разговоре") == true, "\(touches.last?.body ?? "")")
            try await Task.sleep(for: .milliseconds(300))
            #expect(simulator.botMessages(phone: Self.phone).count == 2, "touch 1 was sent once")
            (_, chains) = try await Self.chains(system)
            #expect(chains.first { !$0.isCompleted }?.touchNumber == 2, "touch 2 is next")

            // «Да» ends the chain.
            _ = try await Self.say("Да", simulator)
            (_, chains) = try await Self.chains(system)
            #expect(chains.allSatisfy { $0.isCompleted })
            #expect(chains.first?.stopReason == FollowUpStopReason.clientSaidYes.rawValue)
            let later = try await scheduler.runOnce(now: due.addingTimeInterval(30 * 86_400))
            #expect(later.sent == 0, "no touch follows a yes")

            // A call in working hours: the client names a weekday time, is asked back, confirms.
            _ = try await Self.say("Хочу созвониться с менеджером", simulator)
            let weekday = try #require(ToolCallingSystemTests.workingWeekdayAhead(in: calendar.timeZone))
            let asked = try await Self.say("Давайте в \(weekday) в 11:30", simulator)
            #expect(asked.contains("Записать Вас на звонок"), "\(asked)")
            let booked = try await Self.say("Да", simulator)
            #expect(booked.hasPrefix("Отлично, записал Вас на звонок"), "\(booked)")
            let calls = try await system.database.read { sql in try await ScheduledCallRepository(sql).upcoming(contactID: contact.id) }
            #expect(calls.count == 1)
            #expect(calls.first.map { calendar.isWorkingTime($0.scheduledAt) } == true)
            (_, chains) = try await Self.chains(system)
            #expect(chains.allSatisfy { $0.isCompleted }, "the confirmed call ends the chain too")
        }
    }

    @Test func aTouchWaitsForWorkingHoursAndIsNotSentWhenTheClientJustWrote() async throws {
        try await WhatsAppEndToEndTests.withWhatsApp(configure: { $0.classifyMinMessages = 1 }) { simulator, system, _, _ in
            let scheduler = try #require(system.followUpScheduler)
            let calendar = system.settings.calendar
            _ = try await Self.say("Добрый день! Сколько стоит доставка в Шымкент?", simulator)
            var (_, chains) = try await Self.chains(system)
            let due = try #require(chains.first { !$0.isCompleted }?.nextTouchAt)
            // Found due only at night (the service was down): no touch at night, the next working morning instead.
            var gregorian = Calendar(identifier: .gregorian)
            gregorian.timeZone = calendar.timeZone
            let night = try #require(gregorian.date(bySettingHour: 23, minute: 30, second: 0, of: due))
            let round = try await scheduler.runOnce(now: night)
            #expect(round.sent == 0)
            (_, chains) = try await Self.chains(system)
            let moved = try #require(chains.first { !$0.isCompleted }?.nextTouchAt)
            #expect(moved == calendar.nextWorkingTime(from: night))
            #expect(simulator.botMessages(phone: Self.phone).count == 1)
            // The client's next message is logged but not answered yet when the touch comes due: no touch.
            try await system.database.transaction { sql in
                _ = try await MessageLogRepository(sql).recordIncoming(key: Self.key, messageID: "late-1", phoneNumber: Self.phone,
                                                                       text: "А самовывоз есть?", isVoice: false, now: Date())
            }
            let busy = try await scheduler.runOnce(now: moved)
            #expect(busy.sent == 0 && busy.ended == 1)
            #expect(simulator.botMessages(phone: Self.phone).count == 1)
            (_, chains) = try await Self.chains(system)
            #expect(chains.first?.stopReason == FollowUpStopReason.clientResponded.rawValue, "the answer to that message starts the next chain")
        }
    }

    @Test func theOwnerWritingFromThePhoneEndsTheChainAtOnce() async throws {
        try await WhatsAppEndToEndTests.withWhatsApp(configure: { $0.classifyMinMessages = 1 }) { simulator, system, _, _ in
            _ = try await Self.say("Здравствуйте, сколько стоит доставка в Астану?", simulator)
            var (_, chains) = try await Self.chains(system)
            #expect(chains.contains { !$0.isCompleted })
            // The gateway ends the chain while it accepts the owner's message: done when the webhook is answered.
            _ = await simulator.ownerWrites(phone: Self.phone, text: "Добрый день! Это Ерлан, менеджер, сейчас всё расскажу.")
            (_, chains) = try await Self.chains(system)
            #expect(chains.allSatisfy { $0.isCompleted }, "\(chains)")
            #expect(chains.first?.isCompleted == true)
            #expect(chains.first?.stopReason == FollowUpStopReason.humanTakeover.rawValue)
        }
    }

    /// The README promises `human_takeover` for every takeover; the console once stored "operator".
    @Test func anOperatorTakingTheChatOverEndsTheChainAsHumanTakeover() async throws {
        try await WhatsAppEndToEndTests.withWhatsApp(configure: { $0.classifyMinMessages = 1 }) { simulator, system, _, _ in
            _ = try await Self.say("Здравствуйте, сколько стоит доставка в Астану?", simulator)
            let (contact, chains) = try await Self.chains(system)
            #expect(chains.contains { !$0.isCompleted })
            _ = try await system.console.takeOver(tenantID: "default", .id(contact.id), by: "Айгерим")
            let (_, after) = try await Self.chains(system)
            #expect(after.first?.isCompleted == true)
            #expect(after.first?.stopReason == FollowUpStopReason.humanTakeover.rawValue)
        }
    }

    @Test func aChainEndsWithoutATouchWhenAnOperatorTookOverOrTheContactIsNoClient() async throws {
        try await WhatsAppEndToEndTests.withWhatsApp(configure: { $0.classifyMinMessages = 1 }) { simulator, system, _, _ in
            let scheduler = try #require(system.followUpScheduler)
            _ = try await Self.say("Добрый день, есть доставка в Караганду? Сколько стоит?", simulator)
            let (contact, chains) = try await Self.chains(system)
            let due = try #require(chains.first { !$0.isCompleted }?.nextTouchAt)
            // The owner answers from the phone: the bot pauses for this chat, and the chain ends at its due time.
            try await system.database.transaction { sql in
                try await ContactRepository(sql).pauseBot(contactID: contact.id, until: due.addingTimeInterval(3600), now: Date())
            }
            let round = try await scheduler.runOnce(now: due)
            #expect(round.sent == 0 && round.ended == 1 && round.failed == 0)
            let (_, after) = try await Self.chains(system)
            #expect(after.first?.stopReason == FollowUpStopReason.humanTakeover.rawValue)
            #expect(simulator.botMessages(phone: Self.phone).count == 1, "no touch went out")
        }
    }
}
