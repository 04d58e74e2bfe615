import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
@testable import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// People sign in to the console with an email and a password; a session is a token that expires and ends on sign-out.
@Suite struct AccountSignInTests {
    static let password = "долгий-пароль-2026"

    /// Makes an account of `tenant` with `role`.
    @discardableResult
    static func account(_ fixture: AdminAPITests.Fixture, email: String, tenant: String? = "default", role: AccessRole = .operator) async throws -> Account {
        try await fixture.system.database.transaction { sql in
            let accounts = AccountRepository(sql)
            let account = try #require(try await accounts.create(email: email, name: "Айгерим", password: try PasswordHash(hashing: password, cost: .fast),
                                                                 now: Date()))
            if let tenant { try await accounts.join(accountID: account.id, tenantID: tenant, role: role, now: Date()) }
            return account
        }
    }

    @Test func anAccountSignsInWorksInItsBusinessAndItsSessionEndsOnSignOut() async throws {
        try await DashboardTests.withConsole { fixture in
            try await Self.account(fixture, email: "aigerim@shop.kz")
            let form = try await DashboardTests.call(fixture, .get, "/console/login", token: nil)
            #expect(form.body.contains("name=\"email\""))
            #expect(form.body.contains("name=\"token\""))

            let good = try await DashboardTests.call(fixture, .post, "/console/login", token: nil,
                                                     form: ["email": " Aigerim@Shop.KZ ", "password": Self.password, "next": "/console/conversations"])
            #expect(good.status == .seeOther)
            #expect(good.location == "/console/conversations")
            let cookie = try #require(good.cookies.first { $0.hasPrefix("sauda_console=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let session = String(cookie.dropFirst("sauda_console=".count).prefix { $0 != ";" })
            #expect(session.hasPrefix("sda_"))
            #expect(try await DashboardTests.call(fixture, .get, "/console", token: session).status == .ok)
            // An operator: the admin pages are not hers.
            #expect(try await DashboardTests.call(fixture, .post, "/console/whitelist", token: session, form: ["phone": "+77015550000"]).status == .forbidden)
            // Sessions are not API tokens: the tokens list leaves them out.
            let tokens = try await fixture.system.database.read { try await ApiTokenRepository($0).list(tenantID: "default") }
            #expect(!tokens.contains { $0.name == "Айгерим" && $0.role == .operator && $0.prefix == String(session.prefix(10)) })

            let out = try await DashboardTests.call(fixture, .post, "/console/logout", token: session)
            #expect(out.status == .seeOther)
            let after = try await DashboardTests.call(fixture, .get, "/console", token: session)
            #expect(after.status == .seeOther)
            #expect(after.location?.hasPrefix("/console/login") == true)
        }
    }

    @Test func wrongPasswordsUnknownEmailsAndSuspendedAccountsGetOneAnswerAndAttemptsAreLimited() async throws {
        try await DashboardTests.withConsole { fixture in
            try await Self.account(fixture, email: "owner@shop.kz", role: .admin)
            try await Self.account(fixture, email: "nobody@shop.kz", tenant: nil)
            let wrong = try await DashboardTests.call(fixture, .post, "/console/login", token: nil, form: ["email": "owner@shop.kz", "password": "не-тот-пароль-1"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("Email или пароль не подошли"))
            #expect(wrong.cookies.isEmpty)
            let unknown = try await DashboardTests.call(fixture, .post, "/console/login", token: nil, form: ["email": "ghost@shop.kz", "password": Self.password])
            #expect(unknown.status == .unauthorized)
            #expect(unknown.body.contains("Email или пароль не подошли"))
            let homeless = try await DashboardTests.call(fixture, .post, "/console/login", token: nil, form: ["email": "nobody@shop.kz", "password": Self.password])
            #expect(homeless.status == .forbidden)

            try await fixture.system.database.transaction { sql in
                try await AccountRepository(sql).setSuspended(email: "owner@shop.kz", true, now: Date())
            }
            let suspended = try await DashboardTests.call(fixture, .post, "/console/login", token: nil, form: ["email": "owner@shop.kz", "password": Self.password])
            #expect(suspended.status == .unauthorized)

            // Too many attempts get 429 with Retry-After, even with the right password (the limits themselves, on a
            // manual clock: attemptsAreLimitedPerEmailAndPerAddress).
            try await fixture.system.database.transaction { sql in
                try await AccountRepository(sql).setSuspended(email: "owner@shop.kz", false, now: Date())
            }
            var limited: DashboardTests.Reply?
            for _ in 0..<12 where limited == nil {
                let reply = try await DashboardTests.call(fixture, .post, "/console/login", token: nil, form: ["email": "owner@shop.kz", "password": Self.password])
                if reply.status == .tooManyRequests { limited = reply }
            }
            let refused = try #require(limited)
            #expect(refused.headers[.retryAfter] != nil)
            #expect(refused.body.contains("Слишком много попыток"))
            #expect(refused.cookies.isEmpty)
        }
    }

    @Test func attemptsAreLimitedPerEmailAndPerAddress() async throws {
        try await withTestDatabase(.sqlite) { database in
            try await database.transaction { sql in
                let accounts = AccountRepository(sql)
                for email in ["a@shop.kz", "b@shop.kz"] {
                    let account = try #require(try await accounts.create(email: email, name: email, password: try PasswordHash(hashing: Self.password, cost: .fast), now: Date()))
                    try await accounts.join(accountID: account.id, tenantID: "default", role: .viewer, now: Date())
                }
            }
            let clock = ManualClock()
            let signIn = AccountSignIn(database: database, attempts: RateLimiter(perMinute: 10, burst: 5, clock: clock))
            func attempt(_ email: String, _ password: String, from address: String) async -> AccountSignIn.Refusal? {
                do {
                    _ = try await signIn.signIn(email: email, password: password, address: address)
                    return nil
                } catch let refusal as AccountSignIn.Refusal {
                    return refusal
                } catch {
                    Issue.record("\(error)")
                    return nil
                }
            }
            // Five wrong guesses at one email from five addresses; the sixth is refused, even with the right password.
            for index in 0..<5 { #expect(await attempt("a@shop.kz", "wrong-password-\(index)", from: "10.0.0.\(index)") == .badCredentials) }
            guard case .tooManyAttempts(let wait) = await attempt("a@shop.kz", Self.password, from: "10.0.0.9") else {
                Issue.record("the email's sixth attempt went through")
                return
            }
            #expect(wait > .zero && wait <= .seconds(6))
            // One address guessing at many emails is limited too.
            for _ in 0..<5 { #expect(await attempt("b@shop.kz", "wrong-password-x", from: "10.9.9.9") != nil) }
            if case .tooManyAttempts = await attempt("c@shop.kz", "wrong-password-y", from: "10.9.9.9") {} else {
                Issue.record("the address's sixth attempt went through")
            }
            // A minute's refill lets the right password in.
            clock.advance(by: .seconds(60))
            #expect(await attempt("a@shop.kz", Self.password, from: "10.0.0.9") == nil)
        }
    }

    @Test func anExpiredOrSuspendedSessionNoLongerOpensTheConsole() async throws {
        try await DashboardTests.withConsole { fixture in
            let account = try await Self.account(fixture, email: "late@shop.kz")
            let (expired, live) = try await fixture.system.database.transaction { sql in
                (try await AccessTokens.issue(tenantID: "default", name: "Айгерим", role: .operator, in: sql, now: Date().addingTimeInterval(-8 * 86_400),
                                              expiresAt: Date().addingTimeInterval(-86_400), accountID: account.id).token,
                 try await AccessTokens.issue(tenantID: "default", name: "Айгерим", role: .operator, in: sql,
                                              expiresAt: Date().addingTimeInterval(3_600), accountID: account.id).token)
            }
            #expect(try await DashboardTests.call(fixture, .get, "/console", token: expired).status == .seeOther)
            #expect(try await DashboardTests.call(fixture, .get, "/console", token: live).status == .ok)
            try await fixture.system.database.transaction { sql in
                try await AccountRepository(sql).setSuspended(email: "late@shop.kz", true, now: Date())
            }
            fixture.system.authenticator.forget()
            #expect(try await DashboardTests.call(fixture, .get, "/console", token: live).status == .seeOther)
        }
    }
}
