/// `SIGNUP`: who may make a business of their own in the console.
public enum SignUpMode: String, Sendable, CaseIterable {
    /// Nobody: `/console/signup` answers 404 (the default). The owner creates businesses and invites their admins.
    case closed
    /// Only through an invitation link; `/console/signup` says so.
    case invite
    /// Anyone: `/console/signup` makes a business and its admin account, and signs in.
    case open
}
