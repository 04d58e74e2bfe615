/// Every string of the console's interface, in Russian and English: one table, checked by the compiler (a key
/// without both texts does not build).
enum ConsoleText: CaseIterable, Sendable {
    case navToday, navConversations, navLeads, navFollowUps, navCalls, navWhitelist, navKnowledge, navAlerts
    case tenant, logout, roleViewer, roleOperator, roleAdmin, backToToday
    case loginTitle, loginHint, tokenLabel, loginButton, loginFailed, loginNewToken
    case emailLabel, passwordLabel, orWithToken, accountFailed, accountWithoutBusiness, tooManySignIns
    case navBusiness, businessHint, businessName, businessTimeZone, businessDescription, businessWeek, businessWeekHint, businessHolidays,
         businessHolidaysHint, businessLanguages, businessFollowUps, businessFollowUpIntervals, businessSave, businessSaved,
         businessCRM, businessNoCRM, businessCRMCredentials, businessExport, businessExportHint, businessRevision, on, off
    case foreignOrigin, serverError, formTooLarge, forbiddenTitle, roleTooLow, notFoundTitle, notFoundText, problemTitle
    case justNow, minutesAgo, today, previous, next, pageNumber
    case received, sent, voiceNotes, failedSends, takenOver, callsToday, callsTomorrow, todaySince
    case contactsByStatus, queues, queue, waiting, deadLetters, modelToday, tokens, purpose, calls, inputTokens, outputTokens, meanMs
    case noModelCalls, modelNoWait, modelWaiting, modelPaused, modelRate, modelNoRate
    case statusClient, statusNotClient, statusUnknown, channelWebchat, someone, pausedUntil, botAnswers, operatorAnswers, anyoneAnswers
    case allStatuses, allChannels, search, searchPlaceholder, status, channel, whoAnswers, apply, liveUpdates
    case contact, messagesCount, lastActivity, noConversations, noMessages, authorBot, authorOperator
    case voiceNote, deliveryQueued, deliverySent, deliveryDelivered, deliveryRead, deliveryFailed, showWholeText, wholeMessage
    case intentAnswer, intentYes, intentNo, intentUnsure, intentOther, intentByRules, intentByModel, intentByFallback
    case takeOver, takeOverFor, hourShort, handBack, operatorSince, botAnswersHere, takeOverToWrite, viewerCannotWrite, writeAsBusiness, send
    case flashTaken, flashHanded, flashSent
    case verdict, notClassifiedYet, leadDetails, noLeadDetails, noFollowUp, bookedCalls, noCalls
    case agentActivity, toolCalls, modelCalls, noToolCalls, arguments, result, error, time, model, ms, outcome
    case followUpsHint, noFollowUps, touch, touchNumber, touchOf, nextTouch, lastTouch
    case thisWeek, callsCount, noCallsThisDay
    case whitelistHint, whitelistEmpty, phone, note, notePlaceholder, addNumber, add, remove, adminOnly, flashAdded, flashRemoved
    case navCatalogue
    case knowledgeHint, knowledgeEmpty, document, characters, updated, addDocument, replaceDocument, documentName, documentText
    case documentTextPlaceholder, orUpload, save, confirmDelete, badUpload, flashSaved, flashUnchanged
    case alertsHint, noOpenAlerts, noAlerts, reason, summary, openAlerts, allAlerts, resolve, resolved, resolvedBy, openConversation
    case alertAskedForHuman, alertCannotAnswer, alertOrderPlaced, alertCallBooked, flashResolved, alertsBadgeTitle
    case leadsHint, leadsSearchPlaceholder, noLeads, allStages, stage, customerName, need, priceQuoted, bookedCall, source, captured, exportCSV, dateFrom, dateTo
    case stageNew, stageQualified, stageOrdered, stageBooked, stageWon, stageLost, setStage, flashStageSet, badDate, badStage

