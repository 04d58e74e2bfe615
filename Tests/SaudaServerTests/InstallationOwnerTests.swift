import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
@testable import SaudaServer
import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// The installation's owner over HTTP: creating businesses and inviting their admins by one-time links, suspending a
/// business (its people, tokens, sessions and customers refused; the others untouched), self-service sign-up by
/// `SIGNUP`, and who may reach the owner's endpoints.
@Suite struct InstallationOwnerTests {
    typealias Fixture = AdminAPITests.Fixture
    static let password = "владелец-пароль-2026"

    /// Makes the owner's account.
    @discardableResult
    static func owner(_ fixture: Fixture) async throws -> Account {
        try await BusinessAdministration(database: fixture.system.database, passwordCost: .fast)
            .createOwner(email: "boss@sauda.kz", name: "Хозяин", password: password).account
    }

    /// A console session of `email` (signed in without HTTP, so the form's attempts stay for the test).
    static func session(_ fixture: Fixture, email: String, password: String = password) async throws -> String {
        try await AccountSignIn(database: fixture.system.database).signIn(email: email, password: password, address: "test").token
    }

    /// The session token a sign-in or an accepted invitation set in its cookie.
    static func cookieToken(_ reply: DashboardTests.Reply) throws -> String {
        let cookie = try #require(reply.cookies.first { $0.hasPrefix("sauda_console=") })
        return String(cookie.dropFirst("sauda_console=".count).prefix { $0 != ";" })
    }

