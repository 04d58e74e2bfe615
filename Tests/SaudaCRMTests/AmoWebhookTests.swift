import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import Synchronization
import SaudaCRM
import SaudaCRMAmo
import SaudaCore
import SaudaSimulators
import SaudaTestSupport
import Testing

/// amoCRM's form-encoded webhooks: read into lead stage changes, refused from another account, and posted by the
/// simulator.
@Suite struct AmoWebhookTests {
    typealias H = AmoHarness

    @Test func aStatusWebhookIsALeadStageChange() async throws {
        let simulator = H.simulator()
        try await H.run(simulator) { adapter, _ in
            let lead = try await adapter.upsertLead(H.lead(), customer: nil, key: IdempotencyKey("k:lead"))
            let won = try #require(simulator.moveLead(Int(lead.id) ?? -1, toStatus: 142))
            let request = CRMWebhookRequest(contentType: "application/x-www-form-urlencoded", body: Array(won.utf8))
            #expect(try await adapter.parseWebhook(request) == [.leadStageChanged(lead, stage: "142", won: true)])
            let lost = try #require(simulator.moveLead(Int(lead.id) ?? -1, toStatus: 143))
            #expect(try await adapter.parseWebhook(CRMWebhookRequest(contentType: "application/x-www-form-urlencoded", body: Array(lost.utf8)))
                == [.leadStageChanged(lead, stage: "143", won: false)])
            let moved = try #require(simulator.moveLead(Int(lead.id) ?? -1, toStatus: 7_000_012))
            #expect(try await adapter.parseWebhook(CRMWebhookRequest(contentType: "application/x-www-form-urlencoded", body: Array(moved.utf8)))
                == [.leadStageChanged(lead, stage: "7000012", won: nil)])

            let two = "leads%5Bstatus%5D%5B1%5D%5Bid%5D=7&leads%5Bstatus%5D%5B1%5D%5Bstatus_id%5D=143&leads[status][0][id]=5"
                + "&leads[status][0][status_id]=142&leads[status][0][pipeline_id]=7000001&account[subdomain]=SIM&account[id]=31000001"
            #expect(try await adapter.parseWebhook(CRMWebhookRequest(contentType: "application/x-www-form-urlencoded", body: Array(two.utf8)))
                == [.leadStageChanged(CRMRef(kind: "lead", id: "5"), stage: "142", won: true),
                    .leadStageChanged(CRMRef(kind: "lead", id: "7"), stage: "143", won: false)])
            let nothing = "contacts[add][0][id]=3&account[subdomain]=sim"
            #expect(try await adapter.parseWebhook(CRMWebhookRequest(contentType: "application/x-www-form-urlencoded", body: Array(nothing.utf8))) == [])
            for forged in ["leads[status][0][id]=5&leads[status][0][status_id]=142&account[subdomain]=other",
                           "leads[status][0][id]=5&leads[status][0][status_id]=142&account[subdomain]=sim&account[id]=1",
                           "leads[status][0][id]=5&leads[status][0][status_id]=142"] {
                do throws(CRMError) {
                    _ = try await adapter.parseWebhook(CRMWebhookRequest(contentType: "application/x-www-form-urlencoded", body: Array(forged.utf8)))
                    Issue.record("a forged webhook must be refused: \(forged)")
                } catch {
                    guard case .refused(.accessDenied, _) = error else { Issue.record("got \(error)"); return }
                }
            }
            await #expect(throws: CRMError.self) {
                _ = try await adapter.parseWebhook(CRMWebhookRequest(contentType: "application/json", body: Array("{}".utf8)))
            }
        }
    }

    @Test func theSimulatorPostsTheStatusWebhook() async throws {
        let simulator = H.simulator()
        let received = ReceivedForms()
        let receiver = Router<BasicRequestContext>()
        receiver.post("/hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 16)
            received.add(String(buffer: bytes), contentType: request.headers[.contentType] ?? "")
            return Response(status: .ok)
        }
        try await SimulatorServer.withServer(receiver) { hookPort in
            try await H.run(simulator) { adapter, port in
                let lead = try await adapter.upsertLead(H.lead(), customer: nil, key: IdempotencyKey("k:lead"))
                let answer = try await H.call(port, "/_simulator/webhooks/status", method: .POST, token: nil,
                                              body: #"{"destination":"http://127.0.0.1:\#(hookPort)/hook","lead_id":\#(lead.id),"status_id":142}"#)
                #expect(answer.status == 200)
                let form = try #require(received.forms.first)
                #expect(form.contentType == "application/x-www-form-urlencoded")
                let events = try await adapter.parseWebhook(CRMWebhookRequest(contentType: form.contentType, body: Array(form.body.utf8)))
                #expect(events == [.leadStageChanged(lead, stage: "142", won: true)])
                #expect(simulator.leads[Int(lead.id) ?? -1]?["status_id"] == 142)
            }
        }
    }
}

/// Forms a test receiver got.
final class ReceivedForms: Sendable {
    private let state = Mutex([(body: String, contentType: String)]())
    var forms: [(body: String, contentType: String)] { state.withLock { $0 } }
    func add(_ body: String, contentType: String) { state.withLock { $0.append((body, contentType)) } }
}
