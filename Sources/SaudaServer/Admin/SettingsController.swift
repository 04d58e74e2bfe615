import Foundation
import Hummingbird
import Logging
import SaudaAgent
import SaudaCore
import SaudaStore

/// `/api/v1/settings`: the settings of the caller's own business (docs/businesses.md). Anyone with a token reads them;
/// only an admin changes them. A change takes effect at once in this process and within the directory's time to
/// live (5 s) in the others.
struct SettingsController: Sendable {
    let database: any Database
    let businesses: BusinessDirectory
    /// Seals the business's own model key (`model_api_key`).
    let secrets: SecretSealer?

    /// What `GET` answers and `PUT` answers after a save.
    struct SettingsJSON: Encodable {
        let tenantId: String
        let name: String
        let timeZone: String
        /// 0 while the business uses the installation's settings.
        let revision: Int
        let updatedAt: Date?
        let settings: BusinessSettings
        /// What may be shown of the business's own model key (never the key); absent without one.
        let modelApiKey: KeyHint?
    }

    /// The hint of a write-only secret.
    struct KeyHint: Encodable {
        let hint: String
        let updatedAt: Date
    }

    /// What `PUT` takes: every field optional; a field left out keeps its value.
    struct Change: Decodable {
        let name: String?
        let timeZone: String?
        /// The revision the editor read; a save since then makes the request a 409. Absent: no check.
        let revision: Int?
        let settings: BusinessSettingsChange?
        /// The business's own model key: a key seals it, `null` removes it, absent keeps it. Never answered.
        let modelAPIKey: String??

        enum CodingKeys: String, CodingKey {
            case name, timeZone = "time_zone", revision, settings, modelAPIKey = "model_api_key"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone)
            revision = try container.decodeIfPresent(Int.self, forKey: .revision)
            settings = try container.decodeIfPresent(BusinessSettingsChange.self, forKey: .settings)
            modelAPIKey = container.contains(.modelAPIKey) ? .some(try container.decodeIfPresent(String.self, forKey: .modelAPIKey)) : nil
        }

        /// The change of the model key it asks for.
        var modelKey: BusinessSettingsEditor.ModelKeyChange? {
            modelAPIKey.map { key in key.map { .set($0) } ?? .remove }
        }
    }

    /// Largest body: four prompt overrides of up to 100,000 characters fit.
    static let maxBodyBytes = 2 * 1024 * 1024

    func addRoutes(to api: APIRoutes) {
        api.get("settings", summary: "The business's settings", role: .viewer, use: show)
        api.put("settings", summary: "Change the business's settings", role: .admin, use: change)
    }

    @Sendable func show(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        businesses.forget(context.tenantID)
        return try JSONResponse.admin(try await current(context.tenantID))
    }

    @Sendable func change(request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await JSONRequestBody.decode(Change.self, from: request, maxBytes: Self.maxBodyBytes)
        if let name = body.name { try APIInput.text(name, field: "name", maximum: 100) }
        if let zone = body.timeZone, TimeZone(identifier: zone) == nil {
            throw APIError(.badRequest, "field «time_zone»: «\(zone)» is not an IANA time zone (Asia/Almaty)")
        }
        if let revision = body.revision, revision < 0 { throw APIError(.badRequest, "field «revision» is negative") }
        let tenantID = context.tenantID
        do {
            try await BusinessSettingsEditor(database: database, businesses: businesses, secrets: secrets)
                .apply(body.settings ?? BusinessSettingsChange(), name: body.name, timeZone: body.timeZone, modelKey: body.modelKey,
                       to: tenantID, expectedRevision: body.revision)
        } catch let refusal as BusinessSettingsEditor.Refusal {
            switch refusal {
            case .unknownBusiness(let id): throw APIError(.notFound, "the business «\(id)» does not exist")
            case .unknownTimeZone(let zone): throw APIError(.badRequest, "field «time_zone»: «\(zone)» is not an IANA time zone (Asia/Almaty)")
            case .emptyName: throw APIError(.badRequest, "field «name» is empty or only spaces")
            case .invalid(let error):
                throw APIError(.badRequest, error.problems.map { "field «settings.\($0.field)»: \($0.reason)" }.joined(separator: "; "))
            case .staleRevision(let revision): throw APIError(.conflict, "the settings were changed since revision \(revision): read them again")
            case .invalidModelKey(let reason): throw APIError(.badRequest, "field «model_api_key» \(reason)")
            case .modelKeyNotStored(let reason): throw APIError(.conflict, "field «model_api_key» cannot be stored: \(reason)")
            }
        }
        context.logger.info("business settings changed", metadata: [
            "token": "\(context.caller.name)", "model_api_key_changed": "\(body.modelAPIKey != nil)",
        ])
        return try JSONResponse.admin(try await current(tenantID))
    }

    /// The business's settings as stored now.
    private func current(_ tenantID: String) async throws -> SettingsJSON {
        guard let profile = try await businesses.profile(tenantID) else { throw APIError(.notFound, "the business «\(tenantID)» does not exist") }
        return SettingsJSON(tenantId: profile.tenant.id, name: profile.tenant.name, timeZone: profile.tenant.timeZone,
                            revision: profile.revision, updatedAt: profile.updatedAt, settings: profile.settings,
                            modelApiKey: profile.modelAPIKey.map { KeyHint(hint: $0.hint, updatedAt: $0.updatedAt) })
    }
}
