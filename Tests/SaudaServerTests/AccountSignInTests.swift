import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaServer
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

            // Five attempts at once for one email; the sixth waits, with Retry-After, even with the right password.
            try await fixture.system.database.transaction { sql in
                try await AccountRepository(sql).setSuspended(email: "owner@shop.kz", false, now: Date())
            }
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                statuses.append(try await DashboardTests.call(fixture, .post, "/console/login", token: nil,
                                                              form: ["email": "owner@shop.kz", "password": Self.password]).status)
            }
            let limited = try await DashboardTests.call(fixture, .post, "/console/login", token: nil, form: ["email": "owner@shop.kz", "password": Self.password])
            // Seven attempts from this address by now: the sixth and seventh are over its five at once.
            #expect(statuses == [.seeOther, .tooManyRequests, .tooManyRequests])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(limited.body.contains("Слишком много попыток"))
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
