import SaudaAgent
import SaudaCore
import Testing

/// A business's prompt overrides are checked as template files are: an unknown placeholder is refused with its line.
@Suite struct BusinessPromptOverrideTests {
    @Test func aKnownPlaceholderPassesAndAnUnknownOneIsRefusedWithItsLine() {
        #expect(PromptLibrary.overrideProblem(name: "sales_agent", template: "Вы продавец {{business_name}}.\n{{conversation_history}}") == nil)
        let problem = PromptLibrary.overrideProblem(name: "sales_agent", template: "Вы продавец.\n\n{{shop_adress}}")
        #expect(problem?.hasPrefix("line 3: unknown placeholder «shop_adress»; this template can use business_description, business_name") == true, "\(problem ?? "")")
    }

    @Test func partialsUnclosedTagsAndUnknownPromptsAreRefused() {
        #expect(PromptLibrary.overrideProblem(name: "follow_up", template: "a\n{{> other}}") == "line 2: partials ({{> other}}) are not supported in prompts")
        #expect(PromptLibrary.overrideProblem(name: "moderator", template: "{{business_name") == "line 1: a tag opened with {{ is not closed")
        #expect(PromptLibrary.overrideProblem(name: "greeting", template: "hi")
                == "no prompt is named «greeting»; the prompts are moderator, sales_agent, follow_up, reply_intent")
    }

    @Test func businessSettingsUseTheSameCheck() {
        var settings = BusinessSettings.installationDefaults(SaudaSettings())
        settings.promptOverrides = ["reply_intent": "{{client_message}}\n{{business_nam}}"]
        let problems = settings.problems(checkingPrompt: PromptLibrary.businessOverrideCheck)
        #expect(problems.map(\.field) == ["prompt_overrides.reply_intent"])
        #expect(problems.first?.reason.hasPrefix("line 2: unknown placeholder «business_nam»") == true)
    }
}

/// A business's prompt override is what its turns render.
@Suite struct BusinessPromptRenderingTests {
    @Test func aBusinessOverrideReplacesTheTemplateAndAnUnusableOneIsIgnored() throws {
        let library = try PromptLibrary()
        let values = ["business_name": "Эво", "client_message": "да", "last_bot_message": "Оформим?"]
        let shipped = library.render(.replyIntent, tenantID: "default", values)
        #expect(library.render(.replyIntent, tenantID: "default", overrides: [:], values) == shipped)
        #expect(library.render(.replyIntent, tenantID: "default", overrides: ["reply_intent": "{{business_name}}: {{client_message}}"], values)
                == "Эво: да")
        #expect(library.render(.replyIntent, tenantID: "default", overrides: ["sales_agent": "x"], values) == shipped, "another prompt's override")
        #expect(library.render(.replyIntent, tenantID: "default", overrides: ["reply_intent": "{{nope}}"], values) == shipped,
                "an override that fails the check is not used")
    }
}
