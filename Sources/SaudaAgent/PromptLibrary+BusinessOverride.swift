import Foundation
import SaudaCore

extension PromptLibrary {
    /// Checks a business's prompt override (business settings' `prompt_overrides`) exactly as a template file is
    /// checked when it is loaded: every placeholder must be one the code fills, no partials, every tag closed.
    /// - Returns: `nil` when the override is usable, else why not, with its line («line 3: unknown placeholder …»).
    public static func overrideProblem(name: String, template: String) -> String? {
        guard let prompt = Name(rawValue: name) else {
            return "no prompt is named «\(name)»; the prompts are " + Name.allCases.map(\.rawValue).joined(separator: ", ")
        }
        do {
            _ = try compile(template, name: prompt, file: "prompt_overrides.\(name)")
            return nil
        } catch {
            return (error.line.map { "line \($0): " } ?? "") + error.reason
        }
    }

    /// Renders a template for a tenant whose business overrides it (its settings' `prompt_overrides`, by the
    /// template's name): the override when it passes the template check, else as ``render(_:tenantID:_:)``.
    public func render(_ name: Name, tenantID: String?, overrides: [String: String], _ values: [String: String]) -> String {
        guard let text = overrides[name.rawValue], let template = BusinessPromptTemplates.shared.template(name, text: text) else {
            return render(name, tenantID: tenantID, values)
        }
        return template.render(values)
    }

    /// ``overrideProblem(name:template:)`` as business settings take it.
    public static let businessOverrideCheck: BusinessSettings.PromptCheck = { name, template in
        overrideProblem(name: name, template: template)
    }
}
