import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaModels
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `POST /api/v1/contacts/{phone}/classify`: the moderator on demand, within the caller's tenant only.
@Suite struct ContactsAPITests {
    @Test func anOperatorForcesAClassificationThatIsStoredWithTheContact() async throws {
        try await AdminAPITests.withAdminAPI { fixture in
            let key = ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "77015550042@c.us")
            let contact = try await fixture.system.database.transaction { sql in
                let contact = try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: "+77015550042",
                                                                          profile: ContactProfile(name: "Асель"), initialStatus: .unknown, now: Date())
                _ = try await MessageRepository(sql).storeCustomerMessages(
                    [NewCustomerMessage(messageID: "c1", text: "Здравствуйте! Сколько стоят EVA коврики на Camry? Есть доставка в Астану?",
                                        isVoice: false, sentAt: Date())], contact: contact)
                return contact
            }
            #expect(contact.status == .unknown, "one message: the automatic moderator waits for three")
            let viewer = try await AdminAPITests.call(fixture, .post, "/api/v1/contacts/+77015550042/classify", token: fixture.viewer)
            #expect(viewer.status == .forbidden)
            let forced = try await AdminAPITests.call(fixture, .post, "/api/v1/contacts/8%20701%20555%2000%2042/classify", token: fixture.operatorToken)
            #expect(forced.status == .ok)
            #expect(forced.json?["status"] == "client")
            #expect(forced.json?["is_client"] == true)
            #expect(forced.json?["reasoning"]?.stringValue?.contains("спрашивает о ценах") == true)
            let stored = try await fixture.system.database.read { sql in try await ContactRepository(sql).find(key: key) }
            #expect(stored?.status == .client)
            #expect(stored?.reasoning == forced.json?["reasoning"]?.stringValue)

            let elsewhere = try await AdminAPITests.call(fixture, .post, "/api/v1/contacts/77015550042/classify", token: fixture.otherTenantAdmin)
            #expect(elsewhere.status == .notFound, "another tenant's token does not reach this contact")
            let bad = try await AdminAPITests.call(fixture, .post, "/api/v1/contacts/call-me/classify", token: fixture.admin)
            #expect(bad.status == .badRequest)
            let nobody = try await AdminAPITests.call(fixture, .post, "/api/v1/contacts/77019999999/classify", token: fixture.admin)
            #expect(nobody.status == .notFound)
            let anonymous = try await AdminAPITests.call(fixture, .post, "/api/v1/contacts/77015550042/classify", token: nil)
            #expect(anonymous.status == .unauthorized)
        }
    }
}
