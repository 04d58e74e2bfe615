import Foundation

/// The strings of the console's catalogue page, in Russian and English (kept apart from ``ConsoleText`` so the page's
/// texts live next to it; the navigation's title is ``ConsoleText/navCatalogue``).
enum CatalogueText: ConsoleTextTable {
    case catalogueHint, catalogueEmpty, catalogueName, catalogueCurrency, catalogueRevision, catalogueUpdated
    case catalogueCategories, catalogueProducts, catalogueFits, catalogueOptions
    case catalogueCategory, catalogueID, catalogueProductName, cataloguePrice, catalogueAvailability, catalogueSearch, catalogueNoMatch
    case availabilityInStock, availabilityOnOrder, availabilityOutOfStock
    case catalogueExportCSV, catalogueExportJSON, catalogueImport, catalogueImportHint, catalogueFile, catalogueFormat, catalogueFormatAuto
    case catalogueDefaultCurrency, catalogueImportButton, catalogueSave, catalogueOperatorsEdit, catalogueAdminsImport, catalogueConfirmImport
    case catalogueNoFile, catalogueUnknownFormat, catalogueBadCurrency, catalogueTooLarge
    case catalogueImported, catalogueCounts, catalogueSkipped, catalogueNothingLoaded, catalogueProblems, catalogueMoreProblems, catalogueSavedProduct


    // swiftlint:disable:next cyclomatic_complexity function_body_length
    var pair: (String, String) {
        switch self {
        case .catalogueHint: ("Товары и услуги, цены и наличие, по которым агент отвечает клиентам. Изменения агент видит в течение 10 секунд.",
                              "The products and services, prices and availability the agent answers from. The agent sees changes within 10 seconds.")
        case .catalogueEmpty: ("Каталога пока нет: загрузите файл CSV, JSON или YML.", "No catalogue yet: upload a CSV, JSON or YML file.")
        case .catalogueName: ("Название", "Name")
        case .catalogueCurrency: ("Валюта", "Currency")
        case .catalogueRevision: ("Версия", "Revision")
        case .catalogueUpdated: ("Обновлён", "Updated")
        case .catalogueCategories: ("Категорий", "Categories")
        case .catalogueProducts: ("Товаров", "Products")
        case .catalogueFits: ("Совместимость", "Vehicle fits")
        case .catalogueOptions: ("Опции", "Options")
        case .catalogueCategory: ("Категория", "Category")
        case .catalogueID: ("Артикул", "ID")
        case .catalogueProductName: ("Товар", "Product")
        case .cataloguePrice: ("Цена", "Price")
        case .catalogueAvailability: ("Наличие", "Availability")
        case .catalogueSearch: ("Артикул или название", "ID or name")
        case .catalogueNoMatch: ("Ничего не найдено.", "Nothing matches.")
        case .availabilityInStock: ("в наличии", "in stock")
        case .availabilityOnOrder: ("под заказ", "on order")
        case .availabilityOutOfStock: ("нет в наличии", "out of stock")
        case .catalogueExportCSV: ("Скачать CSV", "Download CSV")
        case .catalogueExportJSON: ("Скачать JSON", "Download JSON")
        case .catalogueImport: ("Загрузить каталог", "Import a catalogue")
        case .catalogueImportHint: ("Файл заменяет весь каталог. Строки с ошибками пропускаются и перечисляются по номерам, остальные загружаются. "
                                    + "Форматы: CSV, JSON, YML (фид Яндекс Маркета), до %@ МБ; описание — docs/catalogue.md.",
                                    "The file replaces the whole catalogue. Bad rows are skipped and listed by line; the rest load. "
                                    + "Formats: CSV, JSON, YML (the Yandex Market feed), up to %@ MB; see docs/catalogue.md.")
        case .catalogueFile: ("Файл", "File")
        case .catalogueFormat: ("Формат", "Format")
        case .catalogueFormatAuto: ("по расширению", "from the extension")
        case .catalogueDefaultCurrency: ("Валюта, если в файле нет (KGS, KZT, RUB)", "Currency when the file names none (KGS, KZT, RUB)")
        case .catalogueImportButton: ("Загрузить", "Import")
        case .catalogueSave: ("Сохранить", "Save")
        case .catalogueOperatorsEdit: ("Цену и наличие меняют операторы и администраторы.", "Operators and admins change prices and availability.")
        case .catalogueAdminsImport: ("Загружать каталог может только администратор.", "Only an admin can import a catalogue.")
        case .catalogueConfirmImport: ("Заменить весь каталог содержимым файла?", "Replace the whole catalogue with the file?")
        case .catalogueNoFile: ("Выберите файл каталога.", "Choose a catalogue file.")
        case .catalogueUnknownFormat: ("Не удалось понять формат файла «%@»: выберите CSV, JSON или YML.",
                                       "Cannot tell the format of «%@»: choose CSV, JSON or YML.")
        case .catalogueBadCurrency: ("«%@» — не код валюты: напишите три буквы, например KGS, KZT или RUB.",
                                     "«%@» is not a currency code: write three letters such as KGS, KZT or RUB.")
        case .catalogueTooLarge: ("Файл больше %@ МБ и не загружен; каталог не изменился.",
                                  "The file is larger than %@ MB and was not imported; the catalogue is unchanged.")
        case .catalogueImported: ("Каталог загружен из «%@»: %@ (версия %@).", "The catalogue was imported from «%@»: %@ (revision %@).")
        case .catalogueCounts: ("товаров: %@, категорий: %@, совместимостей: %@, опций: %@", "%@ products in %@ categories, %@ vehicle fits, %@ options")
        case .catalogueSkipped: ("Пропущено строк: %@.", "Rows skipped: %@.")
        case .catalogueNothingLoaded: ("Из «%@» не загружено ни одной строки (пропущено %@); каталог не изменился.",
                                       "Nothing in «%@» could be loaded (%@ rows skipped); the catalogue is unchanged.")
        case .catalogueProblems: ("Ошибки в файле", "Problems in the file")
        case .catalogueMoreProblems: ("…и ещё %@.", "…and %@ more.")
        case .catalogueSavedProduct: ("Сохранено: %@ — %@, %@ (версия каталога %@).", "Saved: %@ — %@, %@ (catalogue revision %@).")
        }
    }
}

extension ConsoleContext {
    /// A string of the catalogue page in the page's language, with its `%@` placeholders filled in order.
    func t(_ key: CatalogueText, _ values: String...) -> String { Self.filling(key.text(language), with: values) }
}
