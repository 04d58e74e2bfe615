import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
@testable import SaudaCRMAirtable
import SaudaCRM
import SaudaCore
import SaudaSimulators

/// The simulator served on a loopback port, and an adapter pointed at it.
enum AirtableHarness {
    static let base = "appSaudaTests01"
    static let table = "Leads"

    /// A lead as the agent would write it.
    static func lead(stage: String = "new", details: [String: String] = [:]) -> LeadDraft {
        LeadDraft(title: "EVA коврики, Toyota Camry 2020", customerName: "Айгерим", phone: "+7 701 123-45-67", channel: "whatsapp",
                  stage: stage, details: details, summary: "Коврики в салон", createdAt: Date(timeIntervalSince1970: 1_790_000_000))
    }

    /// Serves `simulator` and calls `body` with an adapter that uses `token`.
    static func run(_ simulator: AirtableSimulator, token: String = "sim-token", baseID: String = base, table: String = table,
                    mapping: AirtableFieldMapping = AirtableFieldMapping(), typecast: Bool = true,
                    _ body: @escaping @Sendable (AirtableAdapter, Int) async throws -> Void) async throws {
        try await SimulatorServer.withServer(simulator.router()) { port in
            let settings = AirtableSettings(baseURL: "http://127.0.0.1:\(port)/v0", baseID: baseID, table: table)
            let adapter = AirtableAdapter(settings: settings, token: token, mapping: mapping, typecast: typecast, client: .shared,
                                          timeout: .seconds(10), logger: Logger(label: "test"))
            try await body(adapter, port)
        }
    }
}
