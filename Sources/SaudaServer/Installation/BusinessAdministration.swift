import Foundation
import SaudaCore
import SaudaStore

/// What the installation's owner does with businesses, and how people join them: create, list, suspend, resume and
/// delete a business, invite someone to one by a one-time link and accept it, make an owner, and sign up a business
/// of one's own. The one implementation the command line, the admin API and the console call.
public struct BusinessAdministration: Sendable {
    let database: any Database
    /// The cost of the password hashes it makes.
    let passwordCost: PasswordHash.Cost
    /// The time now.
    let now: @Sendable () -> Date

    /// Works on `database`.
    public init(database: any Database, passwordCost: PasswordHash.Cost = .standard, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.passwordCost = passwordCost
        self.now = now
    }

    // MARK: Businesses

    /// Makes a business.
    /// - Throws: ``AdministrationError`` `.invalid` naming `id`, `name` or `time_zone`, or `.businessExists`.
    public func createBusiness(id: String, name: String, timeZone: String) async throws -> Tenant {
        if let problem = Self.idProblem(id) { throw AdministrationError.invalid(field: "id", reason: problem) }
        let tenant = try Self.checkedTenant(id: id, name: name, timeZone: timeZone)
        let date = now()
        let created = try await database.transaction { sql in try await TenantRepository(sql).create(tenant, now: date) }
        guard created else { throw AdministrationError.businessExists(id) }
        return tenant
    }

    /// Every business, with its suspension and its number of members.
    public func businesses() async throws -> [BusinessSummary] {
        try await database.read { sql in try await TenantRepository(sql).summaries() }
    }

    /// Suspends a business: its people cannot sign in, its sessions end, its API tokens are refused (403), its
    /// channels stop and its inbound messages are refused. The owners' own sessions are kept.
    /// - Throws: ``AdministrationError`` `.unknownBusiness` or `.defaultBusiness`.
    public func suspend(_ id: String) async throws {
        guard id != Tenant.defaultID else { throw AdministrationError.defaultBusiness }
        let date = now()
        let found = try await database.transaction { sql -> Bool in
            guard try await TenantRepository(sql).setSuspended(id: id, at: date) else { return false }
            try await ApiTokenRepository(sql).revokeSessions(tenantID: id, now: date)
            return true
        }
        guard found else { throw AdministrationError.unknownBusiness(id) }
    }

    /// Lifts a business's suspension (its people sign in again; ended sessions stay ended).
    /// - Throws: ``AdministrationError`` `.unknownBusiness`.
    public func resume(_ id: String) async throws {
        let found = try await database.transaction { sql in try await TenantRepository(sql).setSuspended(id: id, at: nil) }
        guard found else { throw AdministrationError.unknownBusiness(id) }
    }

    /// Removes a business and every row of it (``BusinessData/deleteBusiness(tenantID:)``).
    /// - Parameter confirmation: must be the business's id, typed again.
    /// - Returns: the rows removed per table.
    /// - Throws: ``AdministrationError`` `.confirmationMismatch`, `.defaultBusiness` or `.unknownBusiness`.
    public func delete(_ id: String, confirmation: String) async throws -> [String: Int] {
        guard confirmation.trimmingCharacters(in: .whitespaces) == id else { throw AdministrationError.confirmationMismatch(id) }
        do {
            return try await BusinessData(database: database).deleteBusiness(tenantID: id)
        } catch BusinessDataError.defaultTenant {
            throw AdministrationError.defaultBusiness
        } catch BusinessDataError.unknownTenant {
            throw AdministrationError.unknownBusiness(id)
        }
    }

    // MARK: Invitations

    /// Makes a one-time invitation to a business, valid seven days.
    /// - Returns: the token, to be shown once as a link (``link(_:)``), and the stored invitation.
    /// - Throws: ``AdministrationError`` `.invalid` naming `email`, `.unknownBusiness` or `.businessSuspended`.
    public func invite(tenantID: String, email: String, role: AccessRole) async throws -> (token: String, invite: Invite) {
        let email = Account.normalized(email: email)
        if let problem = Account.emailProblem(email) { throw AdministrationError.invalid(field: "email", reason: problem) }
        let token = AccessTokens.generate(prefix: Self.invitePrefix)
        let date = now()
        let invite = try await database.transaction { sql -> Invite in
            let tenants = TenantRepository(sql)
            guard try await tenants.find(id: tenantID) != nil else { throw AdministrationError.unknownBusiness(tenantID) }
            if try await tenants.suspendedAt(id: tenantID) != nil { throw AdministrationError.businessSuspended(tenantID) }
            return try await InviteRepository(sql).create(tenantID: tenantID, email: email, role: role, tokenHash: AccessTokens.hash(token),
                                                          now: date, expiresAt: date.addingTimeInterval(Invite.lifetime))
        }
        return (token, invite)
    }

