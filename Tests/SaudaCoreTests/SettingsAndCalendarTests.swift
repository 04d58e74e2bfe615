import Foundation
import SaudaCore
import Testing

@Suite struct SaudaSettingsTests {
    @Test func defaultsFollowTheSeed() throws {
        let settings = try SaudaSettings.load(from: [:])
        #expect(settings.database == .sqlite(path: "./sauda.sqlite"))
        #expect(settings.timeZone.identifier == "Asia/Almaty")
        #expect(settings.workingHoursStart == 10 && settings.workingHoursEnd == 18)
        #expect(settings.maxContextMessages == 20)
        #expect(settings.followUpIntervals == [24, 72, 168, 336, 720])
        #expect(settings.limits(.incoming).maxLength == 10_000 && settings.limits(.incoming).timeToLive == 86_400)
        #expect(settings.limits(.outgoing).maxLength == 5_000 && settings.limits(.outgoing).timeToLive == 3_600)
        #expect(settings.limits(.voice).maxLength == 1_000 && settings.limits(.voice).timeToLive == 7_200)
    }

    @Test func readsPostgresURLAndValues() throws {
        let settings = try SaudaSettings.load(from: ["DATABASE_URL": "postgres://u:p@localhost:5432/sauda",
                                                     "FOLLOW_UP_INTERVALS": "1,2,3,4,5", "LOG_LEVEL": "DEBUG"])
        #expect(settings.database == .postgres(url: "postgres://u:p@localhost:5432/sauda"))
        #expect(settings.followUpIntervals == [1, 2, 3, 4, 5])
        #expect(settings.logLevel == "debug")
    }

    @Test func rabbitMQNeedsPostgreSQLAndAgentsNeedPlainNames() throws {
        let settings = try SaudaSettings.load(from: ["DATABASE_URL": "postgres://u:p@db:5432/sauda", "RABBITMQ_URL": "amqp://u:p@mq:5672/",
                                                     "AGENT_ID": "agent-1"])
        #expect(settings.rabbitMQURL == "amqp://u:p@mq:5672/")
        #expect(settings.agentID == "agent-1")
        #expect {
            try SaudaSettings.load(from: ["RABBITMQ_URL": "amqp://u:p@mq:5672/", "AGENT_ID": "agent 1/x"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("RABBITMQ_URL: needs DATABASE_URL=postgres") && text.contains("AGENT_ID")
        }
        #expect(throws: SaudaSettings.Invalid.self) { try SaudaSettings.load(from: ["RABBITMQ_URL": "http://mq"]) }
    }

    @Test func namesEveryInvalidSettingInOneError() {
        #expect {
            try SaudaSettings.load(from: ["TIMEZONE": "Mars/Olympus", "WORKING_HOURS_START": "19", "MAX_CONTEXT_MESSAGES": "many",
                                          "FOLLOW_UP_INTERVALS": "24,12", "DATABASE_URL": "mysql://x"])
        } throws: { error in
            let text = "\(error)"
            return ["TIMEZONE", "WORKING_HOURS_END", "MAX_CONTEXT_MESSAGES", "FOLLOW_UP_INTERVALS", "DATABASE_URL"]
                .allSatisfy { text.contains($0) }
        }
    }

    @Test func modelProviderSelectionAndMissingKeys() throws {
        #expect(try SaudaSettings.load(from: [:]).models.provider == .offline)
        #expect(try SaudaSettings.load(from: ["GEMINI_API_KEY": "k"]).models.provider == .gemini)
        #expect(try SaudaSettings.load(from: ["OPENAI_BASE_URL": "http://localhost:11434/v1"]).models.provider == .openai)
        let local = try SaudaSettings.load(from: ["SAUDA_MODEL_PROVIDER": "openai", "OPENAI_BASE_URL": "http://localhost:11434/v1/"])
        #expect(local.models.openAIBaseURL == "http://localhost:11434/v1")
        #expect(local.models.openAIAPIKey == nil)
        #expect {
            try SaudaSettings.load(from: ["SAUDA_MODEL_PROVIDER": "gemini"])
        } throws: { error in
            "\(error)".contains("GEMINI_API_KEY: required when SAUDA_MODEL_PROVIDER=gemini")
        }
        #expect {
            try SaudaSettings.load(from: ["SAUDA_MODEL_PROVIDER": "openai"])
        } throws: { error in
            "\(error)".contains("OPENAI_API_KEY: required for https://api.openai.com/v1")
        }
        #expect {
            try SaudaSettings.load(from: ["SAUDA_MODEL_PROVIDER": "claude", "GEMINI_BASE_URL": "ftp://x", "MODEL_FALLBACK": "silence"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("SAUDA_MODEL_PROVIDER: expected gemini, openai or offline (got «claude»)")
                && text.contains("GEMINI_BASE_URL") && text.contains("MODEL_FALLBACK")
        }
    }

    @Test func parsesDotEnv() throws {
        let values = try DotEnv.parse("# comment\nexport TIMEZONE=Asia/Almaty\nBUSINESS_NAME=\"ООО Ромашка\"\nLOG_LEVEL=info # note\n")
        #expect(values == ["TIMEZONE": "Asia/Almaty", "BUSINESS_NAME": "ООО Ромашка", "LOG_LEVEL": "info"])
        #expect(throws: DotEnv.ParseError.self) { try DotEnv.parse("JUST TEXT") }
    }
}

