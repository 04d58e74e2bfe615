import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
@testable import SaudaCRMBitrix24
import SaudaCRM
import SaudaCore
import SaudaSimulators
import Testing

/// Bitrix24's configuration from a connection, and its outbound webhooks (form-encoded events re-read through the API).
@Suite struct Bitrix24EventsTests {
    /// Serves the simulated portal and calls `body` with an adapter made from a connection whose settings hold `token`.
    func withPortal(token: String? = "sim-app-token",
                    _ body: @escaping @Sendable (Bitrix24Simulator, Bitrix24Adapter, Int) async throws -> Void) async throws {
        let simulator = Bitrix24Simulator()
        try await SimulatorServer.withServer(simulator.router()) { port in
            let config = CRMConnectionConfig(tenantID: "t42", baseURL: "http://127.0.0.1:\(port)/rest/1/", credentials: "sim-code",
                                             settings: token.map { ["application_token": $0] } ?? [:])
            let adapter = try Bitrix24Adapter(config: config, timeout: .seconds(10))
            try await body(simulator, adapter, port)
        }
    }

    func form(_ text: String) -> CRMWebhookRequest {
        CRMWebhookRequest(contentType: "application/x-www-form-urlencoded", body: Array(text.utf8))
    }

    @Test func theWebhookIsTheBaseURLAndTheCodeOrAWholeURLInTheCredentials() throws {
        func reason(base: String, credentials: String) -> String? {
            do throws(CRMError) {
                _ = try Bitrix24Adapter(config: CRMConnectionConfig(tenantID: "t", baseURL: base, credentials: credentials))
                return nil
            } catch {
                guard case .notConfigured(let reason) = error else { return "\(error)" }
                return reason
            }
        }
        let split = try Bitrix24Adapter(config: CRMConnectionConfig(tenantID: "t", baseURL: "https://portal.bitrix24.kz/rest/1",
                                                                    credentials: " s3cr3tcode "))
        #expect(split.client.settings.webhookURL == "https://portal.bitrix24.kz/rest/1/s3cr3tcode/")
        #expect(!split.capabilities.contains(.receiveEvents))
        let whole = try Bitrix24Adapter(config: CRMConnectionConfig(tenantID: "t", baseURL: "", credentials: "https://portal.bitrix24.kz/rest/7/abc123/",
                                                                    settings: ["application_token": "tok"]))
        #expect(whole.client.settings.webhookURL == "https://portal.bitrix24.kz/rest/7/abc123/")
        #expect(whole.capabilities.contains(.receiveEvents))
        #expect(reason(base: "", credentials: "s3cr3tcode")?.contains("CRM_BASE_URL") == true)
        #expect(reason(base: "https://portal.bitrix24.kz/", credentials: "s3cr3tcode")?.contains("CRM_BASE_URL") == true)
        #expect(reason(base: "https://portal.bitrix24.kz/rest/1/", credentials: "")?.contains("CRM_API_KEY") == true)
        #expect(reason(base: "https://portal.bitrix24.kz/rest/1/", credentials: "a/b")?.contains("CRM_API_KEY") == true)
        #expect(reason(base: "", credentials: "https://portal.bitrix24.kz/rest/1/")?.contains("CRM_API_KEY") == true)
        // The code never shows in a reason.
        #expect(reason(base: "ftp://x/rest/1/", credentials: "s3cr3tcode").map { !$0.contains("s3cr3tcode") } == true)
    }

    @Test func aDealUpdateIsReadAgainForItsStage() async throws {
        try await withPortal { simulator, adapter, _ in
            let deal = simulator.seedDeal()
            simulator.setStage("WON", id: deal)
            let ref = CRMRef(kind: "deal", id: String(deal))
            let events1: [CRMEvent] = try await adapter.parseWebhook(form(simulator.eventForm("ONCRMDEALUPDATE", id: deal)))
            #expect(events1 == [.leadStageChanged(ref, stage: "WON", won: true)])
            simulator.setStage("C1:LOSE", id: deal)
            let events2: [CRMEvent] = try await adapter.parseWebhook(form(simulator.eventForm("ONCRMDEALUPDATE", id: deal)))
            #expect(events2 == [.leadStageChanged(ref, stage: "C1:LOSE", won: false)])
            simulator.setStage("C1:PREPARATION", id: deal)
            let events3: [CRMEvent] = try await adapter.parseWebhook(form(simulator.eventForm("ONCRMDEALUPDATE", id: deal)))
            #expect(events3 == [.leadStageChanged(ref, stage: "C1:PREPARATION", won: nil)])
            // A deal deleted meanwhile, an event Sauda does not read: nothing.
            let events8: [CRMEvent] = try await adapter.parseWebhook(form(simulator.eventForm("ONCRMDEALUPDATE", id: 999)))
            #expect(events8.isEmpty)
            let events9: [CRMEvent] = try await adapter.parseWebhook(form(simulator.eventForm("ONCRMCONTACTUPDATE", id: deal)))
            #expect(events9.isEmpty)
        }
    }