    /// The console's path of an invitation's link.
    public static func link(_ token: String) -> String { "/console/invite/" + token }

    /// The invitation of a link that can still be used, and the account its email has, if any.
    /// - Throws: ``AdministrationError`` `.unknownInvite`, `.inviteUsed`, `.inviteExpired` or `.businessSuspended`.
    public func invitation(token: String) async throws -> (invite: Invite, business: Tenant, account: Account?) {
        guard token.hasPrefix(Self.invitePrefix), token.count < 200 else { throw AdministrationError.unknownInvite }
        let date = now()
        return try await database.read { sql in
            guard let invite = try await InviteRepository(sql).find(hash: AccessTokens.hash(token)) else { throw AdministrationError.unknownInvite }
            guard invite.usedAt == nil else { throw AdministrationError.inviteUsed }
            guard date < invite.expiresAt else { throw AdministrationError.inviteExpired }
            let tenants = TenantRepository(sql)
            guard let business = try await tenants.find(id: invite.tenantID) else { throw AdministrationError.unknownInvite }
            if try await tenants.suspendedAt(id: invite.tenantID) != nil { throw AdministrationError.businessSuspended(invite.tenantID) }
            return (invite, business, try await AccountRepository(sql).find(email: invite.email)?.account)
        }
    }

    /// Uses an invitation: a new account of its email with `name` and `password`, or, when the email has an account,
    /// that account (its `password` must match), joins the business with the invitation's role. The link then works
    /// no more.
    /// - Returns: the account and the membership it got.
    /// - Throws: what ``invitation(token:)`` throws, ``AdministrationError`` `.invalid` naming `name` or `password`,
    ///   `.wrongPassword` or `.accountSuspended`.
    public func accept(token: String, name: String, password: String) async throws -> (account: Account, membership: Membership) {
        let (invite, _, existing) = try await invitation(token: token)
        var hash: PasswordHash?
        if existing == nil {
            _ = try Self.checkedName(name, field: "name")
            do { hash = try PasswordHash(hashing: password, cost: passwordCost) } catch {
                throw AdministrationError.invalid(field: "password", reason: error.message)
            }
        }
        let date = now()
        let personName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await database.transaction { [hash] sql in
            let accounts = AccountRepository(sql)
            let account: Account
            if let hash {
                guard let made = try await accounts.create(email: invite.email, name: personName, password: hash, now: date) else {
                    throw AdministrationError.accountExists(invite.email)
                }
                account = made
            } else {
                guard let found = try await accounts.find(email: invite.email) else { throw AdministrationError.unknownInvite }
                guard found.password.matches(password) else { throw AdministrationError.wrongPassword }
                guard found.account.suspendedAt == nil else { throw AdministrationError.accountSuspended }
                account = found.account
            }
            guard try await InviteRepository(sql).markUsed(id: invite.id, now: date) else { throw AdministrationError.inviteUsed }
            try await accounts.join(accountID: account.id, tenantID: invite.tenantID, role: invite.role, now: date)
            return (account, Membership(tenantID: invite.tenantID, role: invite.role))
        }
    }

    // MARK: Owners and sign-up

    /// Makes an account the installation's owner: a new account of `email`, or the existing one (its password is then
    /// left as it is).
    /// - Returns: the owner and whether the account is new.
    /// - Throws: ``AdministrationError`` `.invalid` naming `email`, `name` or `password`.
    public func createOwner(email: String, name: String, password: String) async throws -> (account: Account, created: Bool) {
        let email = Account.normalized(email: email)
        if let problem = Account.emailProblem(email) { throw AdministrationError.invalid(field: "email", reason: problem) }
        let name = try Self.checkedName(name, field: "name")
        let hash: PasswordHash
        do { hash = try PasswordHash(hashing: password, cost: passwordCost) } catch {
            throw AdministrationError.invalid(field: "password", reason: error.message)
        }
        let date = now()
        return try await database.transaction { sql in
            let accounts = AccountRepository(sql)
            let made = try await accounts.create(email: email, name: name, password: hash, now: date)
            var account: Account
            if let made {
                account = made
            } else if let found = try await accounts.find(email: email)?.account {
                account = found
            } else {
                throw AdministrationError.accountExists(email)
            }
            try await accounts.setOwner(accountID: account.id, true)
            account.isOwner = true
            return (account, made != nil)
        }
    }

