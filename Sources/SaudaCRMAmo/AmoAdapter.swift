import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1
import SaudaCRM
import SaudaCore

/// amoCRM (Kommo) through its API v4: customers are contacts (found by phone with the full-text `query` and
/// re-verified against their `PHONE` field), leads are leads (a new one with its new contact in one
/// `POST /api/v4/leads/complex`), notes are `common` notes on a lead or a contact, and a lead's stage change arrives by
/// webhook.
///
/// Each lead carries Sauda's idempotency key, in the lead's text custom field `key_field_id` when the settings name one
/// (found again with `query=<key>` and checked on the field), or else in a tag `sauda-key:<key>` (found again among the
/// account's most recent leads); ``upsertLead(_:customer:key:)`` updates the lead it finds instead of adding another.
///
/// Credentials are a long-lived token, or OAuth tokens that are refreshed once on a 401 (a single refresh however many
/// calls were refused together), sealed back through the ``CRMCredentialsStore`` before use, and the call retried once.
public struct AmoAdapter: CRMAdapter {
    /// The tag every lead and contact Sauda makes carries.
    public static let tag = "sauda"
    /// The prefix of the tag that holds a lead's key when the settings name no key field.
    public static let keyTagPrefix = "sauda-key:"

    let client: AmoClient
    let logger: Logger

    /// The account's settings.
    public var settings: AmoSettings { client.settings }

    /// Creates an adapter for the account in `settings`.
    /// - Parameters:
    ///   - store: where renewed OAuth tokens are sealed (needed with OAuth credentials; a long-lived token never renews).
    ///   - timeout: the longest a call may take.
    ///   - now: the wall clock, to renew an OAuth token before its stated expiry.
    public init(settings: AmoSettings, credentials: AmoCredentials, store: (any CRMCredentialsStore)? = nil, client: HTTPClient = .shared,
                logger: Logger = Logger(label: "sauda.crm.amocrm"), timeout: Duration = .seconds(30),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = AmoClient(settings: settings, credentials: credentials, store: store, http: client, logger: logger, timeout: timeout,
                                now: now)
        self.logger = logger
    }

    /// Creates an adapter from a connection's configuration: `CRM_BASE_URL` (the account's address), `CRM_API_KEY` (a
    /// long-lived token, or the OAuth JSON), `CRM_SETTINGS` (`pipeline_id`, `status_id`, `responsible_user_id`,
    /// `key_field_id`, `account_id`, `subdomain`, all optional) and the field mapping (a lead detail → a custom field id).
    /// - Throws: ``CRMError/notConfigured(reason:)`` naming the missing or wrong setting.
    public init(config: CRMConnectionConfig, client: HTTPClient = .shared, store: (any CRMCredentialsStore)? = nil,
                logger: Logger = Logger(label: "sauda.crm.amocrm"), timeout: Duration = .seconds(30),
                now: @escaping @Sendable () -> Date = { Date() }) throws(CRMError) {
        let settings = try AmoSettings(config: config)
        let credentials = try AmoCredentials(parsing: config.credentials)
        if case .oauth = credentials, store == nil {
            throw .notConfigured(reason: "CRM_API_KEY holds OAuth tokens but the connection has no store to seal renewed tokens in")
        }
        self.init(settings: settings, credentials: credentials, store: store, client: client, logger: logger, timeout: timeout, now: now)
    }

    public var capabilities: Set<CRMCapability> { [.findCustomer, .upsertCustomer, .upsertLead, .addNote, .receiveEvents] }

    /// A new lead's summary is its first note (amoCRM's leads have no comments field).
    public var writesSummaryAsNote: Bool { true }

    /// `GET /api/v4/account`: the account's name and subdomain.
    public func checkConnection() async throws(CRMError) -> CRMAccountInfo {
        guard let account = try await client.send(AmoCall(method: .GET, path: "/api/v4/account")), account["id"] != nil else {
            throw .retryable(reason: "amoCRM answered /api/v4/account without an account", outcomeUnknown: false)
        }
        let name = account["name"]?.stringValue ?? "amoCRM"
        let subdomain = account["subdomain"]?.stringValue ?? settings.subdomain ?? ""
        return CRMAccountInfo(name: subdomain.isEmpty ? name : "\(name) (\(subdomain))", capabilities: capabilities)
    }

    /// Searches contacts by the number's last ten digits (`query` is full-text: `+7…`, `8…` and `7…` do not find each
    /// other) and returns the first whose `PHONE` field holds the same number.
    public func findCustomer(phone: String) async throws(CRMError) -> CRMCustomer? {
        try await findContact(phone: phone).map(Self.customer)
    }

    /// Updates the contact with this phone (its name, a new e-mail), or creates one.
    ///
    /// Contacts carry no key: the phone is what makes a second call find the first one's contact.
    public func upsertCustomer(_ customer: CustomerDraft, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        if let existing = try await findContact(phone: customer.phone) {
            let found = Self.customer(existing)
            var item: [String: JSONValue] = ["id": .number(Double(found.ref.id) ?? 0)]
            if let name = customer.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty, name != found.name {
                item["name"] = .string(name)
            }
            let emails = Self.values(of: "EMAIL", in: existing)
            if let email = customer.email, !emails.contains(where: { $0.lowercased() == email.lowercased() }) {
                // A multitext field is replaced whole: the e-mails it has are sent again with the new one.
                let values = (emails + [email]).map { JSONValue.object(["value": .string($0), "enum_code": "WORK"]) }
                item["custom_fields_values"] = [["field_code": "EMAIL", "values": .array(values)]]
            }
            if item.count > 1 {
                _ = try await client.send(AmoCall(method: .PATCH, path: "/api/v4/contacts", body: [.object(item)]))
            }
            return found.ref
        }
        var contact = contactItem(name: customer.name, phone: customer.phone, email: customer.email)
        contact["_embedded"] = ["tags": [["name": .string(Self.tag)]]]
        let answer = try await client.send(AmoCall(method: .POST, path: "/api/v4/contacts", body: [.object(contact)]))
        return try Self.createdRef("contact", answer?["_embedded"]?["contacts"]?.arrayValue?.first)
    }