    @Test func aLeadUpdateAndABookingDeletion() async throws {
        try await withPortal { simulator, adapter, _ in
            let lead = try await adapter.upsertLead(LeadDraft(title: "Коврики", phone: "+77011234567", channel: "whatsapp", stage: "new",
                                                              createdAt: Date()), customer: nil, key: IdempotencyKey("t42:c:lead:1"))
            let id = try #require(Int(lead.id))
            let events4: [CRMEvent] = try await adapter.parseWebhook(form(simulator.eventForm("ONCRMLEADUPDATE", id: id)))
            #expect(events4 == [.leadStageChanged(lead, stage: "NEW", won: nil)])
            simulator.setStage("CONVERTED", id: id, lead: true)
            let events5: [CRMEvent] = try await adapter.parseWebhook(form(simulator.eventForm("ONCRMLEADUPDATE", id: id)))
            #expect(events5 == [.leadStageChanged(lead, stage: "CONVERTED", won: true)])
            simulator.setStage("JUNK", id: id, lead: true)
            let events6: [CRMEvent] = try await adapter.parseWebhook(form(simulator.eventForm("ONCRMLEADUPDATE", id: id)))
            #expect(events6 == [.leadStageChanged(lead, stage: "JUNK", won: false)])
            let events7: [CRMEvent] = try await adapter.parseWebhook(form(simulator.eventForm("ONBOOKINGDELETE", id: 31)))
            #expect(events7 == [.bookingCancelled(CRMRef(kind: "booking", id: "31"))])
        }
    }

    @Test func aWrongOrMissingTokenIsRefused() async throws {
        try await withPortal { simulator, adapter, _ in
            let deal = simulator.seedDeal()
            await #expect(throws: CRMError.refused(.accessDenied, reason: "Bitrix24 webhook: the application token does not match")) {
                _ = try await adapter.parseWebhook(form(simulator.eventForm("ONCRMDEALUPDATE", id: deal, token: "sim-app-tokeX")))
            }
            await #expect(throws: CRMError.refused(.accessDenied, reason: "Bitrix24 webhook: the application token does not match")) {
                _ = try await adapter.parseWebhook(form("event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=\(deal)"))
            }
            #expect(!simulator.calls.contains("crm.deal.get"))
        }
        try await withPortal(token: nil) { simulator, adapter, _ in
            do throws(CRMError) {
                _ = try await adapter.parseWebhook(form(simulator.eventForm("ONCRMDEALUPDATE", id: 1)))
                Issue.record("an event was read without a configured token")
            } catch {
                guard case .notConfigured(let reason) = error else { Issue.record("\(error)"); return }
                #expect(reason.contains("application_token"))
            }
        }
        #expect(Bitrix24Adapter.sameSecret("abc", "abc"))
        #expect(!Bitrix24Adapter.sameSecret("abc", "abd"))
        #expect(!Bitrix24Adapter.sameSecret("abc", "abcd"))
        #expect(!Bitrix24Adapter.sameSecret("", "a"))
    }

    /// Collects the bodies a handler received.
    actor Inbox {
        var bodies: [[UInt8]] = []
        func add(_ body: [UInt8]) { bodies.append(body) }
    }

    @Test func theSimulatorPostsTheFormToAHandler() async throws {
        let inbox = Inbox()
        let handler = Router()
        handler.post("/webhooks/crm/bitrix24/secret") { request, _ -> HTTPResponse.Status in
            let bytes = try await request.body.collect(upTo: 1 << 16)
            #expect(request.headers[.contentType] == "application/x-www-form-urlencoded")
            await inbox.add(Array(bytes.readableBytesView))
            return .ok
        }
        try await SimulatorServer.withServer(handler) { hookPort in
            try await withPortal { simulator, adapter, port in
                let deal = simulator.seedDeal(["STAGE_ID": "WON"])
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/_simulator/events")
                request.method = .POST
                request.body = .bytes(ByteBuffer(string: #"{"url": "http://127.0.0.1:\#(hookPort)/webhooks/crm/bitrix24/secret", "event": "ONCRMDEALUPDATE", "id": \#(deal)}"#))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                let answer = try JSONValue.parse(String(buffer: try await response.body.collect(upTo: 1 << 16)))
                #expect(answer["status"] == 200)
                let body = try #require(await inbox.bodies.first)
                #expect(String(decoding: body, as: UTF8.self).contains("data%5BFIELDS%5D%5BID%5D=\(deal)"))
                let events = try await adapter.parseWebhook(CRMWebhookRequest(contentType: "application/x-www-form-urlencoded", body: body))
                #expect(events == [.leadStageChanged(CRMRef(kind: "deal", id: String(deal)), stage: "WON", won: true)])
            }
        }
    }
}
