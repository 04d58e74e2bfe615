import Foundation
import Hummingbird
import Logging
import SaudaAgent
import SaudaCore
import SaudaStore

/// `/api/v1/contacts/{phone}/classify`: runs the moderator on a contact now (seed 004's force-reclassify), for an
/// operator who wants a verdict before the automatic one, or a new one after the conversation changed.
struct ContactsController: Sendable {
    let database: any Database
    let authenticator: AdminAuthenticator
    let moderator: Moderator
    let maxContextMessages: Int

    struct Verdict: Encodable {
        let phoneNumber: String
        let status: String
        let isClient: Bool?
        let confidence: Double
        let reasoning: String
        let messages: Int

        enum CodingKeys: String, CodingKey {
            case phoneNumber = "phone_number", status, isClient = "is_client", confidence, reasoning, messages
        }
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("api/v1/contacts/:phone/classify", use: classify)
    }

    @Sendable func classify(request: Request, context: BasicRequestContext) async throws -> Response {
        let caller = try await authenticator.authorize(request, needs: .operator)
        let raw = try context.parameters.require("phone").removingPercentEncoding ?? ""
        let phone = try WhitelistController.normalized(raw)
        let limit = maxContextMessages
        let found = try await database.read { sql -> (Contact, [StoredMessage], String)? in
            guard let contact = try await ContactRepository(sql).find(tenantID: caller.tenantID, phone: phone) else { return nil }
            let history = try await MessageRepository(sql).recent(contactID: contact.id, limit: limit)
            let business = try await TenantRepository(sql).find(id: caller.tenantID)?.name ?? ""
            return (contact, history, business)
        }
        guard let (contact, history, business) = found else {
            throw APIError(.notFound, "no contact with the number +\(phone) in this tenant")
        }
        guard history.contains(where: { $0.author == .customer }) else {
            throw APIError(.conflict, "+\(phone) has not written yet: there is nothing to classify")
        }
        let now = Date()
        let verdict = await moderator.classify(profile: contact.profile, history: history.map(\.conversationMessage), businessName: business,
                                               now: now, tenantID: caller.tenantID, contactID: contact.id)
        // A model that gave no usable answer leaves the stored verdict as it was.
        guard verdict != Moderator.deferred else {
            throw APIError(.serviceUnavailable, "the moderator's model gave no usable answer; the stored verdict is unchanged, try again later")
        }
        try await database.transaction { sql in
            try await ContactRepository(sql).saveClassification(contactID: contact.id, verdict, now: now)
        }
        context.logger.info("contact classified on request", metadata: [
            "tenant": "\(caller.tenantID)", "contact": "\(contact.id)", "status": "\(verdict.status.rawValue)", "token": "\(caller.name)"])
        return try JSONResponse.make(Verdict(phoneNumber: "+" + phone, status: verdict.status.rawValue, isClient: verdict.isClient,
                                             confidence: verdict.confidence, reasoning: verdict.reasoning, messages: history.count))
    }
}
