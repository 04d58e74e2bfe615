import Foundation

/// The strings of the console's channels page, in Russian and English (the navigation's title is
/// ``ConsoleText/navChannels``).
enum ChannelsText: ConsoleTextTable {
    case channelsHint, channelsEmpty, channelName, channelState, channelLastError, channelProfile, channelInbound, channelToken
    case channelWebhook, channelAdd, channelEdit, channelSave, channelCancel, channelPause, channelResume, channelRemove, channelCheck
    case channelRegister, channelPublicURL, channelBaseURL, channelPollingInterval, channelSendsPerMinute, channelHumanPause
    case channelTokenKeep, channelRotate, channelMade, channelSaved, channelRemoved, channelPaused, channelResumed
    case channelWebhookOnce, channelRegistered, channelCheckReady, channelCheckNotReady, channelCheckRefused, stateActive, statePaused, stateFailing
    case widgetKind, widgetAdd, widgetOpen, widgetOrigins, widgetDisplayName, widgetAccentColor, widgetGreeting, widgetPosition, widgetLanguage
    case widgetDefaultHint, widgetSnippet, widgetSnippetHint, widgetPublicID, widgetMade
    case telegramKind, telegramAdd, telegramToken, telegramTokenHint, telegramBaseURL, telegramInboundHint, telegramBusiness, telegramNoBusiness
    case telegramBusinessNoReply, telegramBusinessOff, contactUnreachable

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    var pair: (String, String) {
        switch self {
        case .channelsHint: ("Номера WhatsApp бизнеса через Wappi, боты Telegram и виджеты веб-чата для его сайтов. Токен хранится зашифрованным и больше не показывается; адрес вебхука с секретом показывается один раз.",
                             "The business's WhatsApp numbers through Wappi, Telegram bots and web-chat widgets for its sites. The token is stored sealed and never shown again; the webhook address with its secret is shown once.")
        case .channelsEmpty: ("Подключений пока нет.", "No connections yet.")
        case .channelName: ("Название", "Name")
        case .channelState: ("Состояние", "State")
        case .channelLastError: ("Последняя ошибка", "Last error")
        case .channelProfile: ("Профиль Wappi", "Wappi profile")
        case .channelInbound: ("Входящие", "Inbound")
        case .channelToken: ("Токен API", "API token")
        case .channelWebhook: ("Вебхук", "Webhook")
        case .channelAdd: ("Подключить WhatsApp", "Connect WhatsApp")
        case .channelEdit: ("Изменить", "Edit")
        case .channelSave: ("Сохранить", "Save")
        case .channelCancel: ("Отмена", "Cancel")
        case .channelPause: ("Приостановить", "Pause")
        case .channelResume: ("Возобновить", "Resume")
        case .channelRemove: ("Удалить", "Remove")
        case .channelCheck: ("Проверить подключение", "Check connection")
        case .channelRegister: ("Зарегистрировать вебхук в Wappi", "Register webhook at Wappi")
        case .channelPublicURL: ("Публичный адрес сервера", "The server's public address")
        case .channelBaseURL: ("Адрес API Wappi", "Wappi's API address")
        case .channelPollingInterval: ("Опрос, секунд", "Polling, seconds")
        case .channelSendsPerMinute: ("Сообщений в минуту", "Messages a minute")
        case .channelHumanPause: ("Пауза после владельца, минут", "Pause after the owner, minutes")
        case .channelTokenKeep: ("Оставьте пустым, чтобы не менять", "Leave empty to keep it")
        case .channelRotate: ("Новый секрет вебхука (старый адрес перестанет работать)", "New webhook secret (the old address stops working)")
        case .channelMade: ("Подключение «%@» создано.", "The connection «%@» was made.")
        case .channelSaved: ("Подключение «%@» сохранено.", "The connection «%@» was saved.")
        case .channelRemoved: ("Подключение удалено.", "The connection was removed.")
        case .channelPaused: ("Подключение приостановлено.", "The connection was paused.")
        case .channelResumed: ("Подключение возобновлено.", "The connection was resumed.")
        case .channelWebhookOnce: ("Адрес вебхука (показывается только сейчас): %@", "Webhook address (shown only now): %@")
        case .channelRegistered: ("Вебхук зарегистрирован в Wappi: %@", "The webhook was registered at Wappi: %@")
        case .channelCheckReady: ("Wappi: номер подключён (телефон %@, оплачен до %@).", "Wappi: the number is connected (phone %@, paid until %@).")
        case .channelCheckNotReady: ("Wappi: номер не вошёл в WhatsApp (app_status %@). Отсканируйте QR-код в кабинете Wappi.",
                                     "Wappi: the number is not logged in to WhatsApp (app_status %@). Scan the QR code in the Wappi cabinet.")
        case .channelCheckRefused: ("Wappi отказал: %@", "Wappi refused: %@")
        case .widgetKind: ("Виджет веб-чата", "Web-chat widget")
        case .widgetAdd: ("Добавить виджет веб-чата", "Add a web-chat widget")
        case .widgetOpen: ("Открыть", "Open")
        case .widgetOrigins: ("Сайты, где работает виджет (по одному в строке, https://shop.kz)", "Sites that may use the widget (one a line, https://shop.kz)")
        case .widgetDisplayName: ("Имя в виджете", "Name shown in the widget")
        case .widgetAccentColor: ("Цвет", "Colour")
        case .widgetGreeting: ("Приветствие", "Greeting")
        case .widgetPosition: ("Угол кнопки", "Button corner")
        case .widgetLanguage: ("Язык виджета", "Widget language")
        case .widgetDefaultHint: ("Оставьте пустым для значения по умолчанию", "Leave empty for the default")
        case .widgetSnippet: ("Код для сайта", "Snippet for the site")
        case .widgetSnippetHint: ("Вставьте эту строку в HTML каждой страницы сайта, где нужен чат.", "Paste this line into the HTML of each page of the site that should show the chat.")
        case .widgetPublicID: ("Публичный id", "Public id")
        case .widgetMade: ("Виджет «%@» создан: вставьте код ниже на свой сайт.", "The widget «%@» was made: paste the snippet below into your site.")
        case .telegramKind: ("Бот Telegram", "Telegram bot")
        case .telegramAdd: ("Подключить бота Telegram", "Connect a Telegram bot")
        case .telegramToken: ("Токен бота от @BotFather", "The bot's token from @BotFather")
        case .telegramTokenHint: ("Sauda проверит токен в Telegram (getMe) и запомнит id и имя бота.",
                                  "Sauda checks the token with Telegram (getMe) and keeps the bot's id and username.")
        case .telegramBaseURL: ("Адрес Bot API", "Bot API address")
        case .telegramInboundHint: ("webhook — Telegram сам присылает сообщения на PUBLIC_URL; polling — Sauda забирает их сама (один процесс на бота).",
                                    "webhook: Telegram posts updates to PUBLIC_URL; polling: Sauda fetches them itself (one process per bot).")
        case .telegramBusiness: ("Telegram Business: подключённые аккаунты", "Telegram Business: connected accounts")
        case .telegramNoBusiness: ("Владелец ещё не подключил бота к своему аккаунту (Настройки → Telegram для бизнеса → Чат-боты).",
                                   "No owner has connected the bot to their account yet (Settings → Telegram Business → Chatbots).")
        case .telegramBusinessNoReply: ("без права отвечать", "may not reply")
        case .telegramBusinessOff: ("отключён владельцем", "disconnected by the owner")
        case .contactUnreachable: ("недоступен: заблокировал бота", "unreachable: blocked the bot")
        case .stateActive: ("работает", "active")
        case .statePaused: ("приостановлено", "paused")
        case .stateFailing: ("ошибка", "failing")
        }
    }
}

extension ConsoleContext {
    /// A string of the channels page in the page's language, with its `%@` placeholders filled in order.
    func t(_ key: ChannelsText, _ values: String...) -> String { ConsoleContext.filling(key.text(language), with: values) }
}
