import Foundation

/// The strings of the console's business page, in Russian and English (kept apart from ``ConsoleText`` so the page's
/// texts live next to it; the navigation's title is ``ConsoleText/navBusiness``).
enum BusinessText: ConsoleTextTable {
    case businessHint, businessName, businessTimeZone, businessDescription, businessWeek, businessWeekHint
    case businessHolidays, businessHolidaysHint, businessLanguages, businessFollowUps, businessFollowUpIntervals
    case businessSave, businessSaved, businessCRM, businessNoCRM, businessCRMCredentials, businessExport, businessExportHint
    case businessRevision, on, off
    case businessModel, businessModelHint, businessModelProvider, businessModelName, businessModelDefault, businessModelKey
    case businessModelKeyHint, businessModelKeyNone, businessModelKeyRemove, businessModelSave, businessModelSaved
    case businessCRMType, businessCRMBaseURL, businessCRMMapping, businessCRMMappingHint, businessCRMCredentialsHint, businessCRMState
    case businessCRMSave, businessCRMSaved, businessCRMRemove, businessCRMRemoved, businessCRMCredentialsRequired, businessCRMMappingInvalid
    case businessCRMSettings, businessCRMSettingsHint, businessCRMDikidi, businessCRMWebhook, businessCRMWebhookHint, businessCRMSync
    case businessCRMDeadLetters, businessCRMRetried, businessCRMSettingsInvalid
    case businessPrompts, businessPromptsHint, businessPromptOverride, businessPromptSave, businessPromptSaved, businessPromptFromFile

    // swiftlint:disable:next cyclomatic_complexity
    var pair: (String, String) {
        switch self {
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
        case .businessNoCRM: ("CRM не подключена.", "No CRM is connected.")
        case .businessCRMCredentials: ("Ключ", "Credentials")
        case .businessExport: ("Выгрузить все данные бизнеса (JSON)", "Download all of the business's data (JSON)")
        case .businessExportHint: ("Все таблицы бизнеса одним файлом: контакты, сообщения, лиды, настройки.",
                                   "Every table of the business in one file: contacts, messages, leads, settings.")
        case .businessRevision: ("Версия настроек: %@", "Settings revision: %@")
        case .businessModel: ("Модель", "Model")
        case .businessModelHint: ("Какая языковая модель отвечает клиентам этого бизнеса. Пусто — модель установки.",
                                  "Which language model answers this business's customers. Empty: the installation's model.")
        case .businessModelProvider: ("Провайдер", "Provider")
        case .businessModelName: ("Название модели", "Model name")
        case .businessModelDefault: ("как у установки", "the installation's")
        case .businessModelKey: ("Свой API-ключ провайдера", "Own API key of the provider")
        case .businessModelKeyHint: ("Хранится зашифрованным и никогда не показывается; пустое поле оставляет ключ как есть. Сейчас: %@",
                                     "Stored sealed and never shown; an empty field keeps the key. Now: %@")
        case .businessModelKeyNone: ("нет (ключ установки)", "none (the installation's key)")
        case .businessModelKeyRemove: ("Удалить свой ключ", "Remove the own key")
        case .businessModelSave: ("Сохранить модель", "Save the model")
        case .businessModelSaved: ("Модель сохранена.", "The model was saved.")
        case .businessCRMType: ("Тип CRM", "CRM type")
        case .businessCRMSettings: ("Настройки CRM (JSON)", "CRM settings (JSON)")
        case .businessCRMSettingsHint: ("Например {\"company_id\": \"558795\"} для YCLIENTS, {\"base_id\": \"app…\", \"table\": \"Leads\"} для Airtable — см. docs/crm",
                                        "E.g. {\"company_id\": \"558795\"} for YCLIENTS, {\"base_id\": \"app…\", \"table\": \"Leads\"} for Airtable — see docs/crm")
        case .businessCRMDikidi: ("У DIKIDI нет открытого API, поэтому Sauda не может к нему подключиться: отправляйте клиентам ссылку на онлайн-запись.",
                                  "DIKIDI has no public API, so Sauda cannot connect to it: send customers the online-booking link instead.")
        case .businessCRMWebhook: ("Адрес для событий CRM", "Address for the CRM's events")
        case .businessCRMWebhookHint: ("Укажите его в настройках вебхуков CRM: отмены и переносы записей, смена этапа сделки. Адрес содержит секрет.",
                                       "Set it in the CRM's webhook settings: cancelled and moved bookings, a deal's stage. The address holds a secret.")
        case .businessCRMSync: ("Ждут отправки: %@ · не переданы: %@", "Waiting: %@ · given up: %@")
        case .businessCRMDeadLetters: ("Не переданы в CRM", "Given up")
        case .businessCRMRetried: ("Запись снова поставлена в очередь в CRM.", "The record is queued for the CRM again.")
        case .businessCRMSettingsInvalid: ("Настройки CRM должны быть JSON-объектом с текстовыми значениями.", "The CRM settings must be a JSON object of texts.")
        case .businessCRMBaseURL: ("Адрес API", "API address")
        case .businessCRMMapping: ("Соответствие полей (JSON)", "Field mapping (JSON)")
        case .businessCRMMappingHint: ("Объект: поле Sauda → поле CRM, например {\"phone\": \"PHONE\"}", "An object: Sauda's field → the CRM's, e.g. {\"phone\": \"PHONE\"}")
        case .businessCRMCredentialsHint: ("Хранится зашифрованным и никогда не показывается; пустое поле оставляет ключ как есть. Сейчас: %@",
                                           "Stored sealed and never shown; an empty field keeps them. Now: %@")
        case .businessCRMState: ("Состояние", "State")
        case .businessCRMSave: ("Сохранить подключение", "Save the connection")
        case .businessCRMSaved: ("Подключение CRM сохранено.", "The CRM connection was saved.")
        case .businessCRMRemove: ("Удалить подключение", "Remove the connection")
        case .businessCRMRemoved: ("Подключение CRM удалено.", "The CRM connection was removed.")
        case .businessCRMCredentialsRequired: ("credentials: нужен ключ для нового подключения", "credentials: a new connection needs them")
        case .businessCRMMappingInvalid: ("field_mapping: нужен JSON-объект из строк", "field_mapping: must be a JSON object of strings")
        case .businessPrompts: ("Промпты", "Prompts")
        case .businessPromptsHint: ("Свой шаблон вместо файла; пустое поле возвращает шаблон из файла. Неизвестный плейсхолдер отклоняется с номером строки. Можно использовать: %@",
                                    "A template of the business's own instead of the file; an empty field goes back to the file. An unknown placeholder is refused with its line. Placeholders: %@")
        case .businessPromptOverride: ("Свой шаблон", "Own template")
        case .businessPromptSave: ("Сохранить промпт", "Save the prompt")
        case .businessPromptSaved: ("Промпт сохранён.", "The prompt was saved.")
        case .businessPromptFromFile: ("из файла", "from the file")
        case .on: ("включены", "on")
        case .off: ("выключены", "off")
        }
    }
}

extension ConsoleContext {
    /// A string of the business page in the page's language, with its `%@` placeholders filled in order.
    func t(_ key: BusinessText, _ values: String...) -> String { ConsoleContext.filling(key.text(language), with: values) }
}
