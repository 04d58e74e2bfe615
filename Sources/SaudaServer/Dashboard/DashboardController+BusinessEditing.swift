import Foundation
import Hummingbird
import Logging
import SaudaAgent
import SaudaCore
import SaudaStore

/// The business page's forms for the model, the CRM slot and the prompt overrides (admin only). Each goes through the
/// editor the admin API uses (``BusinessSettingsEditor``, ``CRMConnectionEditor``); a refusal comes back as the page
/// with the problem as its error flash, and nothing is saved.
extension DashboardController {
    /// Saves the business's model provider, model name and own key (an empty key field keeps the key).
    @Sendable func saveBusinessModel(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let form = try await Self.form(request, limit: 8_192)
        var change = BusinessSettingsChange()
        let provider = form.nonEmpty("model_provider")
        if let provider, ModelProvider(rawValue: provider) == nil {
            return try await refused(context, "model_provider: «\(provider)» is not gemini, openai or offline")
        }
        change.modelProvider = .some(provider)
        change.model = .some(form.nonEmpty("model"))
        var key: BusinessSettingsEditor.ModelKeyChange?
        if form["remove_model_api_key"] == "on" {
            key = .remove
        } else if let entered = form["model_api_key"], !entered.isEmpty {
            key = .set(entered)
        }
        do {
            try await editor.apply(change, modelKey: key, to: context.tenantID)
        } catch let refusal as BusinessSettingsEditor.Refusal {
            return try await refused(context, Self.problem(refusal))
        }
        logger.info("business model changed in the console", metadata: [
            "tenant": "\(context.tenantID)", "by": "\(context.page.principal.name)", "model_api_key_changed": "\(key != nil)",
        ])
        return ConsoleSession.redirect(to: "/console/business?done=model")
    }

    /// Saves one prompt's override (an empty template goes back to the file), checked as the admin API checks it.
    @Sendable func saveBusinessPrompt(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let form = try await Self.form(request, limit: 1 << 20)
        guard let name = form.nonEmpty("name").flatMap(PromptLibrary.Name.init(rawValue:)) else {
            return try await refused(context, "name: no such prompt; the prompts are "
                                     + PromptLibrary.Name.allCases.map(\.rawValue).joined(separator: ", "))
        }
        businesses.forget(context.tenantID)
        guard let profile = try await businesses.profile(context.tenantID) else { throw APIError(.notFound, "no such business") }
        var overrides = profile.settings.promptOverrides
        let template = (form["template"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        overrides[name.rawValue] = template.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : template
        var change = BusinessSettingsChange()
        change.promptOverrides = overrides
        do {
            try await editor.apply(change, to: context.tenantID, expectedRevision: profile.revision)
        } catch let refusal as BusinessSettingsEditor.Refusal {
            return try await refused(context, Self.problem(refusal))
        }
        logger.info("prompt override changed in the console", metadata: [
            "tenant": "\(context.tenantID)", "by": "\(context.page.principal.name)", "prompt": "\(name.rawValue)",
        ])
        return ConsoleSession.redirect(to: "/console/business?done=prompt")
    }

    /// Connects the CRM of the form or changes the connection (empty credentials keep the stored ones; a new connection
    /// or another type needs them).
    @Sendable func saveBusinessCRM(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let form = try await Self.form(request, limit: 65_536)
        let tenantID = context.tenantID
        let crm = CRMConnectionEditor(database: console.database, secrets: secrets)
        let mappingText = form.nonEmpty("field_mapping") ?? "{}"
        guard let data = mappingText.data(using: .utf8), let mapping = try? JSONDecoder().decode([String: String].self, from: data) else {
            return try await refused(context, context.page.t(.businessCRMMappingInvalid))
        }
        let settingsText = form.nonEmpty("settings") ?? "{}"
        guard let settingsData = settingsText.data(using: .utf8),
              let settings = try? JSONDecoder().decode([String: String].self, from: settingsData) else {
            return try await refused(context, context.page.t(.businessCRMSettingsInvalid))
        }
        let credentials = form["credentials"].flatMap { $0.isEmpty ? nil : $0 }
        let change = CRMConnectionEditor.Change(baseURL: form["base_url"]?.trimmingCharacters(in: .whitespaces) ?? "",
                                                credentials: credentials, fieldMapping: mapping, settings: settings, state: form.nonEmpty("state"))
        let type = form["type"] ?? ""
        do {
            let existing = try await crm.find(tenantID: tenantID)
            if let existing, existing.type.rawValue == type {
                _ = try await crm.change(tenantID: tenantID, change)
            } else {
                guard credentials != nil else { return try await refused(context, context.page.t(.businessCRMCredentialsRequired)) }
                _ = try await crm.replace(tenantID: tenantID, type: type, with: change)
            }
        } catch let refusal as CRMConnectionEditor.Refusal {
            let problem = switch refusal {
            case .invalid(let field, let reason): "\(field) \(reason)"
            case .noConnection: "no CRM connection"
            case .credentialsNotStored(let reason): "credentials: \(reason)"
            }
            return try await refused(context, problem)
        }
        logger.info("CRM connection changed in the console", metadata: [
            "tenant": "\(tenantID)", "by": "\(context.page.principal.name)", "crm": "\(type)", "credentials_changed": "\(credentials != nil)",
        ])
        return ConsoleSession.redirect(to: "/console/business?done=crm")
    }

    /// An admin sends a record the CRM sync gave up on again.
    @Sendable func retryBusinessCRMSync(request: Request, context: ConsoleRequestContext) async throws -> Response {
        _ = try await Self.form(request, limit: 4_096)
        guard let raw = context.parameters.get("sync"), let id = Int64(raw), id > 0 else { throw APIError(.notFound, "no such CRM record") }
        let tenantID = context.tenantID
        let retried = try await console.database.transaction { sql in try await CRMSyncRepository(sql).retry(tenantID: tenantID, id: id, now: Date()) }
        guard retried != nil else { throw APIError(.notFound, "no given-up CRM record \(id) in this business") }
        logger.info("CRM sync retried in the console", metadata: ["tenant": "\(tenantID)", "by": "\(context.page.principal.name)", "sync": "\(id)"])
        return ConsoleSession.redirect(to: "/console/business?done=crm-retried")
    }

    /// Removes the CRM connection and its credentials.
    @Sendable func removeBusinessCRM(request: Request, context: ConsoleRequestContext) async throws -> Response {
        _ = try await Self.form(request, limit: 4_096)
        let removed = try await CRMConnectionEditor(database: console.database, secrets: secrets).remove(tenantID: context.tenantID)
        guard removed else { return try await refused(context, context.page.t(.businessNoCRM), status: .notFound) }
        logger.info("CRM connection removed in the console", metadata: ["tenant": "\(context.tenantID)", "by": "\(context.page.principal.name)"])
        return ConsoleSession.redirect(to: "/console/business?done=crm-removed")
    }

    private var editor: BusinessSettingsEditor {
        BusinessSettingsEditor(database: console.database, businesses: businesses, secrets: secrets)
    }

    /// The page again with `problem` as its error flash (400, or `status`).
    private func refused(_ context: ConsoleRequestContext, _ problem: String, status: HTTPResponse.Status = .badRequest) async throws -> Response {
        try await businessPage(context, flash: ConsoleLayout.flash(problem, kind: "error"), status: status)
    }
}
