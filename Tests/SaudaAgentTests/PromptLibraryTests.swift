import Foundation
import Mustache
@testable import SaudaAgent
import SaudaTestSupport
import Testing

/// The prompt templates: the shipped ones load, overrides apply per tenant, and a bad template stops the start
/// with its file and line.
@Suite struct PromptLibraryTests {
    @Test func theShippedTemplatesUseOnlyTheirPlaceholders() throws {
        let library = try PromptLibrary()
        let prompt = library.render(.followUp, ["touch_number": "3", "business_name": "АвтоКоврик"])
        #expect(prompt.contains("Это КАСАНИЕ #3 из 5"))
        #expect(prompt.contains("компании АвтоКоврик"))
        #expect(library.render(.salesAgent, ["new_message": "Сколько стоит?"]).contains("Сколько стоит?"))
    }

    /// Values with every character Mustache escapes in `{{name}}`, emoji and lines.
    static let trickyValues: [String: String] = [
        "business_name": "Tom & Jerry's <shop>", "new_message": "\"Сколько\" стоит?\nА доставка? 😊👍🏽", "knowledge_base": "## EVA\nЦена 25 000 ₸ & <b>",
        "spin_stage": "проблема <2>", "time_zone": "Asia/Almaty", "working_hours": "10:00–18:00", "current_datetime": "23.11.2026 17:00",
        "conversation_history": "Клиент: «привет»\nБот: 'здравствуйте'", "touch_number": "3", "contact_name": "Айгүл & Co",
        "last_bot_message": "Оформляем? <да/нет>", "client_message": "ну \"в принципе\" можно & 👍",
    ]

    @Test func templatesRenderExactlyAsMustacheDoes() throws {
        let prompts = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/SaudaAgent/Prompts").standardized
        var texts = try PromptLibrary.Name.allCases.map { try String(contentsOf: prompts.appendingPathComponent("\($0.rawValue).mustache"), encoding: .utf8) }
        #expect(texts.count == 4)
        let variablesOnly = ["Компания {{{business_name}}} — {{spin_stage}}, {{&time_zone}}, {{{ new_message }}}!\n{{missing}}.",
                             "{{business_name}}{{business_name}}", "", "без тегов"]
        let needingMustache = ["{{#business_name}}Есть {{business_name}}{{/business_name}}{{^x}}нет{{/x}}\n  {{! comment }}\nконец",
                               "{{=<% %>=}}<% business_name %> {{business_name}}", "{{! только комментарий }}{{{business_name}}}"]
        texts += variablesOnly + needingMustache
        for text in texts {
            let template = try PromptTemplate(text)
            let expected = try MustacheTemplate(string: text).render(Self.trickyValues)
            #expect(template.render(Self.trickyValues) == expected, "\(text.prefix(60))")
            #expect(template.render([:]) == (try MustacheTemplate(string: text).render([String: String]())), "\(text.prefix(60))")
            #expect(template.rendersThroughMustache == needingMustache.contains(text), "\(text.prefix(60))")
        }
    }

    @Test func anOverrideReplacesATemplateForEveryTenantOrForOne() async throws {
        try await withTemporaryDirectory { directory in
            try "Общий модератор для {{{business_name}}}".write(to: directory.appendingPathComponent("moderator.mustache"), atomically: true, encoding: .utf8)
            let tenant = directory.appendingPathComponent("shop-2")
            try FileManager.default.createDirectory(at: tenant, withIntermediateDirectories: true)
            try "Продавец магазина {{{business_name}}}: {{{new_message}}}".write(to: tenant.appendingPathComponent("sales_agent.mustache"),
                                                                                 atomically: true, encoding: .utf8)
            let library = try PromptLibrary(overridesDirectory: directory)
            #expect(library.render(.salesAgent, tenantID: "shop-2", ["business_name": "Цветы", "new_message": "Привет"]) == "Продавец магазина Цветы: Привет")
            #expect(library.render(.salesAgent, tenantID: "default", ["new_message": "Привет"]).contains("ВАЖНЫЕ ПРАВИЛА"), "the shipped one elsewhere")
            #expect(library.render(.moderator, tenantID: "default", ["business_name": "АвтоКоврик"]) == "Общий модератор для АвтоКоврик")
            #expect(library.render(.moderator, tenantID: "shop-2", ["business_name": "Цветы"]) == "Общий модератор для Цветы")
            #expect(library.isOverridden(.salesAgent, tenantID: "shop-2") && !library.isOverridden(.salesAgent, tenantID: "default"))
        }
    }

    @Test func anUnknownPlaceholderNamesTheFileAndLine() async throws {
        try await withTemporaryDirectory { directory in
            let tenant = directory.appendingPathComponent("shop-3")
            try FileManager.default.createDirectory(at: tenant, withIntermediateDirectories: true)
            let file = tenant.appendingPathComponent("follow_up.mustache")
            try "Касание {{touch_number}}\n\nКлиент: {{{client_name}}}\n".write(to: file, atomically: true, encoding: .utf8)
            let error = #expect(throws: PromptLibrary.LoadError.self) { try PromptLibrary(overridesDirectory: directory) }
            #expect(error?.file == file.path)
            #expect(error?.line == 3)
            #expect(error?.description.contains("unknown placeholder «client_name»") == true)
            #expect(error?.description.contains("touch_number") == true, "it lists what the template can use")
        }
    }

    @Test func partialsUnclosedTagsAndAMissingDirectoryAreRefused() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("moderator.mustache")
            try "Строка\n{{> header}}".write(to: file, atomically: true, encoding: .utf8)
            let partial = #expect(throws: PromptLibrary.LoadError.self) { try PromptLibrary(overridesDirectory: directory) }
            #expect(partial?.line == 2)
            try "Строка\nещё {{business_name".write(to: file, atomically: true, encoding: .utf8)
            let unclosed = #expect(throws: PromptLibrary.LoadError.self) { try PromptLibrary(overridesDirectory: directory) }
            #expect(unclosed?.line == 2)
            #expect(unclosed?.reason.contains("not closed") == true)
        }
        let missing = #expect(throws: PromptLibrary.LoadError.self) {
            try PromptLibrary(overridesDirectory: URL(fileURLWithPath: "/nonexistent/prompts"))
        }
        #expect(missing?.reason.contains("does not exist") == true)
    }

    @Test func tagsAreScannedWithTheirLines() {
        let tags = MustacheTags.scan("a {{x}}\n{{{y}}} {{! note }}\n{{#s}}{{/s}} {{& z }}")
        #expect(tags.map(\.name) == ["x", "y", "! note", "s", "s", "z"])
        #expect(tags.map(\.line) == [1, 2, 2, 3, 3, 3])
        #expect(tags.map(\.kind) == [.variable, .variable, .comment, .section, .section, .variable])
    }
}
