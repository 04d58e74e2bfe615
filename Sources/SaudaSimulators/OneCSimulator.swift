import Foundation
import SaudaCore
import Synchronization

/// A 1C:Enterprise publication's standard OData interface (`/<publication>/odata/standard.odata/…`) for tests and
/// demos: the service document, `$metadata` (EDMX, OData v3), lists with `$filter` (see ``OneCFilter``), `$top`,
/// `$skip`, `$select`, reads, `POST` (201 with the record, `Ref_Key` a new GUID) and `PATCH` by `(guid'…')`, in 1C's
/// envelopes (`odata.metadata`/`value`) and errors (`{"odata.error":{"code":…,"message":{"lang":"ru","value":…}}}`).
///
/// It checks HTTP Basic (401 without a body, as the web server answers), answers an object that is not published
/// 404, a property the object has not 400, a tabular part's row written alone 400 (code 13), a query with a raw `+`
/// 500 (code -1, as a real publication did), and a query without `$format=json` 501 (it speaks no Atom). The
/// error codes other than 13 and -1 are the simulator's own (1C's were not checked). Faults: the next calls fail
/// with a status, the connection drops after a write is applied, slow answers.
public final class OneCSimulator: Sendable {
    /// One published object: its name and its properties (besides the standard ones of its kind).
    public struct Object: Sendable, Hashable {
        /// `Catalog_<Name>` or `Document_<Name>`.
        public var name: String
        /// The configuration's own properties (`Комментарий`, `ИНН`, `Контрагент_Key`).
        public var properties: [String]
        /// Creates an object.
        public init(_ name: String, properties: [String]) {
            self.name = name
            self.properties = properties
        }

        /// The standard properties of its kind, then its own.
        public var allProperties: [String] {
            let standard = name.hasPrefix("Document_")
                ? ["Ref_Key", "DataVersion", "DeletionMark", "Number", "Date", "Posted"]
                : ["Ref_Key", "DataVersion", "DeletionMark", "Description", "Code", "IsFolder", "Parent_Key", "Predefined"]
            return standard + properties.filter { !standard.contains($0) }
        }
    }

    /// The counterparties' catalog, with a plain phone property `Телефон` (real configurations keep phones in the
    /// `КонтактнаяИнформация` tabular part), and the customer order document.
    public static let defaultObjects = [
        Object("Catalog_Контрагенты", properties: ["НаименованиеПолное", "ИНН", "Комментарий", "Телефон", "ЭлектроннаяПочта",
                                                  "КонтактнаяИнформация"]),
        Object("Document_ЗаказКлиента", properties: ["Контрагент_Key", "Комментарий", "СуммаДокумента"]),
    ]

    struct State {
        var objects: [String: Object] = [:]
        /// Records by object, in creation order.
        var records: [String: [[String: JSONValue]]] = [:]
        var counter = 0
        var failures: [Int] = []
        var dropsAfterWrite = 0
        var answerDelay: Duration = .zero
        var requestCount = 0
    }

    let state = Mutex(State())
    /// The user requests must sign in as.
    public let user: String
    /// Their password.
    public let password: String
    /// The publication's name, the first path segment (`/<publication>/odata/standard.odata`).
    public let publication: String

    /// Creates a simulator publishing `objects`.
    public init(user: String = "sim-user", password: String = "sim-password", publication: String = "sim",
                objects: [Object] = OneCSimulator.defaultObjects) {
        self.user = user
        self.password = password
        self.publication = publication
        state.withLock { state in
            for object in objects {
                state.objects[object.name] = object
                state.records[object.name] = []
            }
        }
    }

    /// The records of an object, in creation order.
    public func records(_ object: String) -> [[String: JSONValue]] {
        state.withLock { $0.records[object] ?? [] }
    }

    /// Adds a record as if a person had typed it in 1C; returns its `Ref_Key`.
    @discardableResult
    public func seed(_ object: String, _ fields: [String: JSONValue]) -> String {
        state.withLock { state in
            let record = Self.newRecord(&state, object: object, fields: fields)
            state.records[object, default: []].append(record)
            return record["Ref_Key"]?.stringValue ?? ""
        }
    }

    /// The next `count` calls fail with `status` (500, 502 or 503) before doing anything.
    public func failNext(_ count: Int, status: Int = 500) {
        state.withLock { $0.failures.append(contentsOf: Array(repeating: status, count: count)) }
    }

    /// The next `count` writes are applied, and then the connection drops before the answer is sent.
    public func dropConnectionAfterNextWrite(_ count: Int = 1) {
        state.withLock { $0.dropsAfterWrite += count }
    }

    /// Every answer comes after `delay` (zero: at once).
    public func setAnswerDelay(_ delay: Duration) {
        state.withLock { $0.answerDelay = delay }
    }

    /// Calls received so far (refused ones too).
    public var requestCount: Int { state.withLock { $0.requestCount } }

    /// Forgets every record and fault (the published objects stay).
    public func reset() {
        state.withLock { state in
            for key in state.records.keys { state.records[key] = [] }
            state.failures = []
            state.dropsAfterWrite = 0
            state.answerDelay = .zero
        }
    }

    static func newRecord(_ state: inout State, object: String, fields: [String: JSONValue]) -> [String: JSONValue] {
        state.counter += 1
        var record = fields
        record["Ref_Key"] = .string(UUID().uuidString.lowercased())
        record["DataVersion"] = .string(Data("sim\(state.counter)".utf8).base64EncodedString())
        record["DeletionMark"] = record["DeletionMark"] ?? .bool(false)
        if object.hasPrefix("Document_") {
            record["Number"] = .string(String(format: "SIM-%07d", state.counter))
            record["Posted"] = .bool(false)
            if record["Date"] == nil { record["Date"] = "0001-01-01T00:00:00" }
        } else {
            record["Code"] = .string(String(format: "%09d", state.counter))
            record["Description"] = record["Description"] ?? ""
            record["IsFolder"] = .bool(false)
            record["Parent_Key"] = "00000000-0000-0000-0000-000000000000"
            record["Predefined"] = .bool(false)
        }
        return record
    }
}
