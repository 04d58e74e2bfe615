import Foundation
import SaudaAgent
import SaudaCore
import SaudaStore

/// Changes a business's settings, name and time zone in one transaction, as the admin API, the console and
/// `sauda tenant set` do: the change is applied to what is stored (the installation's settings when nothing is),
/// checked as a whole (prompt overrides by ``PromptLibrary``'s template check) and saved with the next revision.
public struct BusinessSettingsEditor: Sendable {
    /// Why a change was refused.
    public enum Refusal: Error, Sendable {
        /// No business has this id.
        case unknownBusiness(String)
        /// The time zone is not an IANA name.
        case unknownTimeZone(String)
        /// The name is empty.
        case emptyName
        /// Fields that break their rules, each named.
        case invalid(InvalidBusinessSettings)
        /// The settings were saved since the revision the editor read.
        case staleRevision(Int)
    }

    let database: any Database
    let businesses: BusinessDirectory

    /// Creates an editor whose saves the directory sees at once.
    public init(database: any Database, businesses: BusinessDirectory) {
        self.database = database
        self.businesses = businesses
    }

    /// Applies `change` (and a new `name` or `timeZone`) to the business's settings.
    /// - Parameter expectedRevision: the revision the editor read; a save since then refuses the change. `nil`: no check.
    /// - Returns: the business's profile after the save.
    /// - Throws: ``Refusal``, or what the database throws.
    @discardableResult
    public func apply(_ change: BusinessSettingsChange, name: String? = nil, timeZone: String? = nil, to tenantID: String,
                      expectedRevision: Int? = nil) async throws -> BusinessProfile {
        if let timeZone, TimeZone(identifier: timeZone) == nil { throw Refusal.unknownTimeZone(timeZone) }
        let trimmedName = name?.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmedName?.isEmpty == true { throw Refusal.emptyName }
        businesses.forget(tenantID)
        guard let before = try await businesses.profile(tenantID) else { throw Refusal.unknownBusiness(tenantID) }
        let settings: BusinessSettings
        do throws(InvalidBusinessSettings) {
            settings = try change.applied(to: before.settings)
            try settings.validate(checkingPrompt: PromptLibrary.businessOverrideCheck)
        } catch {
            throw Refusal.invalid(error)
        }
        var tenant = before.tenant
        if let trimmedName { tenant.name = trimmedName }
        if let timeZone { tenant.timeZone = timeZone }
        let unchanged = tenant
        do {
            try await database.transaction { sql in
                // Without a revision from the editor, the one read above: a save in between is not overwritten.
                try await BusinessSettingsRepository(sql).save(tenantID: tenantID, settings, expectedRevision: expectedRevision ?? before.revision,
                                                               now: Date())
                try await TenantRepository(sql).update(unchanged)
            }
        } catch let error as StoreError where error.code == .conflict {
            throw Refusal.staleRevision(expectedRevision ?? before.revision)
        }
        businesses.forget(tenantID)
        guard let after = try await businesses.profile(tenantID) else { throw Refusal.unknownBusiness(tenantID) }
        return after
    }
}
