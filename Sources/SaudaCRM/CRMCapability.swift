/// What a CRM adapter can do; each adapter says which of these it supports (``CRMAdapter/capabilities``), and the
/// agent's tools use only those.
public enum CRMCapability: String, Sendable, Hashable, Codable, CaseIterable {
    /// Find a customer by phone (or e-mail, or Sauda's own key).
    case findCustomer = "find_customer"
    /// Create a customer, or update the one with the same key or phone.
    case upsertCustomer = "upsert_customer"
    /// Create a lead (a deal, a request) with the conversation's details, or update the one with the same key.
    case upsertLead = "upsert_lead"
    /// Add a note (a timeline comment) to a customer or a lead.
    case addNote = "add_note"
    /// List the services that can be booked.
    case listServices = "list_services"
    /// List the staff a booking can be with.
    case listStaff = "list_staff"
    /// Find free slots.
    case findSlots = "find_slots"
    /// Book a slot.
    case book
    /// Cancel a booking.
    case cancelBooking = "cancel_booking"
    /// Read the CRM's webhooks (a booking cancelled or moved, a deal's stage changed).
    case receiveEvents = "receive_events"
}
