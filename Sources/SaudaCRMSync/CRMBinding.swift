import SaudaCRM
import SaudaCore

/// A business's CRM as the sync and the agent's tools use it: which CRM, and its adapter (already throttled).
public struct CRMBinding: Sendable {
    /// The CRM.
    public var type: CRMType
    /// Its adapter.
    public var adapter: any CRMAdapter
    /// The connection's state: the agent's tools call only an `active` one.
    public var state: ConnectionState

    /// Creates a binding.
    public init(type: CRMType, adapter: any CRMAdapter, state: ConnectionState = .active) {
        self.type = type
        self.adapter = adapter
        self.state = state
    }
}

/// Makes the adapter of a business's CRM connection from its slot (the composition knows the adapter modules; the sync
/// and the tools know only this).
public protocol CRMAdapterSource: Sendable {
    /// The adapter of the business's CRM connection, or `nil` when it has none or it is paused.
    /// - Throws: ``CRMError/notConfigured(reason:)`` when the slot's settings or credentials do not make an adapter.
    func binding(tenantID: String) async throws(CRMError) -> CRMBinding?
}