@Suite struct WorkingCalendarTests {
    let calendar = WorkingCalendar(timeZone: TimeZone(identifier: "Asia/Almaty")!, startHour: 10, endHour: 18, holidays: ["2025-10-27"])

    func date(_ text: String) -> Date { try! Date(text + "+05:00", strategy: .iso8601) }

    @Test func workingTimeIsInsideHoursOnWeekdays() {
        #expect(calendar.isWorkingTime(date("2025-10-15T14:30:00")))
        #expect(!calendar.isWorkingTime(date("2025-10-15T18:00:00")))
        #expect(!calendar.isWorkingTime(date("2025-10-18T12:00:00")))
        #expect(!calendar.isWorkingTime(date("2025-10-27T12:00:00")))
    }

    @Test func nextWorkingTimeSkipsNightsWeekendsAndHolidays() {
        #expect(calendar.nextWorkingTime(from: date("2025-10-15T07:00:00")) == date("2025-10-15T10:00:00"))
        #expect(calendar.nextWorkingTime(from: date("2025-10-15T19:00:00")) == date("2025-10-16T10:00:00"))
        #expect(calendar.nextWorkingTime(from: date("2025-10-24T18:30:00")) == date("2025-10-28T10:00:00"))
    }

    @Test func nextSlotsAreWholeWorkingHours() {
        #expect(calendar.workingSlots(after: date("2025-10-15T16:20:00"), count: 3)
            == [date("2025-10-15T17:00:00"), date("2025-10-16T10:00:00"), date("2025-10-16T11:00:00")])
        // Friday evening: Monday is a holiday, so Tuesday morning.
        #expect(calendar.workingSlots(after: date("2025-10-24T17:30:00"), count: 1) == [date("2025-10-28T10:00:00")])
    }

    /// A zone with daylight saving time: working hours are local hours on either side of a change.
    @Test func aZoneWithDaylightSavingTimeKeepsLocalWorkingHours() throws {
        let berlin = WorkingCalendar(timeZone: try #require(TimeZone(identifier: "Europe/Berlin")), startHour: 10, endHour: 18)
        func utc(_ text: String) -> Date { try! Date(text + "Z", strategy: .iso8601) }
        // Monday 30 March 2026, the day after clocks went forward (UTC+2): 10:30 local is 08:30 UTC.
        #expect(berlin.isWorkingTime(utc("2026-03-30T08:30:00")))
        #expect(!berlin.isWorkingTime(utc("2026-03-30T07:30:00")), "09:30 local")
        // Friday 27 March 19:00 local (UTC+1) → Monday 10:00 local (UTC+2).
        #expect(berlin.nextWorkingTime(from: utc("2026-03-27T18:00:00")) == utc("2026-03-30T08:00:00"))
        // Sunday 25 October, the day clocks went back (UTC+1 after 03:00): the next slots are Monday 10:00 and 11:00 local.
        #expect(berlin.workingSlots(after: utc("2026-10-25T11:00:00"), count: 2) == [utc("2026-10-26T09:00:00"), utc("2026-10-26T10:00:00")])
        #expect(berlin.formatForClient(utc("2026-10-26T09:00:00")) == "26 октября в 10:00")
    }

    @Test func formatsForTheClient() {
        #expect(calendar.formatForClient(date("2025-10-15T14:30:00")) == "15 октября в 14:30")
        #expect(calendar.formatForClient(date("2025-10-15T14:30:00"), language: .english) == "15 October at 14:30")
    }
}
