import Foundation
import Mustache

/// The prompt templates shipped with Sauda (Mustache files, one per purpose).
public struct PromptLibrary: Sendable {
    /// A prompt of the library.
    public enum Name: String, Sendable, CaseIterable {
        /// The moderator (classification).
        case moderator
        /// The sales agent.
        case salesAgent = "sales_agent"
        case followUp = "follow_up"
    }

    /// A template that is missing or does not parse.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        /// The file.
        public var file: String
        /// What is wrong.
        public var reason: String
        /// Readable description.
        public var description: String { "prompt template \(file): \(reason)" }
    }

    private let templates: [Name: MustacheTemplate]

    /// Loads the shipped templates.
    /// - Throws: ``LoadError`` naming the file.
    public init() throws(LoadError) {
        var templates: [Name: MustacheTemplate] = [:]
        for name in Name.allCases {
            let file = "Prompts/\(name.rawValue).mustache"
            guard let url = Bundle.module.url(forResource: name.rawValue, withExtension: "mustache", subdirectory: "Prompts"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw LoadError(file: file, reason: "not found in the package resources")
            }
            do { templates[name] = try MustacheTemplate(string: text) } catch {
                throw LoadError(file: file, reason: "\(error)")
            }
        }
        self.templates = templates
    }

    /// Renders a prompt with string values.
    public func render(_ name: Name, _ values: [String: String]) -> String {
        templates[name]?.render(values) ?? ""
    }
}

extension MustacheTemplate: @retroactive @unchecked Sendable {}
