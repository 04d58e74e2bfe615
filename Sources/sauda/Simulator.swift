import ArgumentParser
import Foundation
import Logging
import SaudaSimulators

/// `sauda simulator gemini|openai`: a simulated model server for demos and for the SDK check of the tests.
struct Simulator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a simulated Gemini, OpenAI-compatible, Wappi (WhatsApp) or Bitrix24 server on loopback.",
        discussion: """
            Answers from a script posted to /_simulator/script (a JSON array of replies, see ScriptedReply), \
            or with a short text when the script is empty. GET /_simulator/requests shows what it received.
            Point Sauda at it with GEMINI_BASE_URL=http://127.0.0.1:PORT/v1beta or OPENAI_BASE_URL=http://127.0.0.1:PORT/v1.
            The Wappi simulator takes the token sim-token and the profile sim-profile (WAPPI_BASE_URL=http://127.0.0.1:PORT);             write as a customer with POST /_simulator/customers/{phone}/messages {"text": "…"} and read the chat with             GET /_simulator/chats/{phone}.
            The Bitrix24 simulator's inbound webhook is http://127.0.0.1:PORT/rest/1/sim-code/ (the code is --api-key when given).
            """,
        aliases: ["simulator"])

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case gemini, openai, wappi, bitrix24
    }

    @Argument(help: "Which API to simulate: gemini, openai, wappi or bitrix24.") var kind: Kind
    @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one, printed at start).") var port = 8090
    @Option(help: "The only API key accepted (any key when omitted).") var apiKey: String?
    @Option(help: "Gemini: calls a minute let through; the rest are answered 429 RESOURCE_EXHAUSTED with RetryInfo (no limit when omitted).")
    var requestsPerMinute: Int?

    func run() async throws {
        let router = switch kind {
        case .gemini: GeminiSimulator(apiKey: apiKey, rateLimit: requestsPerMinute.map { SimulatedRateLimit(requests: $0) }).router()
        case .openai: OpenAISimulator(apiKey: apiKey).router()
        case .wappi: WappiSimulator(token: apiKey ?? "sim-token").router()
        case .bitrix24: Bitrix24Simulator(code: apiKey ?? "sim-code").router()
        }
        let kind = self.kind
        try await SimulatorServer.withServer(router, host: hostname, port: port) { bound in
            FileHandle.standardOutput.write(Data("\(kind.rawValue) simulator listening on http://\(hostname):\(bound)\n".utf8))
            while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}