    /// The text in `language`.
    func text(_ language: ConsoleLanguage) -> String {
        let (ru, en) = pair
        return language == .ru ? ru : en
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private var pair: (String, String) {
        switch self {
        case .navToday: ("Сегодня", "Today")
        case .navConversations: ("Диалоги", "Conversations")
        case .navLeads: ("Лиды", "Leads")
        case .navFollowUps: ("Напоминания", "Follow-ups")
        case .navCalls: ("Звонки", "Calls")
        case .navWhitelist: ("Белый список", "Whitelist")
        case .navKnowledge: ("База знаний", "Knowledge base")
        case .navAlerts: ("Нужен человек", "Needs a human")
        case .tenant: ("Бизнес", "Business")
        case .logout: ("Выйти", "Sign out")
        case .roleViewer: ("наблюдатель", "viewer")
        case .roleOperator: ("оператор", "operator")
        case .roleAdmin: ("администратор", "admin")
        case .backToToday: ("На главную", "Back to the overview")
        case .loginTitle: ("Вход в консоль", "Sign in to the console")
        case .loginHint: ("Вставьте токен доступа. Первый токен администратора Sauda печатает при первом запуске «sauda serve».",
                          "Paste an access token. Sauda prints the first admin token when «sauda serve» starts for the first time.")
        case .tokenLabel: ("Токен", "Token")
        case .loginButton: ("Войти", "Sign in")
        case .loginFailed: ("Токен не подошёл: он неизвестен или отозван.", "That token is unknown or revoked.")
        case .loginNewToken: ("Новый токен:", "A new token:")
        case .navBusiness: ("Бизнес", "Business")
        case .businessHint: ("Название, часовой пояс, часы работы, праздники и касания бизнеса. Изменения действуют в течение нескольких секунд, без перезапуска.",
                             "The business's name, time zone, working hours, holidays and follow-ups. Changes take effect within seconds, without a restart.")
        case .businessName: ("Название (так бот называет бизнес)", "Name (as the bot calls the business)")
        case .businessTimeZone: ("Часовой пояс", "Time zone")
        case .businessDescription: ("Коротко о бизнесе", "A short description")
        case .businessWeek: ("Дни и часы работы", "Working days and hours")
        case .businessWeekHint: ("Например: mon-fri 10:00-18:00, sat 11:00-16:00; неназванные дни — выходные.",
                                 "For example: mon-fri 10:00-18:00, sat 11:00-16:00; days not named are closed.")
        case .businessHolidays: ("Праздники", "Holidays")
        case .businessHolidaysHint: ("Даты через запятую: 2027-01-01, 2027-03-08", "Dates separated by commas: 2027-01-01, 2027-03-08")
        case .businessLanguages: ("Языки агента", "The agent's languages")
        case .businessFollowUps: ("Касания молчащих клиентов", "Follow-ups of silent clients")
        case .businessFollowUpIntervals: ("Часы до каждого из пяти касаний", "Hours before each of the five touches")
        case .businessSave: ("Сохранить", "Save")
        case .businessSaved: ("Настройки сохранены.", "The settings were saved.")
        case .businessCRM: ("CRM", "CRM")
        case .businessNoCRM: ("CRM не подключена (подключается через API: PUT /api/v1/crm).", "No CRM is connected (connect one through the API: PUT /api/v1/crm).")
        case .businessCRMCredentials: ("Ключ", "Credentials")
        case .businessExport: ("Выгрузить все данные бизнеса (JSON)", "Download all of the business's data (JSON)")
        case .businessExportHint: ("Все таблицы бизнеса одним файлом: контакты, сообщения, лиды, настройки.",
                                   "Every table of the business in one file: contacts, messages, leads, settings.")
        case .businessRevision: ("Версия настроек: %@", "Settings revision: %@")
        case .on: ("включены", "on")
        case .off: ("выключены", "off")
        case .emailLabel: ("Email", "Email")
        case .passwordLabel: ("Пароль", "Password")
        case .orWithToken: ("Или войдите с токеном доступа", "Or sign in with an access token")
        case .accountFailed: ("Email или пароль не подошли.", "That email and password do not match an account.")
        case .accountWithoutBusiness: ("Эта учётная запись не состоит ни в одном бизнесе.", "This account belongs to no business.")
        case .tooManySignIns: ("Слишком много попыток входа. Подождите минуту и попробуйте снова.",
                               "Too many sign-in attempts. Wait a minute and try again.")
        case .foreignOrigin: ("Форма отправлена с другого сайта и отклонена.", "The form came from another site and was refused.")
        case .serverError: ("Что-то пошло не так на сервере. Попробуйте ещё раз.", "Something went wrong on the server. Please try again.")
        case .formTooLarge: ("Форма слишком большая: сократите текст или файл.", "The form is too large: shorten the text or the file.")
        case .forbiddenTitle: ("Недостаточно прав", "Not allowed")
        case .roleTooLow: ("Ваша роль — «%@»; для этого действия нужна роль «%@».", "Your role is «%@»; this needs the role «%@».")
        case .notFoundTitle: ("Не найдено", "Not found")
        case .notFoundText: ("Такого диалога или документа у вашего бизнеса нет.", "Your business has no such conversation or document.")
        case .problemTitle: ("Не получилось", "That did not work")
        case .justNow: ("только что", "just now")
        case .minutesAgo: ("%@ мин назад", "%@ min ago")
        case .today: ("сегодня", "today")
        case .previous: ("Назад", "Previous")
        case .next: ("Дальше", "Next")
        case .pageNumber: ("Страница %@", "Page %@")
        case .received: ("Получено", "Received")
        case .sent: ("Отправлено", "Sent")
        case .voiceNotes: ("Голосовых", "Voice notes")
        case .failedSends: ("Не доставлено", "Failed sends")
        case .takenOver: ("Чатов у операторов", "Chats taken over")
        case .callsToday: ("Звонков сегодня", "Calls today")
        case .callsTomorrow: ("Звонков завтра", "Calls tomorrow")
        case .todaySince: ("Показатели за", "Figures for")
        case .contactsByStatus: ("Контакты по статусу", "Contacts by status")
        case .queues: ("Очереди", "Queues")
        case .queue: ("Очередь", "Queue")
        case .waiting: ("Ждут", "Waiting")
        case .deadLetters: ("Ошибки (DLQ)", "Dead letters")
        case .modelToday: ("Модель сегодня", "Model today")
        case .tokens: ("токенов", "tokens")
        case .purpose: ("Назначение", "Purpose")
        case .calls: ("Вызовов", "Calls")
        case .inputTokens: ("Токены на входе", "Input tokens")
        case .outputTokens: ("Токены на выходе", "Output tokens")
        case .meanMs: ("Среднее, мс", "Mean ms")
        case .noModelCalls: ("Вызовов модели пока не было.", "No model calls yet.")
        case .modelNoWait: ("Сейчас модель отвечает без очереди: в работе %@.", "The model answers without a wait: %@ running.")
        case .modelWaiting: ("Ждут модели: %@ (ваших %@), дольше всех — %@ с; в работе %@.",
                             "Waiting for the model: %@ (yours %@), the longest for %@ s; %@ running.")
        case .modelPaused: ("Провайдер просит подождать ещё %@ с (ответ 429).", "The provider asks to wait %@ s more (429).")
        case .modelRate: ("Лимит провайдера сейчас: %@ вызовов в минуту.", "The provider's limit now: %@ calls a minute.")
        case .modelNoRate: ("Лимита вызовов в минуту нет.", "No limit of calls a minute.")
        case .statusClient: ("Клиент", "Client")
        case .statusNotClient: ("Не клиент", "Not a client")
        case .statusUnknown: ("Неизвестно", "Unknown")
        case .channelWebchat: ("Веб-чат", "Web chat")
        case .someone: ("оператор", "an operator")
        case .pausedUntil: ("Бот молчит до", "Bot paused until")
        case .botAnswers: ("Отвечает бот", "Bot answers")
        case .operatorAnswers: ("Отвечает оператор", "Operator answers")
        case .anyoneAnswers: ("Все чаты", "All chats")
        case .allStatuses: ("Все статусы", "All statuses")
        case .allChannels: ("Все каналы", "All channels")
        case .search: ("Поиск", "Search")
        case .searchPlaceholder: ("Имя, телефон или чат", "Name, phone or chat")
        case .status: ("Статус", "Status")
        case .channel: ("Канал", "Channel")
        case .whoAnswers: ("Кто отвечает", "Who answers")
        case .apply: ("Показать", "Apply")
        case .liveUpdates: ("Обновляется в реальном времени", "Updates live")
        case .contact: ("Контакт", "Contact")
        case .messagesCount: ("Сообщений", "Messages")
        case .lastActivity: ("Активность", "Last activity")
        case .noConversations: ("Диалогов не найдено.", "No conversations found.")
        case .noMessages: ("Сообщений пока нет.", "No messages yet.")
        case .authorBot: ("Бот", "Bot")
        case .authorOperator: ("Оператор", "Operator")
        case .voiceNote: ("голосовое", "voice")
        case .showWholeText: ("Показать полностью (%@ симв.)", "Show all (%@ characters)")
        case .wholeMessage: ("Сообщение целиком", "Whole message")
        case .intentAnswer: ("ответ", "answer")
        case .intentYes: ("да", "yes")
        case .intentNo: ("нет", "no")
        case .intentUnsure: ("не уверен", "unsure")
        case .intentOther: ("не ответ", "not an answer")
        case .intentByRules: ("правила", "rules")
        case .intentByModel: ("модель %@", "model %@")
        case .intentByFallback: ("правила: модель не ответила", "rules: the model did not answer")
        case .deliveryQueued: ("в очереди", "queued")
        case .deliverySent: ("отправлено", "sent")
        case .deliveryDelivered: ("доставлено", "delivered")
        case .deliveryRead: ("прочитано", "read")
        case .deliveryFailed: ("не доставлено", "failed")
        case .takeOver: ("Перехватить чат", "Take over")
        case .takeOverFor: ("На сколько", "For how long")
        case .hourShort: ("ч", "h")
        case .handBack: ("Вернуть боту", "Hand back")
        case .operatorSince: ("Чат ведёт %@: бот молчит.", "%@ has the chat: the bot is silent.")
        case .botAnswersHere: ("Бот отвечает в этом чате.", "The bot answers in this chat.")
        case .takeOverToWrite: ("Чтобы написать клиенту от имени бизнеса, перехватите чат.", "Take the chat over to write to the customer as the business.")
        case .viewerCannotWrite: ("Писать клиентам могут операторы и администраторы.", "Operators and admins can write to customers.")
        case .writeAsBusiness: ("Сообщение от имени бизнеса…", "Message as the business…")
        case .send: ("Отправить", "Send")
        case .flashTaken: ("Чат перехвачен: бот молчит, пока вы не вернёте чат.", "You have the chat: the bot stays silent until you hand it back.")
        case .flashHanded: ("Чат возвращён боту.", "The chat is back with the bot.")
        case .flashSent: ("Сообщение поставлено в очередь на отправку.", "The message is on its way.")
        case .verdict: ("Оценка модератора", "Moderator's verdict")
        case .notClassifiedYet: ("Модератор ещё не оценивал контакт.", "The moderator has not judged this contact yet.")
        case .leadDetails: ("О клиенте", "Lead details")
        case .noLeadDetails: ("Клиент пока ничего о себе не сообщил.", "Nothing recorded yet.")
        case .noFollowUp: ("Напоминаний нет.", "No follow-up running.")
        case .bookedCalls: ("Звонки", "Booked calls")
        case .noCalls: ("Звонков не назначено.", "No calls booked.")
        case .agentActivity: ("Работа агента", "Agent activity")
        case .toolCalls: ("Инструменты", "Tool calls")
        case .modelCalls: ("Вызовы модели", "Model calls")
        case .noToolCalls: ("Агент не вызывал инструменты.", "No tool calls.")
        case .arguments: ("Аргументы", "Arguments")
        case .result: ("Результат", "Result")
        case .error: ("ошибка", "error")
        case .time: ("Время", "Time")
        case .model: ("Модель", "Model")
        case .ms: ("мс", "ms")
        case .outcome: ("Итог", "Outcome")
        case .followUpsHint: ("Клиенты, которые замолчали: Sauda напомнит о себе до пяти раз, в рабочее время.",
                              "Clients who went quiet: Sauda reminds them up to five times, within working hours.")
        case .noFollowUps: ("Активных напоминаний нет.", "No follow-ups running.")
        case .touch: ("Касание", "Touch")
        case .touchNumber: ("Касание %@", "Touch %@")
        case .touchOf: ("следующее: %@ из 5", "next: %@ of 5")
        case .nextTouch: ("Следующее", "Next touch")
        case .lastTouch: ("Предыдущее", "Last touch")
        case .thisWeek: ("Эта неделя", "This week")
        case .callsCount: ("звонков", "calls")
        case .noCallsThisDay: ("Свободно", "Free")
        case .whitelistHint: ("Номера, которым бот никогда не отвечает: семья, сотрудники, партнёры.",
                              "Numbers the bot never answers: family, staff, partners.")
        case .whitelistEmpty: ("Список пуст.", "The list is empty.")
        case .phone: ("Телефон", "Phone")
        case .note: ("Заметка", "Note")
        case .notePlaceholder: ("например, бухгалтер", "e.g. accountant")
        case .addNumber: ("Добавить номер", "Add a number")
        case .add: ("Добавить", "Add")
        case .remove: ("Удалить", "Remove")
        case .adminOnly: ("Изменять это может только администратор.", "Only an admin can change this.")
        case .flashAdded: ("Номер добавлен.", "The number was added.")
        case .flashRemoved: ("Удалено.", "Removed.")
        case .knowledgeHint: ("Документы, по которым агент отвечает клиентам. Изменения подхватываются за несколько секунд.",
                              "The documents the agent answers from. Changes are picked up within seconds.")
        case .knowledgeEmpty: ("В базе знаний пока нет документов.", "The knowledge base has no documents yet.")
        case .document: ("Документ", "Document")
        case .characters: ("Символов", "Characters")
        case .updated: ("Обновлён", "Updated")
        case .addDocument: ("Добавить документ", "Add a document")
        case .replaceDocument: ("Изменить документ", "Replace this document")
        case .documentName: ("Название", "Name")
        case .documentText: ("Текст (Markdown или обычный текст)", "Text (Markdown or plain text)")
        case .documentTextPlaceholder: ("# Цены\n\nEVA коврики — от 18 000 ₸…", "# Prices\n\nEVA mats from 18 000 ₸…")
        case .orUpload: ("…или загрузите файл .txt / .md", "…or upload a .txt / .md file")
        case .save: ("Сохранить", "Save")
        case .confirmDelete: ("Удалить документ?", "Delete this document?")
        case .badUpload: ("Нужен текстовый файл .txt или .md в UTF-8 или Windows-1251.", "Upload a .txt or .md text file in UTF-8 or Windows-1251.")
        case .flashSaved: ("Документ сохранён.", "The document was saved.")
        case .flashUnchanged: ("Текст не изменился.", "The text did not change.")
        case .navCatalogue: ("Каталог", "Catalogue")
        case .alertsHint: ("Диалоги, где нужен человек: клиент попросил менеджера, бот не смог ответить, оформлен заказ или записан звонок. "
                           + "Ответьте клиенту и нажмите «Закрыто».",
                           "Conversations that need a person: the customer asked for one, the bot could not answer, an order was placed "
                           + "or a call booked. Answer the customer, then press Resolve.")
        case .noOpenAlerts: ("Открытых оповещений нет.", "No open alerts.")
        case .noAlerts: ("Оповещений пока не было.", "No alerts yet.")
        case .reason: ("Причина", "Reason")
        case .summary: ("Суть", "Summary")
        case .openAlerts: ("Открытые", "Open")
        case .allAlerts: ("Все", "All")
        case .resolve: ("Закрыто", "Resolve")
        case .resolved: ("закрыто", "resolved")
        case .resolvedBy: ("закрыл(а) %@", "resolved by %@")
        case .openConversation: ("Открыть диалог", "Open the conversation")
        case .alertAskedForHuman: ("Просит человека", "Asked for a person")
        case .alertCannotAnswer: ("Бот не смог ответить", "The bot could not answer")
        case .alertOrderPlaced: ("Новый заказ", "Order placed")
        case .alertCallBooked: ("Записан звонок", "Call booked")
        case .flashResolved: ("Оповещение закрыто.", "The alert was resolved.")
        case .alertsBadgeTitle: ("Открытые оповещения", "Open alerts")
        case .leadsHint: ("Клиенты, которых записал агент: имя, телефон, что хотят, цена, звонок. «Выиграно» и «Потеряно» ставит оператор.",
                          "Customers the agent captured: name, phone, what they want, the price, the call. An operator marks them won or lost.")
        case .leadsSearchPlaceholder: ("Имя, телефон или что хочет", "Name, phone or need")
        case .noLeads: ("Лидов не найдено.", "No leads found.")
        case .allStages: ("Все стадии", "All stages")
        case .stage: ("Стадия", "Stage")
        case .customerName: ("Имя", "Name")
        case .need: ("Что хочет", "Need")
        case .priceQuoted: ("Цена", "Price quoted")
        case .bookedCall: ("Звонок", "Booked call")
        case .source: ("Источник", "Source")
        case .captured: ("Создан", "Captured")
        case .exportCSV: ("Экспорт CSV", "Export CSV")
        case .dateFrom: ("С", "From")
        case .dateTo: ("По", "To")
        case .stageNew: ("Новый", "New")
        case .stageQualified: ("Квалифицирован", "Qualified")
        case .stageOrdered: ("Заказ", "Ordered")
        case .stageBooked: ("Звонок назначен", "Call booked")
        case .stageWon: ("Выиграно", "Won")
        case .stageLost: ("Потеряно", "Lost")
        case .setStage: ("Сменить стадию", "Set the stage")
        case .flashStageSet: ("Стадия лида изменена.", "The lead's stage was changed.")
        case .badDate: ("Дата должна быть в виде ГГГГ-ММ-ДД, а не «%@».", "A date must be written YYYY-MM-DD, not «%@».")
        case .badStage: ("Неизвестная стадия «%@».", "Unknown stage «%@».")
        }
    }
}
