import Foundation
import SaudaCRM
import SaudaCore

extension Bitrix24Adapter {
    /// Reads an outbound webhook's form (`event=ONCRMDEALUPDATE&data[FIELDS][ID]=…&auth[application_token]=…`): the token
    /// is compared in constant time with `CRM_SETTINGS` `application_token` (a mismatch is `refused(.accessDenied)`),
    /// then the deal or lead is read again (`crm.deal.get`, `crm.lead.get`) for its stage: `.leadStageChanged` with
    /// `won` true for `WON`/`CONVERTED` (or the success semantic), false for `LOSE`/`JUNK` (or the failure semantic).
    /// `ONBOOKINGDELETE` is `.bookingCancelled`. A record deleted meanwhile and other events give `[]`.
    public func parseWebhook(_ request: CRMWebhookRequest) async throws(CRMError) -> [CRMEvent] {
        guard let expected = applicationToken else {
            throw .notConfigured(reason: "CRM_SETTINGS has no application_token: the outbound webhook's token")
        }
        let form = Self.form(request.body)
        guard let given = form["auth[application_token]"], Self.sameSecret(given, expected) else {
            throw .refused(.accessDenied, reason: "Bitrix24 webhook: the application token does not match")
        }
        let event = (form["event"] ?? "").uppercased()
        // CRM events carry `data[FIELDS][ID]`, booking events `data[ID]`.
        let id = form["data[FIELDS][ID]"] ?? form["data[ID]"] ?? ""
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else { return [] }
        switch event {
        case "ONCRMDEALUPDATE", "ONCRMDEALADD":
            guard let deal = try await reread("crm.deal.get", id: id), let stage = deal["STAGE_ID"]?.stringValue else { return [] }
            return [.leadStageChanged(CRMRef(kind: "deal", id: id), stage: stage,
                                      won: Self.outcome(stage, semantic: deal["STAGE_SEMANTIC_ID"]?.stringValue, won: ["WON"], lost: ["LOSE"]))]
        case "ONCRMLEADUPDATE", "ONCRMLEADADD":
            guard let lead = try await reread("crm.lead.get", id: id), let status = lead["STATUS_ID"]?.stringValue else { return [] }
            return [.leadStageChanged(CRMRef(kind: "lead", id: id), stage: status,
                                      won: Self.outcome(status, semantic: lead["STATUS_SEMANTIC_ID"]?.stringValue, won: ["CONVERTED"], lost: ["JUNK"]))]
        case "ONBOOKINGDELETE":
            return [.bookingCancelled(CRMRef(kind: "booking", id: id))]
        default:
            return []
        }
    }

    /// The record as `get` gives it now; `nil` when it was deleted meanwhile.
    func reread(_ method: String, id: String) async throws(CRMError) -> JSONValue? {
        do throws(CRMError) {
            return try await client.call(method, ["id": .string(id)], write: false)["result"]
        } catch .refused(.notFound, _) {
            return nil
        }
    }

    /// Whether a stage is final and won (`true`), final and lost (`false`), or neither: the semantic (`S`, `F`) when
    /// given, else the stage id (a pipeline's stages are prefixed, `C1:WON`).
    static func outcome(_ stage: String, semantic: String?, won: Set<String>, lost: Set<String>) -> Bool? {
        switch semantic?.uppercased() {
        case "S": return true
        case "F": return false
        default: break
        }
        let bare = stage.split(separator: ":").last.map(String.init)?.uppercased() ?? stage
        if won.contains(bare) { return true }
        if lost.contains(bare) { return false }
        return nil
    }

    /// A form-encoded body's fields (`+` a space, percent-escapes decoded); the first of a repeated name.
    static func form(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            guard let name = parts.first, fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }

    /// Compares two secrets in time that depends only on their lengths, not on where they differ.
    static func sameSecret(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8), b = Array(expected.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