    /// Updates the lead written earlier with `key` (its name and custom fields: its stage and tags are the business's),
    /// or creates it: with `customer` (or the contact that has the lead's phone) linked, or else with a new contact in
    /// one `leads/complex` call. A new lead's summary and unmapped details become its first note.
    public func upsertLead(_ lead: LeadDraft, customer: CRMRef?, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        let fields = leadFields(lead, key: key)
        if let existing = try await findLead(key) {
            var item: [String: JSONValue] = ["id": .number(Double(existing) ?? 0), "name": .string(lead.title)]
            if !fields.isEmpty { item["custom_fields_values"] = .array(fields) }
            _ = try await client.send(AmoCall(method: .PATCH, path: "/api/v4/leads", body: [.object(item)]))
            return CRMRef(kind: "lead", id: existing)
        }
        var item: [String: JSONValue] = ["name": .string(lead.title)]
        if let pipeline = settings.pipelineID { item["pipeline_id"] = .number(Double(pipeline)) }
        if let status = settings.statusID { item["status_id"] = .number(Double(status)) }
        if let user = settings.responsibleUserID { item["responsible_user_id"] = .number(Double(user)) }
        if !fields.isEmpty { item["custom_fields_values"] = .array(fields) }
        var tags: [JSONValue] = [["name": .string(Self.tag)]]
        if !lead.channel.isEmpty { tags.append(["name": .string(lead.channel)]) }
        if settings.keyFieldID == nil { tags.append(["name": .string(Self.keyTag(key))]) }
        var contactID: Int?
        if let customer, customer.kind == "contact", let id = Int(customer.id) {
            contactID = id
        } else {
            contactID = try await findContact(phone: lead.phone).flatMap { Self.int($0["id"]) }
        }
        let ref: CRMRef
        if let contactID {
            item["_embedded"] = ["tags": .array(tags), "contacts": [["id": .number(Double(contactID))]]]
            let answer = try await client.send(AmoCall(method: .POST, path: "/api/v4/leads", body: [.object(item)]))
            ref = try Self.createdRef("lead", answer?["_embedded"]?["leads"]?.arrayValue?.first)
        } else {
            var contact = contactItem(name: lead.customerName, phone: lead.phone, email: nil)
            contact["_embedded"] = ["tags": [["name": .string(Self.tag)]]]
            item["_embedded"] = ["tags": .array(tags), "contacts": [.object(contact)]]
            item["request_id"] = .string(key.value)
            let answer = try await client.send(AmoCall(method: .POST, path: "/api/v4/leads/complex", body: [.object(item)]))
            ref = try Self.createdRef("lead", answer?.arrayValue?.first)
        }
        let note = summaryNote(lead)
        if !note.isEmpty {
            do throws(CRMError) {
                _ = try await addNote(note, to: ref, key: IdempotencyKey(key.value + ":summary"))
            } catch {
                // The lead is made; a lost summary must not make the caller write the lead again.
                logger.warning("amoCRM: the new lead's summary note was not added", metadata: ["lead": "\(ref.id)", "error": "\(error)"])
            }
        }
        return ref
    }

    /// Adds a `common` note to a lead, a contact or a company. amoCRM keeps no key on a note, so a note whose answer was
    /// lost cannot be reconciled; the caller decides whether a second copy is worse than none.
    public func addNote(_ text: String, to record: CRMRef, key: IdempotencyKey) async throws(CRMError) -> CRMRef {
        let entity: String
        switch record.kind {
        case "lead": entity = "leads"
        case "contact": entity = "contacts"
        case "company": entity = "companies"
        default: throw .refused(.invalidInput, reason: "amoCRM has no notes on a \(record.kind)")
        }
        guard let id = Int(record.id) else { throw .refused(.invalidInput, reason: "not an amoCRM id: \(record.id)") }
        let note: JSONValue = ["note_type": "common", "params": ["text": .string(text)]]
        let answer = try await client.send(AmoCall(method: .POST, path: "/api/v4/\(entity)/\(id)/notes", body: [note]))
        return try Self.createdRef("note", answer?["_embedded"]?["notes"]?.arrayValue?.first)
    }

    /// The lead written with this key, if it was written. Contacts and notes carry no key: `nil` for their keys.
    public func reconcile(_ key: IdempotencyKey) async throws(CRMError) -> CRMRef? {
        try await findLead(key).map { CRMRef(kind: "lead", id: $0) }
    }

    /// Reads amoCRM's form-encoded webhook: each `leads[status][n]` is a ``CRMEvent/leadStageChanged(_:stage:won:)``
    /// (status 142 is won, 143 lost). amoCRM signs nothing, so the account it names (`account[subdomain]`,
    /// `account[id]`) must be this connection's, or the request is refused as `.accessDenied`.
    public func parseWebhook(_ request: CRMWebhookRequest) async throws(CRMError) -> [CRMEvent] {
        try AmoWebhook.parse(request, settings: settings)
    }
}
