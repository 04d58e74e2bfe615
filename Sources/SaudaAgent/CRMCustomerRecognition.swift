import Foundation
import Logging
import SaudaCRM
import SaudaCRMSync
import SaudaCore
import SaudaStore

/// Recognises a returning customer on their first message: the business's CRM is asked for a customer with the
/// contact's phone (within a few seconds: the turn does not wait longer), and one found gives the contact the name the
/// CRM knows and the link to the CRM's record, so the reply greets them by name and the CRM sync updates that record
/// instead of making another. A CRM that is not there, slow or failing changes nothing.
public struct CRMCustomerRecognition: Sendable {
    let database: any Database
    let adapters: any CRMAdapterSource
    let timeout: Duration
    let logger: Logger

    /// Creates the recognition.
    public init(database: any Database, adapters: any CRMAdapterSource, timeout: Duration = .seconds(3), logger: Logger) {
        self.database = database
        self.adapters = adapters
        self.timeout = timeout
        self.logger = logger
    }

    /// The name the business's CRM knows the new contact by, stored on the contact with the CRM's id; `nil` when the
    /// CRM has no such customer (or no name for them), cannot look up, or does not answer in time.
    public func recognise(_ contact: Contact, now: Date) async -> String? {
        guard contact.id != 0, contact.key.channel.knowsPhoneNumbers, let digits = contact.phoneNumber.flatMap(PhoneNumber.normalize),
              let binding = try? await adapters.binding(tenantID: contact.key.tenantID), binding.state == .active,
              binding.adapter.capabilities.contains(.findCustomer) else { return nil }
        let found = await withTaskGroup(of: CRMCustomer??.self) { group in
            group.addTask { try? await binding.adapter.findCustomer(phone: "+" + digits) }
            group.addTask { [timeout] in
                try? await Task.sleep(for: timeout)
                return .some(nil)
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? nil
        }
        guard let customer = found, let name = customer.name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else { return nil }
        let link = CRMLink(tenantID: contact.key.tenantID, subject: .contact, subjectID: contact.id, contactID: contact.id,
                           crmType: binding.type, crmKind: customer.ref.kind, crmID: customer.ref.id, createdAt: now, updatedAt: now)
        do {
            try await database.transaction { sql in
                _ = try await ContactRepository(sql).findOrCreate(key: contact.key, phoneNumber: contact.phoneNumber,
                                                                  profile: ContactProfile(fullName: name), initialStatus: contact.status, now: now)
                try await CRMLinkRepository(sql).save(link)
            }
        } catch {
            logger.warning("a returning customer's CRM record could not be kept", metadata: ["error": "\(error)"])
        }
        logger.info("returning customer recognised in the CRM", metadata: ["crm": "\(binding.type.rawValue)"])
        return name
    }
}
