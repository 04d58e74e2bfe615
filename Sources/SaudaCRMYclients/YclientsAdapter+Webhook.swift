import Foundation
import SaudaCRM
import SaudaCore

extension YclientsAdapter {
    /// Reads YCLIENTS's webhook: `{company_id, resource, resource_id, status, data}` (or an array of them). YCLIENTS
    /// signs nothing: the caller serves it on an unguessable path per business, and here `company_id` must be the
    /// branch's (else `refused(.accessDenied)`). A record deleted, or updated with `deleted: true` or `attendance: -1`,
    /// is ``CRMEvent/bookingCancelled(_:)``; any other record update carrying a `datetime` is
    /// ``CRMEvent/bookingMoved(_:start:)`` (the caller compares it with the start it keeps). Other resources and
    /// records created are `[]`.
    public func parseWebhook(_ request: CRMWebhookRequest) async throws(CRMError) -> [CRMEvent] {
        guard let body = try? JSONValue.parse(Data(request.body)) else {
            throw .refused(.invalidInput, reason: "a YCLIENTS webhook that is not JSON")
        }
        let items = body.arrayValue ?? [body]
        var events: [CRMEvent] = []
        for item in items {
            guard item.objectValue != nil else { throw .refused(.invalidInput, reason: "a YCLIENTS webhook event that is not an object") }
            guard YclientsJSON.id(item["company_id"]) == companyID else {
                throw .refused(.accessDenied, reason: "a YCLIENTS webhook for another company")
            }
            if let event = event(item) { events.append(event) }
        }
        return events
    }

    /// The event one webhook item means, if Sauda keeps anything of it.
    func event(_ item: JSONValue) -> CRMEvent? {
        guard item["resource"]?.stringValue == "record" else { return nil }
        let data = item["data"] ?? .null
        guard let id = YclientsJSON.id(item["resource_id"]) ?? YclientsJSON.id(data["id"]) else { return nil }
        let ref = CRMRef(kind: "record", id: id)
        let status = item["status"]?.stringValue ?? ""
        let deleted = data["deleted"]?.boolValue == true || data["deleted"].flatMap(YclientsJSON.int) == 1
        let noShow = data["attendance"].flatMap(YclientsJSON.int) == -1
        if status == "delete" || deleted || noShow { return .bookingCancelled(ref) }
        guard status == "update", let datetime = data["datetime"]?.stringValue else { return nil }
        let zone = settings.timeZone ?? TimeZone(secondsFromGMT: 0) ?? .current
        return YclientsJSON.date(datetime, zone: zone).map { .bookingMoved(ref, start: $0) }
    }
}
