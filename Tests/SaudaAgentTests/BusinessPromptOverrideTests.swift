import SaudaAgent
import SaudaCore
import Testing

/// A business's prompt overrides are checked as template files are: an unknown placeholder is refused with its line.
@Suite struct BusinessPromptOverrideTests {
    @Test func aKnownPlaceholderPassesAndAnUnknownOneIsRefusedWithItsLine() {
        #expect(PromptLibrary.overrideProblem(name: "sales_agent", template: "Вы продавец {{business_name}}.\n{{conversation_history}}") == nil)
        let problem = PromptLibrary.overrideProblem(name: "sales_agent", template: "Вы продавец.\n\n{{shop_adress}}")
        #expect(problem?.hasPrefix("line 3: unknown placeholder «shop_adress»; this template can use business_name") == true, "\(problem ?? "")")
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
