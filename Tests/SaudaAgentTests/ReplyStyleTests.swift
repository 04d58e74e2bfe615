import SaudaModels
@testable import SaudaAgent
import Testing

/// The sales prompt's style rules applied to what a model wrote.
@Suite struct ReplyStyleTests {
    @Test func aLongReplyKeepsFourSentencesAndEndsWithItsQuestion() {
        let text = "Здравствуйте! EVA коврики на Camry стоят 24 000 ₸. Доставка по Алматы — 1 день. Гарантия 12 месяцев. "
            + "Материал не впитывает воду. Подобрать Вам цвет?"
        let styled = ReplyStyle.enforce(text, knowledge: "EVA коврики: 24 000 ₸")
        #expect(styled.text == "Здравствуйте! EVA коврики на Camry стоят 24 000 ₸. Доставка по Алматы — 1 день. Подобрать Вам цвет?")
        #expect(styled.changes.contains(.shortened))
    }

    @Test func atMostTwoEmojiAndThePoliteFormWithACapital() {
        let styled = ReplyStyle.enforce("Добрый день! 😊 Рады помочь вам 👍 Ваш заказ готов 🎉🔥 Когда вам удобно забрать?", knowledge: "")
        #expect(styled.text == "Добрый день! 😊 Рады помочь Вам 👍 Ваш заказ готов Когда Вам удобно забрать?")
        #expect(styled.changes.contains(.emojiRemoved) && styled.changes.contains(.politeFormCapitalised))
    }

    @Test func aDiscountTheKnowledgeBaseDoesNotMentionIsDropped() {
        let reply = "Коврики EVA стоят 24 000 ₸. Для Вас скидка 15% до конца недели! Оформить заказ?"
        #expect(ReplyStyle.enforce(reply, knowledge: "EVA коврики: 24 000 ₸ за комплект.").text == "Коврики EVA стоят 24 000 ₸. Оформить заказ?")
        // When the base has the offer, it stays.
        let backed = ReplyStyle.enforce(reply, knowledge: "EVA коврики: 24 000 ₸ за комплект. Акция: скидка 15% на EVA коврики до 30 ноября.")
        #expect(backed.text == reply && backed.changes.isEmpty)
    }

    @Test func aPriceNoSourceGaveIsDroppedAndOneTheToolsOrTheCustomerGaveStays() {
        let reply = "Комплект EVA на Camry стоит 8 000 сом. С бортами 5 см — 9 200 сом. Оформляем?"
        let fromTool = #"{"price_text":"8 000 сом","options":[{"name":"Борты 5 см","price_change_text":"500 сом"}]}"#
        let styled = ReplyStyle.enforce(reply, knowledge: fromTool)
        #expect(styled.text == "Комплект EVA на Camry стоит 8 000 сом. Оформляем?", "9 200 сом came from nowhere")
        #expect(styled.changes.contains(.unbackedPriceRemoved))
        // The quote tool's total backs it.
        let quoted = ReplyStyle.enforce("С бортами 5 см — 8 500 сом. Оформляем?", knowledge: #"{"price_text":"8 500 сом","price":8500}"#)
        #expect(quoted.changes.isEmpty)
        // An amount the customer named may be repeated; a reply that is only an invented price becomes an honest one.
        #expect(ReplyStyle.enforce("Да, в 20 000 тенге уложимся.", knowledge: "", conversation: "Бюджет 20 000 тенге").changes.isEmpty)
        #expect(ReplyStyle.enforce("Стоит 12 345 ₽.", knowledge: "Цены уточняйте у менеджера").text == ReplyStyle.unbackedPriceFallback)
        // Numbers that are no prices (years, sizes, times) are left alone.
        #expect(ReplyStyle.enforce("На Camry 2022 борты 5 см, доставка за 2 дня.", knowledge: "").changes.isEmpty)
    }

    @Test func numbersAndAbbreviationsDoNotEndSentences() {
        #expect(ReplyStyle.split("Толщина 2.5 см, т.е. плотный материал. Подходит?") == ["Толщина 2.5 см, т.е. плотный материал.", "Подходит?"])
        #expect(ReplyStyle.enforce("Здравствуйте! Чем помочь?", knowledge: "").changes.isEmpty)
    }
}

/// The sales agent applies the rules to a remote model's reply and leaves the offline engine's as composed.
@Suite struct SalesReplyStylingTests {
    @Test func aRemoteModelsReplyIsStyledAndTheOfflineEnginesIsNot() {
        let text = "Здравствуйте! 😊👍🎉 Коврики EVA — 18 000 тенге. Для вас скидка 10%. Оформим?"
        let remote = SalesAgent.styled(ModelResponse(text: text, finishReason: .stop, usage: .zero, model: "gemini-2.5-flash"),
                                       knowledge: "EVA коврики: 18 000 тенге.")
        #expect(remote.text == "Здравствуйте! 😊👍 Коврики EVA — 18 000 тенге. Оформим?", "the third emoji and the unbacked discount go")
        let offline = SalesAgent.styled(ModelResponse(text: text, finishReason: .stop, usage: .zero, model: "offline"), knowledge: "")
        #expect(offline.text == text)
    }
}

/// What the style rules must leave alone.
@Suite struct ReplyStyleRestraintTests {
    @Test func aReplyWithinTheRulesKeepsItsLinesAbbreviationsAndHonestAnswers() {
        let listed = "Есть два варианта:\n1. EVA — 18 000 тенге.\n2. 5D — 25 000 тенге.\nКакой Вам ближе?"
        #expect(ReplyStyle.enforce(listed, knowledge: "EVA — 18 000 тенге, 5D — 25 000 тенге").text == listed)
        #expect(ReplyStyle.split("Мы в г. Алматы, ул. Абая 10. Заедете?") == ["Мы в г. Алматы, ул. Абая 10.", "Заедете?"])
        let honest = "Скидок сейчас нет. Щебень фракции 5–20 стоит 9 000 тенге за тонну. Привезти?"
        #expect(ReplyStyle.enforce(honest, knowledge: "Щебень: 9 000 тенге").text == honest)
        let flags = ReplyStyle.enforce("Доставим по всему Казахстану 🇰🇿 👍🏽 Удобно?", knowledge: "")
        #expect(flags.text == "Доставим по всему Казахстану 🇰🇿 👍🏽 Удобно?", "a flag and a toned thumb are two emoji, not four")
    }
}
