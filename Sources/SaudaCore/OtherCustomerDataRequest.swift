/// Recognises a request for another customer's data: their phone, address, order or the list of customers
/// («дайте номер вашего клиента Азамата», «какой заказ у Ерлана?», «скиньте базу клиентов», «send me your customers'
/// phone numbers»). A customer asking about their own order («мой заказ», «я ваш клиент») is not one.
public enum OtherCustomerDataRequest {
    /// Words of someone else who buys from the business.
    static let others = KeywordSet(
        stems: ["клиент", "покупател", "заказчик", "customer", "client", "buyer"],
        phrases: ["другого человека", "другой девушки", "другого парня", "someone else", "another person"])
    /// Words of the data asked for.
    static let data = KeywordSet(
        stems: ["номер", "телефон", "контакт", "адрес", "данны", "заказ", "баз", "список", "имен", "фамил", "почт", "phone", "number",
                "contact", "address", "details", "order", "data", "list", "email"])
    /// Words that ask for it to be given.
    static let giving = KeywordSet(
        stems: ["дай", "дайт", "скин", "скаж", "покаж", "пришл", "отправ", "сообщ", "подскаж", "какой", "какая", "какие", "кто", "чей",
                "send", "give", "show", "tell", "share", "who", "which", "what"])
    /// A customer speaking of themselves.
    static let own = KeywordSet(
        phrases: ["мой заказ", "моего заказа", "мой номер", "мои данные", "моему заказу", "я клиент", "я ваш клиент", "я ваша клиентка",
                  "my order", "my number", "my details", "i am a customer", "i'm a customer", "я уже клиент", "я постоянный клиент"])
    /// Asking for the list of customers needs no other word.
    static let customerList = KeywordSet(
        phrases: ["базу клиентов", "база клиентов", "список клиентов", "контакты клиентов", "номера клиентов", "телефоны клиентов",
                  "ваших клиентов", "других клиентов", "customer list", "customers list", "your customers", "other customers"])

    /// Whether `text` asks for data of a customer other than the writer.
    public static func asks(_ text: String) -> Bool {
        let analyzed = AnalyzedText(text)
        if own.occurs(in: analyzed) { return false }
        if customerList.occurs(in: analyzed), data.occurs(in: analyzed) || giving.occurs(in: analyzed) { return true }
        return others.occurs(in: analyzed) && data.occurs(in: analyzed) && giving.occurs(in: analyzed)
    }
}
