import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import SaudaCRM
import SaudaCRMYclients
import SaudaCore
import SaudaSimulators
import Synchronization
import Testing

/// YCLIENTS's webhooks: read by the adapter, and sent by the simulator.
@Suite struct YclientsWebhookTests {
    typealias H = YclientsHarness

    static func adapter() -> YclientsAdapter {
        YclientsAdapter(settings: YclientsSettings(partnerToken: "p", userToken: "u", companyID: String(H.company), timeZone: H.zone))
    }

    static func request(_ body: JSONValue) -> CRMWebhookRequest {
        CRMWebhookRequest(contentType: "application/json", body: Array(body.jsonText.utf8))
    }

    @Test func recordEventsBecomeCancellationsAndMoves() async throws {
        let adapter = Self.adapter()
        let ref = CRMRef(kind: "record", id: "90012345")
        let deleted: JSONValue = ["company_id": 558_795, "resource": "record", "resource_id": 90_012_345, "status": "delete",
                                  "data": ["id": 90_012_345, "api_id": "sauda-7f3c2a", "deleted": true]]
        #expect(try await adapter.parseWebhook(Self.request(deleted)) == [.bookingCancelled(ref)])
        let noShow: JSONValue = ["company_id": "558795", "resource": "record", "resource_id": "90012345", "status": "update",
                                 "data": ["id": 90_012_345, "attendance": -1, "datetime": "2026-09-25T15:00:00+05:00"]]
        #expect(try await adapter.parseWebhook(Self.request(noShow)) == [.bookingCancelled(ref)])
        let moved: JSONValue = ["company_id": 558_795, "resource": "record", "resource_id": 90_012_345, "status": "update",
                                "data": ["id": 90_012_345, "attendance": 0, "deleted": false, "datetime": "2026-09-26T11:00:00+0500"]]
        #expect(try await adapter.parseWebhook(Self.request(moved)) == [.bookingMoved(ref, start: Date(timeIntervalSince1970: 1_790_402_400))])
        let client: JSONValue = ["company_id": 558_795, "resource": "client", "resource_id": 1, "status": "update", "data": ["id": 1]]
        #expect(try await adapter.parseWebhook(Self.request(client)) == [])
        let created: JSONValue = ["company_id": 558_795, "resource": "record", "resource_id": 7, "status": "create", "data": ["id": 7]]
        #expect(try await adapter.parseWebhook(Self.request(.array([created, deleted]))) == [.bookingCancelled(ref)])
        let elsewhere: JSONValue = ["company_id": 1, "resource": "record", "resource_id": 7, "status": "delete", "data": [:]]
        do throws(CRMError) {
            _ = try await adapter.parseWebhook(Self.request(elsewhere))
            Issue.record("another company's webhook was read")
        } catch {
            guard case .refused(.accessDenied, _) = error else { Issue.record("\(error)"); return }
        }
        await #expect(throws: CRMError.self) {
            _ = try await adapter.parseWebhook(CRMWebhookRequest(contentType: "text/plain", body: Array("nope".utf8)))
        }
    }

    @Test func theSimulatorSendsARecordDeletedEventTheAdapterReads() async throws {
        let simulator = H.simulator()
        let received = Received()
        let hook = Router()
        hook.post("/hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            received.bytes.withLock { $0 = Array(bytes.readableBytesView) }
            return Response(status: .ok)
        }
        try await SimulatorServer.withServer(hook) { hookPort in
            try await H.run(simulator) { adapter, port in
                let slot = try #require(try await adapter.findSlots(H.query()).first)
                let booked = try await adapter.book(BookingRequest(slot: slot, customer: H.customer()), key: IdempotencyKey("k-hook"))
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/_simulator/webhook")
                request.method = .POST
                request.body = .bytes(ByteBuffer(string: #"{"url":"http://127.0.0.1:\#(hookPort)/hook"}"#))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                let answer = try JSONValue.parse(Data(try await response.body.collect(upTo: 1 << 16).readableBytesView))
                #expect(answer["sent"] == 200)
                let events = try await adapter.parseWebhook(CRMWebhookRequest(contentType: "application/json", body: received.bytes.withLock { $0 }))
                #expect(events == [.bookingCancelled(booked.ref)])
                #expect(simulator.records.first?.deleted == true)
            }
        }
    }
}

/// What the test's webhook endpoint received.
final class Received: Sendable {
    let bytes = Mutex<[UInt8]>([])
}