    @Test func theOwnerCreatesABusinessAndInvitesItsAdminWhoseLinkWorksOnce() async throws {
        try await DashboardTests.withConsole { fixture in
            try await Self.owner(fixture)
            // The owner signs in like anyone and sees every business.
            let signedIn = try await DashboardTests.call(fixture, .post, "/console/login", token: nil,
                                                         form: ["email": "boss@sauda.kz", "password": Self.password])
            #expect(signedIn.status == .seeOther)
            let owner = try Self.cookieToken(signedIn)
            let page = try await DashboardTests.call(fixture, .get, "/console/installation", token: owner)
            #expect(page.status == .ok)
            #expect(page.body.contains("second") && page.body.contains("default"))
            #expect(try await DashboardTests.call(fixture, .get, "/console", token: owner).body.contains("/console/installation"))

            let created = try await AdminAPITests.call(fixture, .post, "/api/v1/installation/businesses", token: owner,
                                                       body: #"{"id": "third", "name": "Третий", "time_zone": "Asia/Aqtobe"}"#)
            #expect(created.status == .created)
            #expect(created.json?["id"] == "third")
            let again = try await AdminAPITests.call(fixture, .post, "/api/v1/installation/businesses", token: owner,
                                                     body: #"{"id": "third", "name": "Третий", "time_zone": "Asia/Aqtobe"}"#)
            #expect(again.status == .conflict)
            let badZone = try await AdminAPITests.call(fixture, .post, "/api/v1/installation/businesses", token: owner,
                                                       body: #"{"id": "fourth", "name": "Четвёртый", "time_zone": "Mars/Olympus"}"#)
            #expect(badZone.status == .badRequest)
            #expect(badZone.json?["error"]?["reason"]?.stringValue?.contains("time_zone") == true)
            let listed = try await AdminAPITests.call(fixture, .get, "/api/v1/installation/businesses", token: owner)
            let third = try #require(listed.json?["businesses"]?.arrayValue?.first { $0["id"] == "third" })
            #expect(third["members"]?.numberValue == 0)
            #expect(third["suspended"] == false)

            let invited = try await AdminAPITests.call(fixture, .post, "/api/v1/installation/businesses/third/invites", token: owner,
                                                       body: #"{"email": "Admin@Third.kz"}"#)
            #expect(invited.status == .created)
            #expect(invited.json?["role"] == "admin")
            #expect(invited.json?["email"] == "admin@third.kz")
            let link = try #require(invited.json?["link"]?.stringValue)
            #expect(link.hasPrefix("/console/invite/inv_"))

            let form = try await DashboardTests.call(fixture, .get, link, token: nil)
            #expect(form.status == .ok)
            #expect(form.body.contains("admin@third.kz") && form.body.contains("name=\"password\""))
            let short = try await DashboardTests.call(fixture, .post, link, token: nil, form: ["name": "Алия", "password": "short"])
            #expect(short.status == .badRequest)
            #expect(short.body.contains("at least 10"))
            let joined = try await DashboardTests.call(fixture, .post, link, token: nil, form: ["name": "Алия", "password": "новый-пароль-2026"])
            #expect(joined.status == .seeOther)
            let admin = try Self.cookieToken(joined)
            let settings = try await AdminAPITests.call(fixture, .get, "/api/v1/settings", token: admin)
            #expect(settings.json?["tenant_id"] == "third")
            #expect(try await DashboardTests.call(fixture, .get, "/console/team", token: admin).body.contains("admin@third.kz"))

            // The link works once.
            let twice = try await DashboardTests.call(fixture, .post, link, token: nil, form: ["name": "Алия", "password": "новый-пароль-2026"])
            #expect(twice.status == .gone)
            #expect(twice.body.contains("used already"))
            #expect(try await DashboardTests.call(fixture, .get, link, token: nil).status == .gone)
            #expect(try await DashboardTests.call(fixture, .get, "/console/invite/inv_nothing", token: nil).status == .notFound)

            // The new admin invites people to their own business, and to no other, and cannot reach the owner's endpoints.
            let team = try await AdminAPITests.call(fixture, .post, "/api/v1/invites", token: admin, body: #"{"email": "op@third.kz", "role": "operator"}"#)
            #expect(team.status == .created)
            #expect(team.json?["tenant_id"] == "third")
            #expect(try await AdminAPITests.call(fixture, .get, "/api/v1/installation/businesses", token: admin).status == .forbidden)
            #expect(try await AdminAPITests.call(fixture, .post, "/api/v1/installation/businesses/default/invites", token: admin,
                                                 body: #"{"email": "x@third.kz"}"#).status == .forbidden)
            #expect(try await DashboardTests.call(fixture, .get, "/console/installation", token: admin).status == .forbidden)
            #expect(try await AdminAPITests.call(fixture, .get, "/api/v1/contacts/1", token: admin).status == .notFound)
            #expect(try await AdminAPITests.call(fixture, .get, "/api/v1/installation/businesses", token: fixture.admin).status == .forbidden)
            #expect(try await AdminAPITests.call(fixture, .get, "/api/v1/installation/businesses", token: nil).status == .unauthorized)

            // An invitation for an existing account asks for its password, then adds the business to it.
            let second = try await AdminAPITests.call(fixture, .post, "/api/v1/installation/businesses/second/invites", token: owner,
                                                      body: #"{"email": "admin@third.kz", "role": "viewer"}"#)
            let secondLink = try #require(second.json?["link"]?.stringValue)
            #expect(try await DashboardTests.call(fixture, .post, secondLink, token: nil, form: ["password": "не-тот-пароль-1"]).status == .forbidden)
            #expect(try await DashboardTests.call(fixture, .post, secondLink, token: nil, form: ["password": "новый-пароль-2026"]).status == .seeOther)
            let memberships = try await fixture.system.database.read { sql in
                try await AccountRepository(sql).memberships(accountID: try #require(try await AccountRepository(sql).find(email: "admin@third.kz")).account.id)
            }
            #expect(memberships == [Membership(tenantID: "second", role: .viewer), Membership(tenantID: "third", role: .admin)])

            // The owner deletes the business with its id typed again.
            #expect(try await AdminAPITests.call(fixture, .delete, "/api/v1/installation/businesses/third?confirm=thrid", token: owner).status == .badRequest)
            let deleted = try await AdminAPITests.call(fixture, .delete, "/api/v1/installation/businesses/third?confirm=third", token: owner)
            #expect(deleted.status == .ok)
            #expect(deleted.json?["removed"]?["invites"]?.numberValue == 2)
            #expect(try await AdminAPITests.call(fixture, .delete, "/api/v1/installation/businesses/default?confirm=default", token: owner).status == .conflict)
        }
    }

    @Test func anExpiredInvitationIsRefusedWithAClearPage() async throws {
        try await DashboardTests.withConsole { fixture in
            let past = BusinessAdministration(database: fixture.system.database, passwordCost: .fast, now: { Date().addingTimeInterval(-8 * 86_400) })
            let (token, _) = try await past.invite(tenantID: "second", email: "late@shop.kz", role: .admin)
            let page = try await DashboardTests.call(fixture, .get, BusinessAdministration.link(token), token: nil)
            #expect(page.status == .gone)
            #expect(page.body.contains("expired"))
            let post = try await DashboardTests.call(fixture, .post, BusinessAdministration.link(token), token: nil,
                                                     form: ["name": "Поздний", "password": "новый-пароль-2026"])
            #expect(post.status == .gone)
            #expect(try await fixture.system.database.read { try await AccountRepository($0).find(email: "late@shop.kz") } == nil)
        }
    }

    @Test func aSuspendedBusinessRefusesItsPeopleTokensAndCustomersAndLeavesTheOthersAlone() async throws {
        try await DashboardTests.withConsole { fixture in
            try await Self.owner(fixture)
            let owner = try await Self.session(fixture, email: "boss@sauda.kz")
            try await AccountSignInTests.account(fixture, email: "staff@second.kz", tenant: "second", role: .operator)
            let staff = try await Self.session(fixture, email: "staff@second.kz", password: AccountSignInTests.password)
            #expect(try await DashboardTests.call(fixture, .get, "/console", token: staff).status == .ok)

            let suspended = try await AdminAPITests.call(fixture, .post, "/api/v1/installation/businesses/second/suspend", token: owner)
            #expect(suspended.status == .ok)
            #expect(suspended.json?["suspended"] == true)
            #expect(try await AdminAPITests.call(fixture, .post, "/api/v1/installation/businesses/default/suspend", token: owner).status == .conflict)

            // Its sessions ended, its people cannot sign in, its API tokens are refused with the reason.
            let session = try await fixture.system.database.read { try await ApiTokenRepository($0).find(hash: AccessTokens.hash(staff)) }
            #expect(session == nil)
            #expect(try await DashboardTests.call(fixture, .get, "/console", token: staff).status == .seeOther)
            let signIn = try await DashboardTests.call(fixture, .post, "/console/login", token: nil,
                                                       form: ["email": "staff@second.kz", "password": AccountSignInTests.password])
            #expect(signIn.status == .forbidden)
            #expect(signIn.body.contains("приостановлен"))
            let token = try await AdminAPITests.call(fixture, .get, "/api/v1/settings", token: fixture.otherTenantAdmin)
            #expect(token.status == .forbidden)
            #expect(token.json?["error"]?["reason"]?.stringValue?.contains("suspended") == true)
            // Its customers are refused with a clear answer; nothing is recorded.
            let chat = try await AdminAPITests.call(fixture, .post, "/api/v1/webchat/second/messages", token: nil,
                                                    body: #"{"session": "s-1", "text": "Здравствуйте", "id": "m1"}"#)
            #expect(chat.status == .forbidden)
            #expect(chat.json?["error"]?["reason"]?.stringValue?.contains("unavailable") == true)
            let logged = try await fixture.system.database.read { sql in
                try await sql.query("SELECT COUNT(*) AS n FROM message_logs WHERE tenant_id = 'second'", []).first?.optionalInt("n")
            }
            #expect(logged == 0)

            // The other business is untouched.
            #expect(try await AdminAPITests.call(fixture, .get, "/api/v1/settings", token: fixture.admin).status == .ok)
            try await DashboardTests.customer(fixture, session: "still-open", text: "Сколько стоит?", id: "m1")
            let listed = try await AdminAPITests.call(fixture, .get, "/api/v1/installation/businesses", token: owner)
            #expect(listed.json?["businesses"]?.arrayValue?.first { $0["id"] == "default" }?["suspended"] == false)

            // Resumed, its token works again (its ended sessions stay ended).
            #expect(try await AdminAPITests.call(fixture, .post, "/api/v1/installation/businesses/second/resume", token: owner).status == .ok)
            #expect(try await AdminAPITests.call(fixture, .get, "/api/v1/settings", token: fixture.otherTenantAdmin).status == .ok)
        }
    }

    @Test func signUpIsOpenClosedOrByInvitationAsSIGNUPSays() async throws {
        try await AdminAPITests.withAdminAPI(configure: { $0.signUp = .open }) { fixture in
            #expect(try await DashboardTests.call(fixture, .get, "/console/signup", token: nil).body.contains("name=\"business_name\""))
            let bad = try await DashboardTests.call(fixture, .post, "/console/signup", token: nil, form: [
                "business_name": "Ковры Алматы", "time_zone": "Nowhere/City", "name": "Данияр", "email": "d@kovry.kz", "password": "новый-пароль-2026"])
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("time_zone"))
            let made = try await DashboardTests.call(fixture, .post, "/console/signup", token: nil, form: [
                "business_name": "Kovry Almaty", "time_zone": "Asia/Almaty", "name": "Данияр", "email": "d@kovry.kz", "password": "новый-пароль-2026"])
            #expect(made.status == .seeOther)
            let session = try Self.cookieToken(made)
            let settings = try await AdminAPITests.call(fixture, .get, "/api/v1/settings", token: session)
            #expect(settings.json?["tenant_id"]?.stringValue?.hasPrefix("kovry-almaty-") == true)
            #expect(settings.json?["name"] == "Kovry Almaty")
            let twice = try await DashboardTests.call(fixture, .post, "/console/signup", token: nil, form: [
                "business_name": "Ещё", "time_zone": "Asia/Almaty", "name": "Данияр", "email": "d@kovry.kz", "password": "новый-пароль-2026"])
            #expect(twice.status == .conflict)
        }
        try await DashboardTests.withConsole { fixture in
            let page = try await DashboardTests.call(fixture, .get, "/console/signup", token: nil)
            #expect(page.status == .notFound)
            let post = try await DashboardTests.call(fixture, .post, "/console/signup", token: nil, form: ["business_name": "x"])
            #expect(post.status == .notFound)
        }
        try await AdminAPITests.withAdminAPI(configure: { $0.signUp = .invite }) { fixture in
            let page = try await DashboardTests.call(fixture, .get, "/console/signup", token: nil)
            #expect(page.status == .forbidden)
            #expect(page.body.contains("приглашению"))
            let (token, _) = try await BusinessAdministration(database: fixture.system.database, passwordCost: .fast)
                .invite(tenantID: "second", email: "new@second.kz", role: .operator)
            let joined = try await DashboardTests.call(fixture, .post, BusinessAdministration.link(token), token: nil,
                                                       form: ["name": "Новый", "password": "новый-пароль-2026"])
            #expect(joined.status == .seeOther)
        }
    }

    @Test func aBadSIGNUPIsRefusedNamingTheSetting() throws {
        #expect(throws: SaudaSettings.Invalid.self) { try SaudaSettings.load(from: ["SIGNUP": "maybe"]) }
        do { _ = try SaudaSettings.load(from: ["SIGNUP": "maybe"]) } catch { #expect(error.problems.first?.hasPrefix("SIGNUP:") == true) }
        #expect(try SaudaSettings.load(from: [:]).signUp == .closed)
        #expect(try SaudaSettings.load(from: ["SIGNUP": "Open"]).signUp == .open)
    }

    @Test func theFirstStartMakesOneOwnerWhoSignsIn() async throws {
        try await withTestDatabase(.sqlite) { database in
            let administration = BusinessAdministration(database: database, passwordCost: .fast)
            let recorded = Mutex<[String]>([])
            let password = try #require(try await administration.createFirstOwner { email, password in recorded.withLock { $0 = [email, password] } })
            #expect(recorded.withLock { $0 } == [BusinessAdministration.firstOwnerEmail, password])
            #expect(try await administration.createFirstOwner() == nil, "only once")
            let session = try await AccountSignIn(database: database).signIn(email: BusinessAdministration.firstOwnerEmail, password: password,
                                                                              address: "test")
            #expect(session.account.isOwner)
            #expect(session.membership == Membership(tenantID: Tenant.defaultID, role: .admin))
        }
    }
}
