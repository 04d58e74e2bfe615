import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

extension DashboardController {
    @Sendable func business(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let flash: HTML = switch Self.query(request)["done"] {
        case "saved": ConsoleLayout.flash(context.page.t(.businessSaved))
        case "model": ConsoleLayout.flash(context.page.t(.businessModelSaved))
        case "crm": ConsoleLayout.flash(context.page.t(.businessCRMSaved))
        case "crm-removed": ConsoleLayout.flash(context.page.t(.businessCRMRemoved))
        case "crm-retried": ConsoleLayout.flash(context.page.t(.businessCRMRetried))
        case "prompt": ConsoleLayout.flash(context.page.t(.businessPromptSaved))
        default: ""
        }
        return try await businessPage(context, flash: flash)
    }

    /// The business page as stored now (read afresh, not from the directory's few seconds of memory).
    func businessPage(_ context: ConsoleRequestContext, flash: HTML, status: HTTPResponse.Status = .ok) async throws -> Response {
        let tenantID = context.tenantID
        businesses.forget(tenantID)
        guard let profile = try await businesses.profile(tenantID) else { throw APIError(.notFound, "no such business") }
        let crm = try await console.database.read { sql in try await CRMConnectionRepository(sql).find(tenantID: tenantID) }
        let overview = crm == nil ? CRMOverview() : try await CRMOverview.read(console.database, tenantID: tenantID, sealer: secrets)
        return Self.page(BusinessPage.render(profile: profile, crm: crm, crmOverview: overview, flash: flash, context: context.page), status: status)
    }

    /// Saves the business's settings from the form; a refused change comes back as the page with every problem named.
    @Sendable func saveBusiness(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let form = try await Self.form(request, limit: 16_384)
        let options = BusinessSettingsOptions(
            description: form["description"], workingHours: form["working_hours"],
            holidays: (form["holidays"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            clearsHolidays: (form["holidays"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty,
            languages: form["languages"], followUps: form["follow_ups"], followUpIntervals: form["follow_up_intervals"])
        let problem: String
        do {
            let change = try options.change()
            try await BusinessSettingsEditor(database: console.database, businesses: businesses)
                .apply(change, name: form["name"], timeZone: form.nonEmpty("time_zone"), to: context.tenantID,
                       expectedRevision: form["revision"].flatMap { Int($0) })
            logger.info("business settings changed in the console", metadata: ["tenant": "\(context.tenantID)", "by": "\(context.page.principal.name)"])
            return ConsoleSession.redirect(to: "/console/business?done=saved")
        } catch let error as BusinessSettingsProblem {
            problem = "\(Self.fieldLabel(error.field)): \(error.reason)"
        } catch let refusal as BusinessSettingsEditor.Refusal {
            problem = Self.problem(refusal)
        }
        return try await businessPage(context, flash: ConsoleLayout.flash(problem, kind: "error"), status: .badRequest)
    }

    /// What the page says of a refused change, each field named as the form names it.
    static func problem(_ refusal: BusinessSettingsEditor.Refusal) -> String {
        switch refusal {
        case .unknownBusiness: "no such business"
        case .unknownTimeZone(let zone): "time_zone: «\(zone)» is not an IANA time zone (Asia/Almaty)"
        case .emptyName: "name: empty"
        case .invalid(let error): error.problems.map { "\(Self.fieldLabel($0.field)): \($0.reason)" }.joined(separator: "; ")
        case .staleRevision: "the settings were changed meanwhile by someone else: open the page again"
        case .invalidModelKey(let reason): "model_api_key \(reason)"
        case .modelKeyNotStored(let reason): "model_api_key: \(reason)"
        }
    }

    /// The form's name of a settings field (the options' names without their dashes).
    static func fieldLabel(_ field: String) -> String {
        field.hasPrefix("--") ? String(field.dropFirst(2)).replacingOccurrences(of: "-", with: "_") : field
    }
}
