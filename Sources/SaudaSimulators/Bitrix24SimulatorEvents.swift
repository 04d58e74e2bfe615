import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import SaudaCore
import Synchronization

/// The portal's deals (enough for `crm.deal.get`) and its outbound webhooks: `ONCRMDEALUPDATE`, `ONCRMLEADUPDATE`,
/// `ONBOOKINGDELETE` and the like posted form-encoded (`event=…&data[FIELDS][ID]=…&auth[application_token]=…`) to a
/// handler's URL, as a portal's outgoing webhook does.
extension Bitrix24Simulator {
    /// The outbound webhook's token sent as `auth[application_token]` (`sim-app-token` until set).
    public var applicationToken: String {
        get { state.withLock { $0.applicationToken } }
        set { state.withLock { $0.applicationToken = newValue } }
    }

    /// The deals stored, by id.
    public var deals: [Int: [String: JSONValue]] { state.withLock { $0.deals } }

    /// Adds a deal as a person would (stage `NEW` unless `fields` names one); returns its id.
    @discardableResult
    public func seedDeal(_ fields: [String: JSONValue] = [:]) -> Int {
        state.withLock { state in
            let id = state.nextID["deal", default: 1]
            state.nextID["deal"] = id + 1
            var record: [String: JSONValue] = ["ID": .string(String(id)), "TITLE": "Сделка", "STAGE_ID": "NEW", "CATEGORY_ID": "0"]
            record.merge(fields.mapValues(Self.text)) { $1 }
            state.deals[id] = record
            return id
        }
    }

    /// Moves a deal to `stage` (`WON`, `LOSE`, `C1:PREPARATION`), or a lead to the status `stage` when `lead` is set.
    public func setStage(_ stage: String, id: Int, lead: Bool = false) {
        state.withLock { state in
            if lead { state.leads[id]?["STATUS_ID"] = .string(stage) } else { state.deals[id]?["STAGE_ID"] = .string(stage) }
        }
    }

    /// `crm.deal.get`: the deal with its `STAGE_SEMANTIC_ID` (`S` won, `F` lost, `P` in progress), or 400 "Not found".
    func getDeal(_ params: [String: JSONValue]) -> Answer {
        guard let id = Self.id(Self.param(params, "id")) else { return Self.failure(400, "", "ID is not defined or invalid.") }
        guard var record = state.withLock({ $0.deals[id] }) else { return Self.failure(400, "", "Not found") }
        let stage = record["STAGE_ID"]?.stringValue ?? ""
        let bare = stage.split(separator: ":").last.map(String.init) ?? stage
        record["STAGE_SEMANTIC_ID"] = bare == "WON" ? "S" : (bare == "LOSE" || bare == "APOLOGY") ? "F" : "P"
        return .result(.object(record))
    }

    /// The form a portal posts for `event` about the record `id` (`data[ID]` for booking events, else
    /// `data[FIELDS][ID]`), signed with `token` (the simulator's own unless given).
    public func eventForm(_ event: String, id: Int, token: String? = nil, domain: String = "127.0.0.1") -> String {
        let idField = event.uppercased().hasPrefix("ONBOOKING") ? "data[ID]" : "data[FIELDS][ID]"
        let fields: [(String, String)] = [
            ("event", event.uppercased()), ("event_handler_id", "7"), (idField, String(id)),
            ("ts", String(Int(Date().timeIntervalSince1970))), ("auth[domain]", domain),
            ("auth[client_endpoint]", "http://\(domain)/rest/"), ("auth[server_endpoint]", "https://oauth.bitrix.info/rest/"),
            ("auth[member_id]", "sim0member0id"), ("auth[application_token]", token ?? applicationToken),
        ]
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        allowed.remove(charactersIn: "+")
        return fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
            .joined(separator: "&")
    }

    /// Posts `event`'s form to `url` and returns the handler's status.
    public func emit(_ event: String, id: Int, to url: String, token: String? = nil) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "User-Agent", value: "Bitrix24 Webhook Engine")
        request.body = .bytes(ByteBuffer(string: eventForm(event, id: id, token: token)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    /// `POST /_simulator/events {"url": …, "event": "ONCRMDEALUPDATE", "id": 5, "application_token": …}` posts the event
    /// and answers `{"status": <the handler's status>}`.
    func addEventRoutes(to router: Router<BasicRequestContext>) {
        router.post("/_simulator/events") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 16)
            let body = (try? JSONValue.parse(Data(bytes.readableBytesView))) ?? [:]
            guard let url = body["url"]?.stringValue, let event = body["event"]?.stringValue,
                  let id = body["id"]?.numberValue ?? body["id"]?.stringValue.flatMap(Double.init) else {
                return Self.json(400, ["error": "url, event and id are required"])
            }
            do {
                let status = try await self.emit(event, id: Int(id), to: url, token: body["application_token"]?.stringValue)
                return Self.json(200, ["status": .number(Double(status))])
            } catch {
                return Self.json(502, ["error": .string("\(error)")])
            }
        }
    }
}
