import ArgumentParser
import Foundation
import Logging
import SaudaSimulators

/// `sauda simulator gemini|openai`: a simulated model server for demos and for the SDK check of the tests.
struct Simulator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a simulated Gemini, OpenAI-compatible, Wappi (WhatsApp), Bitrix24, Airtable or 1C (OData) server on loopback.",
        discussion: """
            Answers from a script posted to /_simulator/script (a JSON array of replies, see ScriptedReply), \
            or with a short text when the script is empty. GET /_simulator/requests shows what it received.
            Point Sauda at it with GEMINI_BASE_URL=http://127.0.0.1:PORT/v1beta or OPENAI_BASE_URL=http://127.0.0.1:PORT/v1.
            The Wappi simulator takes the token sim-token and the profile sim-profile (WAPPI_BASE_URL=http://127.0.0.1:PORT);             write as a customer with POST /_simulator/customers/{phone}/messages {"text": "…"} and read the chat with             GET /_simulator/chats/{phone}.
            The Bitrix24 simulator's inbound webhook is http://127.0.0.1:PORT/rest/1/sim-code/ (the code is --api-key when given).
            The Airtable simulator takes the token sim-token and serves /v0/appSimulated/Leads (--base, --table); \
            POST /_simulator/faults {"fail": n, "status": 503, "drop": n, "delayMs": n} injects faults.
            The 1C simulator's OData root is http://127.0.0.1:PORT/sim/odata/standard.odata, Basic sim-user:sim-password \
            (--api-key user:password), publishing Catalog_Контрагенты and Document_ЗаказКлиента; the same faults endpoint.
            """,
        aliases: ["simulator"])

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case gemini, openai, wappi, bitrix24, airtable, onec
    }

    @Argument(help: "Which API to simulate: gemini, openai, wappi, bitrix24, airtable or onec.") var kind: Kind
    @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one, printed at start).") var port = 8090
    @Option(help: "The only API key accepted (any key when omitted).") var apiKey: String?
    @Option(help: "Gemini: calls a minute let through; the rest are answered 429 RESOURCE_EXHAUSTED with RetryInfo (no limit when omitted).")
    var requestsPerMinute: Int?
    @Option(help: "Airtable: the base id served.") var base = "appSimulated"
    @Option(help: "Airtable: the table served (its name or id).") var table = "Leads"
    @Option(help: "Airtable: requests a second per base before 429 and its 30-second lockout.") var requestsPerSecond = 5
    @Option(help: "Airtable: seconds a base answers 429 after its rate was exceeded.") var lockoutSeconds = 30

    func run() async throws {
        let router = switch kind {
        case .gemini: GeminiSimulator(apiKey: apiKey, rateLimit: requestsPerMinute.map { SimulatedRateLimit(requests: $0) }).router()
        case .openai: OpenAISimulator(apiKey: apiKey).router()
        case .wappi: WappiSimulator(token: apiKey ?? "sim-token").router()
        case .bitrix24: Bitrix24Simulator(code: apiKey ?? "sim-code").router()
        case .airtable:
            AirtableSimulator(token: apiKey ?? "sim-token", tables: [base: [table: AirtableSimulator.TableSchema()]],
                              requestsPerSecond: requestsPerSecond, lockout: .seconds(lockoutSeconds)).router()
        case .onec:
            oneCSimulator().router()
        }
        let kind = self.kind
        try await SimulatorServer.withServer(router, host: hostname, port: port) { bound in
            FileHandle.standardOutput.write(Data("\(kind.rawValue) simulator listening on http://\(hostname):\(bound)\n".utf8))
            while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
        }
    }

    /// The 1C simulator signing in `--api-key` (`user:password`), or sim-user:sim-password.
    func oneCSimulator() -> OneCSimulator {
        let parts = (apiKey ?? "sim-user:sim-password").split(separator: ":", maxSplits: 1).map(String.init)
        return OneCSimulator(user: parts.first ?? "sim-user", password: parts.count > 1 ? parts[1] : "")
    }
}
