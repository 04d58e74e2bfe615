import Foundation
import SaudaAgent
import SaudaCore
import SaudaStore

/// Changes a business's settings, name and time zone in one transaction, as the admin API, the console and
/// `sauda tenant set` do: the change is applied to what is stored (the installation's settings when nothing is),
/// checked as a whole (prompt overrides by ``PromptLibrary``'s template check) and saved with the next revision. The
/// business's own model key (`model.api_key`) is sealed or removed in the same transaction.
public struct BusinessSettingsEditor: Sendable {
    /// A change of the business's own model API key.
    public enum ModelKeyChange: Sendable, Hashable {
        /// Seal this key as the business's own.
        case set(String)
        /// Remove the business's own key: the installation's answers.
        case remove
    }

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
        /// The model key breaks its rules (the reason, without the field's name).
        case invalidModelKey(String)
        /// The model key cannot be sealed (no master key).
        case modelKeyNotStored(String)
    }

    let database: any Database
    let businesses: BusinessDirectory
    let secrets: SecretSealer?

    /// Creates an editor whose saves the directory sees at once.
    /// - Parameter secrets: seals the business's own model key; `nil`: a key change is refused.
    public init(database: any Database, businesses: BusinessDirectory, secrets: SecretSealer? = nil) {
        self.database = database
        self.businesses = businesses
        self.secrets = secrets
    }

    /// Longest model API key taken.
    public static let maximumModelKeyLength = 1_000

    /// What is wrong with a model API key, `nil` when nothing is.
    public static func modelKeyProblem(_ key: String) -> String? {
        if key.isEmpty { return "is empty" }
        if key.count > maximumModelKeyLength { return "is longer than \(maximumModelKeyLength) characters" }
        if key.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            return "contains spaces, line breaks or control characters"
        }
        return nil
    }

    /// Applies `change` (and a new `name` or `timeZone`) to the business's settings.
    /// - Parameters:
    ///   - modelKey: seals or removes the business's own model key (`model.api_key`) in the same transaction; a change of
    ///     the key alone leaves the settings and their revision as they are.
    ///   - expectedRevision: the revision the editor read; a save since then refuses the change. `nil`: no check.
    /// - Returns: the business's profile after the save.
    /// - Throws: ``Refusal``, or what the database throws.
    @discardableResult
    public func apply(_ change: BusinessSettingsChange, name: String? = nil, timeZone: String? = nil, modelKey: ModelKeyChange? = nil,
                      to tenantID: String, expectedRevision: Int? = nil) async throws -> BusinessProfile {
        if case .set(let key) = modelKey, let problem = Self.modelKeyProblem(key) { throw Refusal.invalidModelKey(problem) }
        if case .set = modelKey, secrets == nil { throw Refusal.modelKeyNotStored("no master key to seal it with: set SAUDA_MASTER_KEY") }
        // A change of the key alone leaves the settings as they are (a business that never saved any keeps the installation's).
        let savesSettings = modelKey == nil || change != BusinessSettingsChange() || name != nil || timeZone != nil
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
        let secrets = self.secrets
        do {
            try await database.transaction { sql in
                if savesSettings {
                    // Without a revision from the editor, the one read above: a save in between is not overwritten.
                    try await BusinessSettingsRepository(sql).save(tenantID: tenantID, settings,
                                                                   expectedRevision: expectedRevision ?? before.revision, now: Date())
                    try await TenantRepository(sql).update(unchanged)
                }
                try await Self.store(modelKey, tenantID: tenantID, sql: sql, secrets: secrets)
            }
        } catch let error as StoreError where error.code == .conflict {
            throw Refusal.staleRevision(expectedRevision ?? before.revision)
        } catch let error as SecretError {
            throw Refusal.modelKeyNotStored(error.message)
        }
        businesses.forget(tenantID)
        guard let after = try await businesses.profile(tenantID) else { throw Refusal.unknownBusiness(tenantID) }
        return after
    }

    /// Seals or removes the business's own model key.
    private static func store(_ change: ModelKeyChange?, tenantID: String, sql: any SQLConnection, secrets: SecretSealer?) async throws {
        let name = BusinessProfile.modelAPIKeySecretName
        switch change {
        case nil: return
        case .remove: try await SecretRepository(sql).remove(tenantID: tenantID, name: name)
        case .set(let key):
            guard let secrets else { throw SecretError(.missingKey, "no master key to seal the model key with: set SAUDA_MASTER_KEY") }
            try await SecretRepository(sql).put(tenantID: tenantID, name: name, value: key, sealer: secrets, now: Date())
        }
    }
}
