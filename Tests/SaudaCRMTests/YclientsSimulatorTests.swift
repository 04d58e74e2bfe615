import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import SaudaCore
import SaudaSimulators
import Testing

/// The YCLIENTS simulator's wire format, read raw over loopback: envelopes, `meta` as `[]` or an object, the error
/// bodies, `book_check`'s empty 201, and its control endpoints.
@Suite struct YclientsSimulatorTests {
    typealias H = YclientsHarness

    /// Calls the simulator; the status and the parsed body (`nil` when empty).
    static func call(_ port: Int, _ method: HTTPMethod, _ path: String, body: String? = nil,
                     authorization: String = "Bearer sim-partner, User sim-user") async throws -> (Int, JSONValue?) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers.add(name: "Authorization", value: authorization)
        request.headers.add(name: "Accept", value: "application/vnd.yclients.v2+json")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let parsed: JSONValue? = bytes.readableBytes == 0 ? .none : try JSONValue.parse(Data(bytes.readableBytesView))
        return (Int(response.status.code), parsed)
    }

    @Test func envelopesErrorsAndTheBookingCodesAreYclients() async throws {
        let simulator = H.simulator()
        try await SimulatorServer.withServer(simulator.router()) { port in
            let company = H.company
            let (status, times) = try await Self.call(port, .GET, "/api/v1/book_dates/\(company)?service_ids%5B%5D=1896208&staff_id=6544")
            #expect(status == 200 && times?["success"] == true && times?["meta"] == [])
            let day = try #require(times?["data"]?["booking_dates"]?.arrayValue?.last?.stringValue)
            let (_, slots) = try await Self.call(port, .GET, "/api/v1/book_times/\(company)/6544/\(day)?service_ids=1896208")
            let first = try #require(slots?["data"]?.arrayValue?.first)
            #expect(first["seance_length"] == 3600 && first["time"] == "10:00")
            let datetime = try #require(first["datetime"]?.stringValue)
            #expect(datetime.hasSuffix("T10:00:00+05:00"))
            let appointment = #"{"appointments":[{"id":1,"services":[1896208],"staff_id":6544,"datetime":"\#(datetime)"}]}"#
            let (checked, empty) = try await Self.call(port, .POST, "/api/v1/book_check/\(company)", body: appointment)
            #expect(checked == 201 && empty == Optional<JSONValue>.none)
            let (taken, _) = try await Self.call(port, .POST, "/_simulator/book", body: #"{"staff_id":6544,"datetime":"\#(datetime)"}"#)
            #expect(taken == 201)
            let (again, _) = try await Self.call(port, .POST, "/_simulator/book", body: #"{"staff_id":6544,"datetime":"\#(datetime)"}"#)
            #expect(again == 409)
            let (refused, error) = try await Self.call(port, .POST, "/api/v1/book_check/\(company)", body: appointment)
            #expect(refused == 422 && error?["success"] == false && error?["data"] == .null)
            #expect(error?["meta"]?["errors"]?.arrayValue?.first?["code"] == 433)
            let (listed, records) = try await Self.call(port, .GET, "/api/v1/records/\(company)")
            #expect(listed == 200 && records?["meta"]?["total_count"] == 1 && records?["meta"]?["page"] == 1)
            let record = try #require(records?["data"]?.arrayValue?.first)
            #expect(record["date"]?.stringValue?.hasSuffix(" 10:00:00") == true)
            #expect(record["create_date"]?.stringValue?.hasSuffix("+0500") == true)
            let (noPhone, phoneError) = try await Self.call(port, .POST, "/api/v1/book_record/\(company)",
                                                            body: #"{"phone":"12","fullname":"A","appointments":[]}"#)
            #expect(noPhone == 422 && phoneError?["meta"]?["errors"]?.arrayValue?.first?["code"] == 431)
            let (missing, notFound) = try await Self.call(port, .GET, "/api/v1/record/\(company)/1")
            #expect(missing == 404 && notFound?["meta"]?["message"] == "Не найдено")
            let (unauthorised, _) = try await Self.call(port, .GET, "/api/v1/records/\(company)", authorization: "Bearer sim-partner")
            #expect(unauthorised == 401)
            let (stored, all) = try await Self.call(port, .GET, "/_simulator/records")
            #expect(stored == 200 && all?["records"]?.arrayValue?.count == 1)
        }
    }

    @Test func aWriteIsAppliedBeforeTheConnectionDrops() async throws {
        let simulator = H.simulator()
        try await SimulatorServer.withServer(simulator.router()) { port in
            let (set, _) = try await Self.call(port, .POST, "/_simulator/faults", body: #"{"drop": 1}"#)
            #expect(set == 200)
            await #expect(throws: (any Error).self) {
                _ = try await Self.call(port, .POST, "/api/v1/clients/\(H.company)", body: #"{"name":"Айгерим","phone":"+77011234567"}"#)
            }
            #expect(simulator.clients.map(\.phone) == ["+77011234567"])
            let (made, client) = try await Self.call(port, .POST, "/api/v1/clients/\(H.company)", body: #"{"name":"Данияр","phone":"87017654321"}"#)
            #expect(made == 201 && client?["data"]?["phone"] == "+77017654321" && client?["meta"] == [])
        }
    }
}
