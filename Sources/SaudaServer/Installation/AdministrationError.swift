import Foundation

/// Why the installation's owner, a business's admin or a newcomer could not do what they asked. Every case names the
/// field or the business, and maps to a 4xx of the admin API and the console (``APIError/init(_:)-administration``).
public enum AdministrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A value is not acceptable: the field (the API's JSON name) and why.
    case invalid(field: String, reason: String)
    /// A business with this id exists already.
    case businessExists(String)
    /// No business has this id.
    case unknownBusiness(String)
    /// The default business holds the installation's own setup: it is neither suspended nor deleted.
    case defaultBusiness
    /// A deletion's typed confirmation is not the business's id.
    case confirmationMismatch(String)
    /// The business is suspended: nobody joins it or signs in to it until it is resumed.
    case businessSuspended(String)
    /// No invitation has this link.
    case unknownInvite
    /// The invitation was used already.
    case inviteUsed
    /// The invitation expired.
    case inviteExpired
    /// An existing account's password did not match (accepting an invitation with it).
    case wrongPassword
    /// An account with this email exists already.
    case accountExists(String)
    /// The account is suspended.
    case accountSuspended

    public var description: String {
        switch self {
        case .invalid(let field, let reason): "field «\(field)»: \(reason)"
        case .businessExists(let id): "a business «\(id)» exists already"
        case .unknownBusiness(let id): "no business «\(id)»"
        case .defaultBusiness: "the default business «default» holds the installation's own setup: it cannot be suspended or deleted"
        case .confirmationMismatch(let id): "to delete the business type its id «\(id)» as the confirmation"
        case .businessSuspended(let id): "the business «\(id)» is suspended"
        case .unknownInvite: "this invitation link is unknown"
        case .inviteUsed: "this invitation link was used already; ask for a new one"
        case .inviteExpired: "this invitation link expired; ask for a new one"
        case .wrongPassword: "the password does not match this account"
        case .accountExists(let email): "an account «\(email)» exists already"
        case .accountSuspended: "this account is suspended"
        }
    }
}
