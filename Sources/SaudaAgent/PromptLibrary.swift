import Foundation
import Mustache

/// The prompt templates (Mustache files), one per purpose, shipped in the package and overridable per tenant.
///
/// The package also ships templates of its own for the demo businesses (`Prompts/tenants/<tenant>/`: seed 000's shops
/// `evopoliki` and `5deluxe`); they apply to those tenant ids only, below any override of `PROMPTS_DIR`.
///
/// Overrides live in a directory (`PROMPTS_DIR`): `<dir>/<name>.mustache` replaces a template for every tenant,
/// `<dir>/<tenant>/<name>.mustache` for one tenant. Every template is checked when it is loaded: a placeholder
/// the code does not fill, a partial or a template that does not parse stops the start with the file and line.
public struct PromptLibrary: Sendable {
    /// The templates, by purpose.
    public enum Name: String, Sendable, CaseIterable {
        case moderator
        case salesAgent = "sales_agent"
        case followUp = "follow_up"
        case replyIntent = "reply_intent"

        /// The placeholders the code fills for this template.
        public var placeholders: Set<String> {
            switch self {
            case .moderator:
                ["business_name", "contact_business_name", "contact_name", "conversation_history", "full_name", "max_context", "min_messages"]
            case .salesAgent:
                ["business_description", "business_name", "conversation_history", "current_datetime", "funnel_state", "knowledge_base",
                 "languages", "new_message", "returning_customer", "spin_stage", "time_zone", "working_hours"]
            case .followUp:
                ["business_description", "business_name", "touch_number", "conversation_history", "languages", "last_bot_message",
                 "last_client_message", "follow_up_reason", "hours_since_last_message", "current_datetime"]
            case .replyIntent:
                ["business_name", "last_bot_message", "client_message"]
            }
        }
    }

    /// A template that cannot be used.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        /// The file.
        public var file: String
        /// The line of the problem, when it has one.
        public var line: Int?
        /// What is wrong.
        public var reason: String
        public var description: String { "prompt template \(file)\(line.map { ":\($0)" } ?? ""): \(reason)" }
    }

    private let shipped: [Name: PromptTemplate]
    private let shippedForTenants: [String: [Name: PromptTemplate]]
    private let overrides: [String: [Name: PromptTemplate]]
    private static let everyTenant = "*"

    /// Loads the shipped templates and the overrides in `overridesDirectory`, if given.
    /// - Throws: ``LoadError`` naming the file (and line) of the first unusable template.
    public init(overridesDirectory: URL? = nil) throws(LoadError) {
        var shipped: [Name: PromptTemplate] = [:]
        for name in Name.allCases {
            let file = "Prompts/\(name.rawValue).mustache"
            guard let url = Bundle.module.url(forResource: name.rawValue, withExtension: "mustache", subdirectory: "Prompts"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw LoadError(file: file, line: nil, reason: "not found in the package resources")
            }
            shipped[name] = try Self.compile(text, name: name, file: file)
        }
        self.shipped = shipped
        self.shippedForTenants = try Self.shippedTenantTemplates()
        var overrides: [String: [Name: PromptTemplate]] = [:]
        if let directory = overridesDirectory {
            let files = FileManager.default
            guard (try? directory.checkResourceIsReachable()) == true else {
                throw LoadError(file: directory.path, line: nil, reason: "the prompts directory does not exist")
            }
            let tenants = ((try? files.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.isDirectoryKey])) ?? [])
                .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
            for (tenant, folder) in [(Self.everyTenant, directory)] + tenants.map({ ($0.lastPathComponent, $0) }) {
                for name in Name.allCases {
                    let url = folder.appendingPathComponent("\(name.rawValue).mustache")
                    guard files.fileExists(atPath: url.path) else { continue }
                    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                        throw LoadError(file: url.path, line: nil, reason: "cannot be read as UTF-8 text")
                    }
                    overrides[tenant, default: [:]][name] = try Self.compile(text, name: name, file: url.path)
                }
            }
        }
        self.overrides = overrides
    }

    /// Renders a template for a tenant with the given values (its override, else the shipped one).
    public func render(_ name: Name, tenantID: String? = nil, _ values: [String: String]) -> String {
        let template = tenantID.flatMap { overrides[$0]?[name] } ?? overrides[Self.everyTenant]?[name]
            ?? tenantID.flatMap { shippedForTenants[$0]?[name] } ?? shipped[name]
        return template?.render(values) ?? ""
    }

    /// Whether a tenant's template is an override (for the admin view).
    public func isOverridden(_ name: Name, tenantID: String) -> Bool {
        overrides[tenantID]?[name] != nil || overrides[Self.everyTenant]?[name] != nil
    }

    /// The templates the package ships for demo tenants, by tenant id.
    private static func shippedTenantTemplates() throws(LoadError) -> [String: [Name: PromptTemplate]] {
        let files = FileManager.default
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Prompts/tenants"),
              let folders = try? files.contentsOfDirectory(at: root, includingPropertiesForKeys: nil) else { return [:] }
        var templates: [String: [Name: PromptTemplate]] = [:]
        for folder in folders {
            for name in Name.allCases {
                let url = folder.appendingPathComponent("\(name.rawValue).mustache")
                guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                let file = "Prompts/tenants/\(folder.lastPathComponent)/\(name.rawValue).mustache"
                templates[folder.lastPathComponent, default: [:]][name] = try compile(text, name: name, file: file)
            }
        }
        return templates
    }

    /// Checks every tag of `text` and compiles it.
    static func compile(_ text: String, name: Name, file: String) throws(LoadError) -> PromptTemplate {
        for tag in MustacheTags.scan(text) {
            switch tag.kind {
            case .comment:
                continue
            case .partial:
                throw LoadError(file: file, line: tag.line, reason: "partials ({{> \(tag.name)}}) are not supported in prompts")
            case .unclosed:
                throw LoadError(file: file, line: tag.line, reason: "a tag opened with {{ is not closed")
            case .variable, .section:
                guard name.placeholders.contains(tag.name) else {
                    throw LoadError(file: file, line: tag.line, reason: "unknown placeholder «\(tag.name)»; this template can use "
                                    + name.placeholders.sorted().joined(separator: ", "))
                }
            }
        }
        do { return try PromptTemplate(text) } catch {
            throw LoadError(file: file, line: nil, reason: "\(error)")
        }
    }
}

extension MustacheTemplate: @retroactive @unchecked Sendable {}
