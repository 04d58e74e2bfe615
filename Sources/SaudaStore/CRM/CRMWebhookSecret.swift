import Foundation
import SaudaCore

/// The secret segment of a business's CRM webhook address (`/webhooks/crm/{tenant}/{secret}`), sealed like every
/// secret: made with the business's CRM connection, shown to its people, and checked on every post (most CRMs sign
/// nothing, so the address is what authenticates them).
public enum CRMWebhookSecret {
    /// The secret's name.
    public static let name = "crm.webhook"

    /// The business's secret, made when it has none.
    public static func ensure(_ sql: any SQLConnection, tenantID: String, sealer: SecretSealer, now: Date) async throws -> String {
        if let existing = try await SecretRepository(sql).reveal(tenantID: tenantID, name: name, sealer: sealer) { return existing }
        let fresh = (0..<32).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement() ?? "a" }.map(String.init).joined()
        _ = try await SecretRepository(sql).put(tenantID: tenantID, name: name, value: fresh, sealer: sealer, now: now)
        return fresh
    }

    /// The business's secret, `nil` when it has none.
    public static func reveal(_ sql: any SQLConnection, tenantID: String, sealer: SecretSealer) async throws -> String? {
        try await SecretRepository(sql).reveal(tenantID: tenantID, name: name, sealer: sealer)
    }

    /// The webhook's path for the business.
    public static func path(tenantID: String, secret: String) -> String { "/webhooks/crm/\(tenantID)/\(secret)" }
}