    /// On an installation without an owner, makes one (`email`, a random password) and hands the password to
    /// `record` in the same transaction (when it throws, no owner is made and the next start tries again).
    /// - Returns: the password, to be shown once; `nil` when there is an owner already, or when `email` has an account
    ///   already (it becomes the owner and keeps its own password).
    public func createFirstOwner(email: String = BusinessAdministration.firstOwnerEmail,
                                 record: @escaping @Sendable (_ email: String, _ password: String) throws -> Void = { _, _ in }) async throws -> String? {
        // An installation that has its owner (every start but the first) skips the memory-hard hash altogether.
        guard !(try await database.read { sql in try await AccountRepository(sql).hasOwner() }) else { return nil }
        let password = Self.randomPassword()
        let hash = try PasswordHash(hashing: password, cost: passwordCost)
        let date = now()
        return try await database.transaction { sql -> String? in
            let accounts = AccountRepository(sql)
            guard !(try await accounts.hasOwner()) else { return nil }
            if let existing = try await accounts.find(email: email) {
                try await accounts.setOwner(accountID: existing.account.id, true)
                return nil
            }
            guard let account = try await accounts.create(email: email, name: "Owner", password: hash, now: date) else { return nil }
            try await accounts.setOwner(accountID: account.id, true)
            try record(account.email, password)
            return password
        }
    }

    /// Self-service sign-up (`SIGNUP=open`): a new business of `businessName` and `timeZone` (its id made from the
    /// name), with a new account of `email` as its admin.
    /// - Throws: ``AdministrationError`` `.invalid` naming `business_name`, `time_zone`, `name`, `email` or
    ///   `password`, or `.accountExists`.
    public func signUp(businessName: String, timeZone: String, name: String, email: String,
                       password: String) async throws -> (business: Tenant, account: Account) {
        let email = Account.normalized(email: email)
        if let problem = Account.emailProblem(email) { throw AdministrationError.invalid(field: "email", reason: problem) }
        let personName = try Self.checkedName(name, field: "name")
        let business = try Self.checkedTenant(id: Self.businessID(for: businessName), name: businessName, timeZone: timeZone,
                                              nameField: "business_name")
        let hash: PasswordHash
        do { hash = try PasswordHash(hashing: password, cost: passwordCost) } catch {
            throw AdministrationError.invalid(field: "password", reason: error.message)
        }
        let date = now()
        return try await database.transaction { sql in
            let accounts = AccountRepository(sql)
            guard let account = try await accounts.create(email: email, name: personName, password: hash, now: date) else {
                throw AdministrationError.accountExists(email)
            }
            guard try await TenantRepository(sql).create(business, now: date) else { throw AdministrationError.businessExists(business.id) }
            try await accounts.join(accountID: account.id, tenantID: business.id, role: .admin, now: date)
            return (business, account)
        }
    }

    // MARK: Checks

    /// The email of the owner made on an installation's first start.
    public static let firstOwnerEmail = "owner@sauda.local"
    /// The text every invitation's token starts with.
    static let invitePrefix = "inv_"

    /// Why `id` cannot be a business's id, or `nil`: 1 to 40 lowercase letters, digits and «-», not starting with «-».
    public static func idProblem(_ id: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard (1...40).contains(id.count), id.allSatisfy(allowed.contains), id.first != "-" else {
            return "«\(id)» is not a business id: 1 to 40 lowercase letters, digits and «-», not starting with «-»"
        }
        return nil
    }

    static func checkedName(_ name: String, field: String) throws(AdministrationError) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(trimmed.count) else { throw .invalid(field: field, reason: "must have 1 to 100 characters") }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalid(field: field, reason: "must not hold control characters")
        }
        return trimmed
    }

    static func checkedTenant(id: String, name: String, timeZone: String, nameField: String = "name") throws(AdministrationError) -> Tenant {
        let name = try checkedName(name, field: nameField)
        guard !timeZone.isEmpty, timeZone.count <= 64, TimeZone(identifier: timeZone) != nil else {
            throw .invalid(field: "time_zone", reason: "«\(timeZone.prefix(64))» is not an IANA time zone (Asia/Almaty)")
        }
        return Tenant(id: id, name: name, timeZone: timeZone)
    }

    /// An id for a signed-up business: the Latin letters and digits of its name (up to 24), a dash and six random
    /// characters.
    static func businessID(for name: String) -> String {
        var slug = ""
        for character in name.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        slug = String(slug.prefix(24)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let suffix = String((0..<6).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        return (slug.isEmpty ? "b" : slug) + "-" + suffix
    }

    /// Eighteen letters and digits from the system's random source (about 107 bits).
    public static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<18).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
