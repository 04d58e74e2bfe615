import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
@testable import SaudaCRMOneC
import SaudaCRM
import SaudaCore
import SaudaSimulators

/// The 1C simulator served on a loopback port, and an adapter made from a connection's configuration pointed at it.
enum OneCHarness {
    static let customers = "Catalog_Контрагенты"
    static let orders = "Document_ЗаказКлиента"
    static let mapping = ["phone": "Телефон", "email": "ЭлектроннаяПочта"]

    /// A lead as the agent would write it.
    static func lead(stage: String = "new", summary: String = "Коврики в салон", details: [String: String] = ["car": "Camry"]) -> LeadDraft {
        LeadDraft(title: "EVA коврики, Toyota Camry 2020", customerName: "Айгерим", phone: "+7 701 123-45-67", channel: "whatsapp",
                  stage: stage, details: details, summary: summary, createdAt: Date(timeIntervalSince1970: 1_790_000_000))
    }

    /// The connection a business would configure for the simulator on `port`.
    static func config(port: Int, credentials: String = "sim-user:sim-password", mapping: [String: String] = mapping,
                       settings: [String: String] = [:]) -> CRMConnectionConfig {
        CRMConnectionConfig(tenantID: "t42", baseURL: "http://127.0.0.1:\(port)/sim/odata/standard.odata/", credentials: credentials,
                            fieldMapping: mapping, settings: settings)
    }

    /// Serves `simulator` and calls `body` with an adapter made from `config(port:…)`.
    static func run(_ simulator: OneCSimulator, credentials: String = "sim-user:sim-password", mapping: [String: String] = mapping,
                    settings: [String: String] = [:], _ body: @escaping @Sendable (OneCAdapter, Int) async throws -> Void) async throws {
        try await SimulatorServer.withServer(simulator.router()) { port in
            let adapter = try OneCAdapter(config: config(port: port, credentials: credentials, mapping: mapping, settings: settings),
                                          timeout: .seconds(10), logger: Logger(label: "test"))
            try await body(adapter, port)
        }
    }
}
