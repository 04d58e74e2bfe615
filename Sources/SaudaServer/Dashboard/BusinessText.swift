import Foundation

/// The strings of the console's business page, in Russian and English (kept apart from ``ConsoleText`` so the page's
/// texts live next to it; the navigation's title is ``ConsoleText/navBusiness``).
enum BusinessText: ConsoleTextTable {
    case businessHint, businessName, businessTimeZone, businessDescription, businessWeek, businessWeekHint
    case businessHolidays, businessHolidaysHint, businessLanguages, businessFollowUps, businessFollowUpIntervals
    case businessSave, businessSaved, businessCRM, businessNoCRM, businessCRMCredentials, businessExport, businessExportHint
    case businessRevision, on, off


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
        case .businessNoCRM: ("CRM не подключена (подключается через API: PUT /api/v1/crm).", "No CRM is connected (connect one through the API: PUT /api/v1/crm).")
        case .businessCRMCredentials: ("Ключ", "Credentials")
        case .businessExport: ("Выгрузить все данные бизнеса (JSON)", "Download all of the business's data (JSON)")
        case .businessExportHint: ("Все таблицы бизнеса одним файлом: контакты, сообщения, лиды, настройки.",
                                   "Every table of the business in one file: contacts, messages, leads, settings.")
        case .businessRevision: ("Версия настроек: %@", "Settings revision: %@")
        case .on: ("включены", "on")
        case .off: ("выключены", "off")
        }
    }
}

extension ConsoleContext {
    /// A string of the business page in the page's language, with its `%@` placeholders filled in order.
    func t(_ key: BusinessText, _ values: String...) -> String { ConsoleContext.filling(key.text(language), with: values) }
}
