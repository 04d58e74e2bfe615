import Foundation
import Synchronization

/// Business prompt overrides (business settings' `prompt_overrides`) compiled once per text: a turn renders the
/// override of its business without parsing it again.
final class BusinessPromptTemplates: Sendable {
    /// The templates of every process's business overrides.
    static let shared = BusinessPromptTemplates()

    private let compiled = Mutex<[String: PromptTemplate]>([:])

    /// The compiled override, `nil` when it does not pass the template check (the shipped or file template is used).
    func template(_ name: PromptLibrary.Name, text: String) -> PromptTemplate? {
        let key = name.rawValue + "\u{0}" + text
        if let template = compiled.withLock({ $0[key] }) { return template }
        guard let template = try? PromptLibrary.compile(text, name: name, file: "prompt_overrides.\(name.rawValue)") else { return nil }
        compiled.withLock { cache in
            if cache.count > 1_000 { cache.removeAll() }
            cache[key] = template
        }
        return template
    }
}
