import SaudaCore

/// The offline engine's follow-up touches: one message per touch style (`FollowUpPlan.styles`), in the client's
/// language, addressed with «Вы», with one emoji and a question, and without any figure, discount or claim the
/// knowledge base would have to back.
struct FollowUpWriter {
    let request: ModelRequest

    func text() -> String {
        let touch = max(1, min(FollowUpPlan.touches, request.context.followUpTouch ?? 1))
        let clientText = request.history.last { $0.author == .customer }?.text ?? ""
        let english = TextAnalysis.language(of: clientText) == .english
        return english ? Self.english[touch - 1] : Self.russian[touch - 1]
    }

    static let russian = [
        "Здравствуйте! 😊 Напоминаю о нашем разговоре. Остались ли у Вас вопросы, на которые я могу ответить?",
        "Здравствуйте! Я могу подобрать вариант именно под Вашу задачу и рассчитать стоимость с доставкой ✅ Подготовить расчёт?",
        "Добрый день! 👋 С похожими вопросами к нам обращаются часто, и обычно быстрее всего помогает короткий звонок с менеджером. Записать Вас на удобное время?",
        "Здравствуйте! Не хочу, чтобы Вы остались без ответа: менеджер может обсудить всё уже на этой неделе 📞 Удобно?",
        "Здравствуйте! Понимаю, что сейчас, возможно, не самое подходящее время. Если в будущем понадобится помощь, всегда рады помочь! 😊",
    ]

    static let english = [
        "Hello! 😊 Just a reminder about our conversation. Do you have any questions I can answer?",
        "Hello! I can pick the option that fits your needs and work out the price with delivery ✅ Shall I prepare it?",
        "Good afternoon! 👋 People often come to us with similar questions, and a short call with a manager usually helps fastest. Shall I book one at a time that suits you?",
        "Hello! I would not like to leave you without an answer: a manager can go through everything with you this week 📞 Would that suit you?",
        "Hello! I understand that now may not be the best time. If you ever need help in the future, we will be glad to help! 😊",
    ]
}
