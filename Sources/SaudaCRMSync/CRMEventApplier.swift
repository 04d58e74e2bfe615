import Foundation
import Logging
import SaudaCRM
import SaudaCore
import SaudaStore

/// Applies what a business's CRM reported (its webhook's events) to Sauda's records: a booking cancelled or moved
/// changes the scheduled call, a deal won or lost closes the lead, and each change is shown to the operators as an
/// alert on the conversation ("changed in the CRM"). An event about a record Sauda did not write is left alone.
public struct CRMEventApplier: Sendable {
    let database: any Database
    let logger: Logger

    /// Creates the applier.
    public init(database: any Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// What became of the events.
    public struct Outcome: Sendable, Hashable, Encodable {
        /// Events that changed one of Sauda's records.
        public var applied = 0
        /// Events about records Sauda does not know.
        public var unknown = 0
    }

    /// Applies `events` of the business's CRM `type`.
    public func apply(_ events: [CRMEvent], tenantID: String, type: CRMType, now: Date) async throws -> Outcome {
        var outcome = Outcome()
        for event in events {
            let applied = try await database.transaction { sql -> Bool in
                try await Self.apply(event, sql: sql, tenantID: tenantID, type: type, now: now)
            }
            if applied { outcome.applied += 1 } else { outcome.unknown += 1 }
        }
        logger.info("CRM events applied", metadata: ["tenant": "\(tenantID)", "crm": "\(type.rawValue)", "applied": "\(outcome.applied)",
                                                     "unknown": "\(outcome.unknown)"])
        return outcome
    }

    private static func apply(_ event: CRMEvent, sql: any SQLConnection, tenantID: String, type: CRMType, now: Date) async throws -> Bool {
        let links = CRMLinkRepository(sql)
        guard let link = try await links.find(tenantID: tenantID, crmType: type, crmKind: event.ref.kind, crmID: event.ref.id),
              let contactID = link.contactID, let contact = try await ContactRepository(sql).find(id: contactID) else { return false }
        let summary: String
        switch event {
        case .bookingCancelled:
            guard link.subject == .booking,
                  let call = try await ScheduledCallRepository(sql).update(tenantID: tenantID, id: link.subjectID, status: "cancelled") else { return false }
            summary = "Запись на \(Self.text(call.scheduledAt, zone: call.timeZone)) отменена в CRM (\(type.rawValue))"
        case .bookingMoved(_, let start):
            guard link.subject == .booking,
                  let call = try await ScheduledCallRepository(sql).update(tenantID: tenantID, id: link.subjectID, status: "scheduled", at: start,
                                                                            onlyIf: "scheduled")
            else { return false }
            summary = "Запись перенесена в CRM (\(type.rawValue)) на \(Self.text(call.scheduledAt, zone: call.timeZone))"
        case .leadStageChanged(_, let stage, let won):
            guard link.subject == .lead, let lead = try await LeadRepository(sql).find(tenantID: tenantID, id: link.subjectID) else { return false }
            if let won {
                // Already there (the CRM echoing Sauda's own write): nothing changes and nothing is written back.
                guard lead.stage != (won ? .won : .lost) else { return true }
                _ = try await LeadRepository(sql).setStage(tenantID: tenantID, id: link.subjectID, stage: won ? .won : .lost, now: now)
                summary = won ? "Сделка выиграна в CRM (\(type.rawValue), этап \(stage))" : "Сделка проиграна в CRM (\(type.rawValue), этап \(stage))"
            } else {
                summary = "Этап сделки в CRM (\(type.rawValue)) изменён: \(stage)"
            }
        }
        // An alert of this reason still open gets no second one; the change itself is stored either way.
        _ = try await AlertRepository(sql).add(OperatorAlert(reason: .crmChanged, summary: summary), key: contact.key, contactID: contactID, now: now)
        return true
    }

    private static func text(_ date: Date, zone: String) -> String {
        var style = Date.FormatStyle(date: .abbreviated, time: .shortened)
        style.timeZone = TimeZone(identifier: zone) ?? .gmt
        style.locale = Locale(identifier: "ru_RU")
        return date.formatted(style)
    }
}
