import ArgumentParser
import Foundation
import Logging
import SaudaSimulators

/// `sauda simulate <kind>`: a simulated model, messenger or CRM server for demos and for the third-party client checks of
/// the tests.
struct Simulator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a simulated Gemini, OpenAI-compatible, Wappi (WhatsApp), Telegram Bot API, YCLIENTS, Bitrix24, amoCRM, Airtable or 1C server on loopback.",
        discussion: """
            Answers from a script posted to /_simulator/script (a JSON array of replies, see ScriptedReply), \
            or with a short text when the script is empty. GET /_simulator/requests shows what it received.
            Point Sauda at it with GEMINI_BASE_URL=http://127.0.0.1:PORT/v1beta or OPENAI_BASE_URL=http://127.0.0.1:PORT/v1.
            The Wappi simulator takes the token sim-token and the profile sim-profile (WAPPI_BASE_URL=http://127.0.0.1:PORT); \
            write as a customer with POST /_simulator/customers/{phone}/messages {"text": "…"} and read the chat with \
            GET /_simulator/chats/{phone}.
            The Telegram simulator serves the Bot API at http://127.0.0.1:PORT/bot<token>/<method> (files under /file/bot<token>/) \
            for bot 7000000001 (@sauda_sim_bot) with the token printed at start (--api-key <id>:<secret> chooses it); write as a \
            customer with POST /_simulator/bots/{id}/customers/{user}/messages {"text": "…"}, read what the bot sent with \
            GET /_simulator/bots/{id}/chats/{chat}, fail sends with POST /_simulator/bots/{id}/faults {"status": 429, "count": 1}.
            The Bitrix24 simulator's inbound webhook is http://127.0.0.1:PORT/rest/1/sim-code/ (the code is --api-key when given).
            The Airtable simulator takes the token sim-token and serves /v0/appSimulated/Leads (--base, --table); \
            POST /_simulator/faults {"fail": n, "status": 503, "drop": n, "delayMs": n} injects faults.
            The YCLIENTS simulator serves /api/v1 for company 558795 (--company-id) with the partner token sim-partner and the \
            user token sim-user (--api-key partner:user); POST /_simulator/book {"staff_id": 6544, "datetime": "…"} takes a \
            slot, GET /_simulator/records lists the records, POST /_simulator/webhook {"url": "…"} sends a record-deleted event.
            The amoCRM simulator (account "sim") takes the long-lived token sim-token (--api-key) or OAuth tokens from \
            POST /_simulator/oauth/issue (client sim-client / sim-secret; /_simulator/oauth/expire and /revoke), serves \
            /api/v4 and /oauth2/access_token, takes the same faults, and answers 429 above --amo-requests-per-second.
            The 1C simulator's OData root is http://127.0.0.1:PORT/sim/odata/standard.odata, Basic sim-user:sim-password \
            (--api-key user:password), publishing Catalog_Контрагенты and Document_ЗаказКлиента; the same faults endpoint.
            """,
        aliases: ["simulator"])

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case gemini, openai, wappi, telegram, yclients, bitrix24, amocrm, airtable, onec
    }

    @Argument(help: "Which API to simulate: gemini, openai, wappi, telegram, yclients, bitrix24, amocrm, airtable or onec.") var kind: Kind
    @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one, printed at start).") var port = 8090
    @Option(help: "The only API key accepted (any key when omitted).") var apiKey: String?
    @Option(help: "Gemini: calls a minute let through; the rest are answered 429 RESOURCE_EXHAUSTED with RetryInfo (no limit when omitted).")
    var requestsPerMinute: Int?
    @Option(help: "Airtable: the base id served.") var base = "appSimulated"
    @Option(help: "Airtable: the table served (its name or id).") var table = "Leads"
    @Option(help: "Airtable: requests a second per base before 429 and its 30-second lockout; YCLIENTS: per IP address.") var requestsPerSecond = 5
    @Option(help: "Airtable: seconds a base answers 429 after its rate was exceeded.") var lockoutSeconds = 30
    @Option(help: "YCLIENTS: the branch (company_id) served.") var companyId = 558_795
    @Option(help: "YCLIENTS: calls a minute per IP address before 429 (5 a second also counts).") var yclientsPerMinute = 200
    @Option(help: "amoCRM: requests a second before 429 (amoCRM's limit is 7).") var amoRequestsPerSecond = 7

    func run() async throws {
        let router = switch kind {
        case .gemini: GeminiSimulator(apiKey: apiKey, rateLimit: requestsPerMinute.map { SimulatedRateLimit(requests: $0) }).router()
        case .openai: OpenAISimulator(apiKey: apiKey).router()
        case .wappi: WappiSimulator(token: apiKey ?? "sim-token").router()
        case .telegram: telegramSimulator().router()
        case .bitrix24: Bitrix24Simulator(code: apiKey ?? "sim-code").router()
        case .airtable:
            AirtableSimulator(token: apiKey ?? "sim-token", tables: [base: [table: AirtableSimulator.TableSchema()]],
                              requestsPerSecond: requestsPerSecond, lockout: .seconds(lockoutSeconds)).router()
        case .yclients:
            YclientsSimulator(companyID: companyId, partnerToken: apiKey.map { String($0.split(separator: ":").first ?? "") } ?? "sim-partner",
                              userToken: apiKey.flatMap { $0.split(separator: ":", maxSplits: 1).dropFirst().first.map(String.init) } ?? "sim-user",
                              perSecond: requestsPerSecond, perMinute: yclientsPerMinute).router()
        case .amocrm: AmoSimulator(longLivedToken: apiKey ?? "sim-token", requestsPerSecond: amoRequestsPerSecond).router()
        case .onec: oneCSimulator().router()
        }
        let kind = self.kind
        try await SimulatorServer.withServer(router, host: hostname, port: port) { bound in
            let bot = kind == .telegram ? " (bot @sauda_sim_bot, token \(telegramToken))" : ""
            FileHandle.standardOutput.write(Data("\(kind.rawValue) simulator listening on http://\(hostname):\(bound)\(bot)\n".utf8))
            while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
        }
    }

    /// The token of the Telegram simulator's bot: `--api-key` when it is `<id>:<secret>`, else a fixed one.
    var telegramToken: String {
        let parts = apiKey?.split(separator: ":", maxSplits: 1) ?? []
        if let apiKey, parts.count == 2, let id = Int64(parts[0]), id > 0 { return apiKey }
        return "7000000001:sim-telegram-token-aaaaaaaaaaaaaaaaaa"
    }

    /// The Telegram simulator with its one bot, @sauda_sim_bot.
    func telegramSimulator() -> TelegramSimulator {
        let simulator = TelegramSimulator()
        simulator.addBot(token: telegramToken, username: "sauda_sim_bot", firstName: "Sauda Sim")
        return simulator
    }

    /// The 1C simulator signing in `--api-key` (`user:password`), or sim-user:sim-password.
    func oneCSimulator() -> OneCSimulator {
        let parts = (apiKey ?? "sim-user:sim-password").split(separator: ":", maxSplits: 1).map(String.init)
        return OneCSimulator(user: parts.first ?? "sim-user", password: parts.count > 1 ? parts[1] : "")
    }
}
