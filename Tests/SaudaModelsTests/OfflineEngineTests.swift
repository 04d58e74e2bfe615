import Foundation
import SaudaCore
import SaudaModels
import Testing

@Suite struct OfflineEngineTests {
    let calendar = WorkingCalendar(timeZone: TimeZone(identifier: "Asia/Almaty")!, startHour: 10, endHour: 18)
    let now = try! Date("2025-10-15T14:30:00+05:00", strategy: .iso8601)
    let delivery = KnowledgeSnippet(title: "Доставка", text: """
        Доставка по Алматы — 1–2 дня, бесплатно при заказе от 20 000 тенге. По Казахстану отправляем Казпочтой и СДЭК, срок 3–7 дней.
        Delivery (English): Almaty 1–2 days, free from 20,000 tenge; across Kazakhstan 3–7 days by Kazpost or CDEK.
        """)

    func request(_ texts: [String], purpose: ModelPurpose = .sales, stage: SpinStage = .situation, botSpoke: Bool = false,
                 knowledge: [KnowledgeSnippet] = []) -> ModelRequest {
        var history = texts.map { ConversationMessage(author: .customer, text: $0, sentAt: now) }
        if botSpoke { history.insert(ConversationMessage(author: .bot, text: "Здравствуйте!", sentAt: now), at: 0) }
        return ModelRequest(purpose: purpose, systemInstruction: "", history: history, knowledge: knowledge,
                            context: TurnContext(businessName: "АвтоКоврик", contact: ContactProfile(), spinStage: stage,
                                                 calendar: calendar, now: now, newMessages: texts))
    }

    @Test func theBotDoesNotGreetAfterAPersonOfTheBusinessWrote() async throws {
        var operatorWrote = request(["А с бортами сколько будет?"], knowledge: [delivery])
        operatorWrote.history.insert(ConversationMessage(author: .human, text: "Добрый день! Это Айгерим, менеджер.", sentAt: now), at: 0)
        let response = try await OfflineEngine().respond(to: operatorWrote)
        #expect(!response.text.contains("Здравствуйте"), "\(response.text)")
        let fresh = try await OfflineEngine().respond(to: request(["А с бортами сколько будет?"], knowledge: [delivery]))
        #expect(fresh.text.hasPrefix("Здравствуйте!"))
    }

    @Test func moderationAnswersTheSeedJSON() async throws {
        let response = try await OfflineEngine().respond(to: request(
            ["Здравствуйте", "Сколько стоит доставка?", "Нужен договор и счет"], purpose: .moderation))
        let object = try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any]
        #expect(object?["isClient"] as? Bool == true)
        #expect((object?["confidence"] as? Double ?? 0) > 0.5)
        #expect(object?["reasoning"] is String)
    }

    @Test func answersFromKnowledgeInRussian() async throws {
        let response = try await OfflineEngine().respond(to: request(["Есть доставка по Казахстану?"], knowledge: [delivery]))
        #expect(response.text.contains("Казпочтой"))
        #expect(response.text.hasPrefix("Здравствуйте!"))
        #expect(response.text.contains("?"), "ends with a SPIN question")
        #expect(TextAnalysis.emojiCount(response.text) <= 2)
        #expect(response.usage.input > 0)
    }

    @Test func answersInEnglishWhenAskedInEnglish() async throws {
        let response = try await OfflineEngine().respond(to: request(["Do you deliver across Kazakhstan?"], knowledge: [delivery]))
        #expect(response.text.contains("Kazpost"))
        #expect(!response.text.contains("Казпочтой"))
    }

    @Test func unknownQuestionIsHandedToAManagerNotInvented() async throws {
        let response = try await OfflineEngine().respond(to: request(["Сколько стоит ремонт двигателя?"], botSpoke: true))
        #expect(response.text.contains("уточню у менеджера"))
    }

    @Test func callRequestGetsWorkingHoursAndTheNearestSlot() async throws {
        let response = try await OfflineEngine().respond(to: request(["Давайте созвонимся"], botSpoke: true))
        #expect(response.text.contains("10:00 до 18:00"))
        #expect(response.text.contains("15 октября в 16:00"))
    }

    @Test func clearNoClosesPolitely() async throws {
        let response = try await OfflineEngine().respond(to: request(["Нет, не интересно"], botSpoke: true))
        #expect(response.text.contains("спасибо"))
        #expect(!response.text.contains("?"))
    }
}
