import Foundation
import SaudaCore

/// A business's saved settings with their revision.
public struct StoredBusinessSettings: Sendable, Hashable {
    /// The settings.
    public var settings: BusinessSettings
    /// 1 for the first save, one more for each later one.
    public var revision: Int
    /// When they were saved.
    public var updatedAt: Date

    /// Creates the value.
    public init(settings: BusinessSettings, revision: Int, updatedAt: Date) {
        self.settings = settings
        self.revision = revision
        self.updatedAt = updatedAt
    }
}
