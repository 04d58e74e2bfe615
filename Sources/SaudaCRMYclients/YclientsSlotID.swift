import Foundation
import SaudaCore

/// What a YCLIENTS slot id carries: the exact `datetime` string `book_times` gave (sent back unchanged), the member of
/// staff (`0`: any) and the service. It is base64url JSON behind a `yc1.` prefix, so it survives a restart and needs no
/// state in the adapter.
struct YclientsSlotID: Sendable, Hashable {
    var datetime: String
    var staffID: String
    var serviceID: String?

    static let prefix = "yc1."

    /// The opaque id.
    var encoded: String {
        var object: [String: JSONValue] = ["d": .string(datetime), "s": .string(staffID)]
        if let serviceID { object["v"] = .string(serviceID) }
        let base64 = Data(JSONValue.object(object).jsonText.utf8).base64EncodedString()
        return Self.prefix + base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads an id ``encoded`` made; `nil` for anything else.
    init?(_ id: String) {
        guard id.hasPrefix(Self.prefix) else { return nil }
        var base64 = String(id.dropFirst(Self.prefix.count)).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let object = try? JSONValue.parse(data),
              let datetime = object["d"]?.stringValue, let staff = object["s"]?.stringValue else { return nil }
        self.init(datetime: datetime, staffID: staff, serviceID: object["v"]?.stringValue)
    }

    init(datetime: String, staffID: String, serviceID: String?) {
        self.datetime = datetime
        self.staffID = staffID
        self.serviceID = serviceID
    }
}
