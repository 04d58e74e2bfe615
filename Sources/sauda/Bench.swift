import ArgumentParser
import Foundation
import Logging
import SaudaBench
import SaudaChannelTelegram
import SaudaCore
import SaudaServer
import SaudaStore

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure Sauda.", subcommands: [Pipeline.self, WhatsApp.self, Telegram.self, Distributed.self, Flood.self, Burst.self])

    struct Distributed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The distributed shape in one process: a gateway and agents with RabbitMQ between them and PostgreSQL.",
            discussion: "Uses queues of its own in the given broker and writes to the given database. Prints figures, then one JSON line.")

        @Option(help: "PostgreSQL URL of a database the benchmark may write to.") var databaseURL: String
        @Option(help: "RabbitMQ URL (amqp://user:pass@host:port/vhost).") var rabbitmqURL: String
        @Option(help: "Agents.") var agents = 2
        @Option(help: "Messages of the throughput phase.") var messages = 5_000
        @Option(help: "Conversations the messages are spread over.") var conversations = 500
        @Option(help: "Offered rate of the latency phase, messages per second.") var rate = 100
        @Option(help: "Length of the latency phase in seconds.") var latencySeconds = 10

        func validate() throws {
            guard agents > 0, messages > 0, conversations > 0, rate > 0, latencySeconds > 0 else {
                throw ValidationError("--agents, --messages, --conversations, --rate and --latency-seconds must be positive")
            }
            guard DatabaseLocation.parse(databaseURL)?.isShared == true else {
                throw ValidationError("--database-url must be a postgres:// URL")
            }
            guard rabbitmqURL.hasPrefix("amqp://") else { throw ValidationError("--rabbitmq-url must be an amqp:// URL") }
        }

        func run() async throws {
            let logger = Bench.logger()
            let result = try await DistributedBenchmark(options: .init(
                databaseURL: databaseURL, rabbitMQURL: rabbitmqURL, agents: agents, messages: messages, conversations: conversations,
                rate: rate, latencySeconds: latencySeconds), logger: logger).run()
            print(String(format: "distributed (%d agents): %d messages answered in %.2f s = %.0f messages/s",
                         result.agents, result.messages, result.seconds, result.messagesPerSecond))
            print(String(format: "latency at %d messages/s offered: p50 %.1f ms, p99 %.1f ms",
                         result.offeredRate, result.p50Milliseconds, result.p99Milliseconds))
            try Bench.printJSONLine(result)
        }
    }

    struct Pipeline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The embedded message path in one process (SQLite, table queues, offline engine).",
            discussion: "Prints figures for people, then one JSON line.")

        @Option(help: "Messages of the throughput phase.") var messages = 20_000
        @Option(help: "Conversations the messages are spread over.") var conversations = 1_000
        @Option(help: "Offered rate of the latency phase, messages per second.") var rate = 200
        @Option(help: "Length of the latency phase in seconds.") var latencySeconds = 10
        @Option(help: "SQLite durability: full (each commit synced before its caller goes on, the serve default) or normal (not synced; survives a crash of the process, not of the machine).") var durability = "full"
        @Option(help: "Model: offline (the rule engine) or gemini-simulator (the Gemini client against the simulator on loopback, answering at once).")
        var model = "offline"
        @Option(help: "Customers writing at once in the throughput phase; more than the agent answers builds a backlog in the queue.")
        var writers = 32
        @Option(help: "Maximum length of the incoming queue (default: room for every message). When the writers outpace the agent, a small one stays full: posts are refused and retried.")
        var queueLimit: Int?

        func validate() throws {
            guard messages > 0, conversations > 0, rate > 0, latencySeconds > 0, writers > 0, queueLimit ?? 1 > 0 else {
                throw ValidationError("--messages, --conversations, --rate, --latency-seconds, --writers and --queue-limit must be positive")
            }
            guard ["full", "normal"].contains(durability) else { throw ValidationError("--durability must be full or normal") }
            _ = try Bench.model(model)
        }

        func run() async throws {
            let logger = Bench.logger()
            let options = PipelineBenchmark.Options(
                messages: messages, conversations: conversations, rate: rate, latencySeconds: latencySeconds,
                durability: durability == "full" ? .full : .normal, model: try Bench.model(model),
                writers: writers, queueLimit: queueLimit)
            let result = try await PipelineBenchmark(options: options, logger: logger).run()
            print("pipeline: \(result.messages) messages in \(result.conversations) conversations, \(result.writers) customers writing at once, answered in "
                  + String(format: "%.2f s = %.0f messages/s (%d replies; turns fold messages that arrive together)",
                           result.seconds, result.messagesPerSecond, result.replies))
            print(String(format: "latency at %d messages/s offered (%d messages): p50 %.1f ms, p99 %.1f ms",
                         result.offeredRate, result.latencyMessages, result.p50Milliseconds, result.p99Milliseconds))
            print(String(format: "model %@: %.2f ms per call; the agent's own path around it: %.2f ms per reply",
                         result.model, result.modelMilliseconds, result.overheadMilliseconds))
            print(String(format: "input tokens per sales turn: %.0f with the best knowledge passages, about %.0f with the whole base in the prompt",
                         result.inputTokensPerTurn, result.wholeBaseInputTokensPerTurn))
            if result.rejected > 0 {
                print("posts refused while the queue was full (retried): \(result.rejected); groups the writer rolled back and ran again: \(result.rolledBackGroups)")
            }
            try Bench.printJSONLine(result)
        }
    }

    struct WhatsApp: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "whatsapp",
            abstract: "The WhatsApp path over loopback HTTP: the Wappi simulator posts webhooks, Sauda replies through its API.",
            discussion: "Prints figures for people, then one JSON line.")

        @Option(help: "Messages of the throughput phase.") var messages = 5_000
        @Option(help: "Customers (chats) the messages are spread over.") var customers = 500
        @Option(help: "Offered rate of the latency phase, messages per second.") var rate = 100
        @Option(help: "Length of the latency phase in seconds.") var latencySeconds = 10
        @Option(help: "Sends per minute allowed per WhatsApp number (the default of 20 would measure the limit, not Sauda).")
        var sendsPerMinute = 1_000_000
        @Option(help: "SQLite durability: full (each commit synced before its caller goes on, the serve default) or normal (not synced; survives a crash of the process, not of the machine).") var durability = "full"

        func validate() throws {
            guard messages > 0, customers > 0, rate > 0, latencySeconds > 0, sendsPerMinute > 0 else {
                throw ValidationError("--messages, --customers, --rate, --latency-seconds and --sends-per-minute must be positive")
            }
            guard ["full", "normal"].contains(durability) else { throw ValidationError("--durability must be full or normal") }
        }

        func run() async throws {
            let logger = Bench.logger()
            let options = WhatsAppBenchmark.Options(messages: messages, customers: customers, rate: rate, latencySeconds: latencySeconds,
                                                    sendsPerMinute: sendsPerMinute, durability: durability == "full" ? .full : .normal)
            let result = try await WhatsAppBenchmark(options: options, logger: logger).run()
            print("whatsapp: \(result.messages) messages from \(result.customers) customers answered in "
                  + String(format: "%.2f s = %.0f messages/s (%d replies; turns fold messages that arrive together)",
                           result.seconds, result.messagesPerSecond, result.replies))
            print(String(format: "latency from the customer's message to the reply at Wappi, %d messages/s offered (%d messages): p50 %.1f ms, p99 %.1f ms",
                         result.offeredRate, result.latencyMessages, result.p50Milliseconds, result.p99Milliseconds))
            print(String(format: "Wappi API calls per reply: %.2f; webhook posts answered: %d", result.wappiCallsPerReply, result.webhooks))
            try Bench.printJSONLine(result)
        }
    }

    struct Telegram: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "telegram",
            abstract: "The Telegram path over loopback HTTP: Sauda polls the Bot API simulator (or receives its webhook) and replies with sendMessage.",
            discussion: "Prints figures for people, then one JSON line. --outage-seconds adds a phase in which Telegram answers every call with 502 for that long.")

        @Option(help: "Messages of the throughput phase.") var messages = 5_000
        @Option(help: "Customers (chats) the messages are spread over.") var customers = 500
        @Option(help: "Offered rate of the latency phase, messages per second.") var rate = 100
        @Option(help: "Length of the latency phase in seconds.") var latencySeconds = 10
        @Option(help: "How updates come in: polling (one poller holding the bot's lease) or webhook.") var inbound = "polling"
        @Option(help: "Length of a Telegram outage in a third phase, seconds (0: no such phase).") var outageSeconds = 0
        @Option(help: "Offered rate of the outage phase, messages per second.") var outageRate = 5
        @Option(help: "SQLite durability: full (each commit synced before its caller goes on, the serve default) or normal (not synced; survives a crash of the process, not of the machine).") var durability = "full"

        func validate() throws {
            guard messages > 0, customers > 0, rate > 0, latencySeconds > 0, outageSeconds >= 0, outageRate > 0 else {
                throw ValidationError("--messages, --customers, --rate, --latency-seconds and --outage-rate must be positive, --outage-seconds at least 0")
            }
            guard TelegramConnectionSettings.Inbound(rawValue: inbound) != nil else { throw ValidationError("--inbound must be polling or webhook") }
            guard ["full", "normal"].contains(durability) else { throw ValidationError("--durability must be full or normal") }
        }

        func run() async throws {
            let logger = Bench.logger()
            let options = TelegramBenchmark.Options(messages: messages, customers: customers, rate: rate, latencySeconds: latencySeconds,
                                                    inbound: TelegramConnectionSettings.Inbound(rawValue: inbound) ?? .polling,
                                                    outageSeconds: outageSeconds, outageRate: outageRate,
                                                    durability: durability == "full" ? .full : .normal)
            let result = try await TelegramBenchmark(options: options, logger: logger).run()
            print("telegram (\(result.inbound)): \(result.messages) messages from \(result.customers) customers answered in "
                  + String(format: "%.2f s = %.0f messages/s (%d replies; turns fold messages that arrive together)",
                           result.seconds, result.messagesPerSecond, result.replies))
            print(String(format: "latency from the customer's message to the reply at Telegram, %d messages/s offered (%d messages): p50 %.1f ms, p99 %.1f ms",
                         result.offeredRate, result.latencyMessages, result.p50Milliseconds, result.p99Milliseconds))
            print(String(format: "Bot API calls per reply (sendMessage, sendChatAction, getUpdates): %.2f", result.apiCallsPerReply))
            if result.outageSeconds > 0 {
                print(String(format: "outage of %d s: %d of %d messages answered, %d replies sent twice, %d dead-lettered, longest wait %.1f s",
                             result.outageSeconds, result.outageAnswered, result.outageMessages, result.outageDuplicates, result.outageDeadLetters,
                             result.outageMaxMilliseconds / 1000))
            }
            try Bench.printJSONLine(result)
        }
    }

    struct Flood: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "flood",
            abstract: "One business's web chat flooded while another business's customers chat, with the edge's default limits.",
            discussion: "Prints figures for people, then one JSON line.")

        @Option(help: "Customers of the quiet business chatting at once (at most 250).") var customers = 20
        @Option(help: "Messages each of those customers posts per phase, each after the reply to the previous.") var rounds = 5
        @Option(help: "Milliseconds one of those customers takes to read a reply and write the next message (20 customers every 3 s stay within a business's default 600 posts a minute).")
        var thinkMs = 3_000
        @Option(help: "Writers posting to the flooded business at once, as fast as they can.") var floodWriters = 32
        @Option(help: "Client addresses the flood's posts rotate over (named by X-Forwarded-For from a trusted proxy).") var floodAddresses = 1_000
        @Option(help: "Model: offline (the rule engine) or gemini-simulator (the Gemini client against the simulator on loopback).")
        var model = "gemini-simulator"
        @Option(help: "Milliseconds the Gemini simulator takes to answer, as a real model does.") var modelDelayMs = 300

        func validate() throws {
            guard customers > 0, customers <= 250, rounds > 0, floodWriters > 0, floodAddresses > 0, modelDelayMs >= 0, thinkMs >= 0 else {
                throw ValidationError("--customers (1–250), --rounds, --flood-writers and --flood-addresses must be positive, --model-delay-ms and --think-ms not negative")
            }
            _ = try Bench.model(model)
        }

        func run() async throws {
            let logger = Bench.logger()
            let options = FloodBenchmark.Options(customers: customers, rounds: rounds, thinkTime: .milliseconds(thinkMs), floodWriters: floodWriters, floodAddresses: floodAddresses,
                                                 model: try Bench.model(model),
                                                 modelDelay: .milliseconds(modelDelayMs))
            let result = try await FloodBenchmark(options: options, logger: logger).run()
            print(String(format: "quiet business, %d messages per phase (%@): alone p50 %.0f ms, p95 %.0f ms; under the flood p50 %.0f ms, p95 %.0f ms (%.2f× and %.2f×); refused %d",
                         result.messagesOfB, result.model, result.idleP50Milliseconds, result.idleP95Milliseconds,
                         result.floodP50Milliseconds, result.floodP95Milliseconds, result.p50Ratio, result.p95Ratio, result.refusedOfB))
            print(String(format: "flooded business, %.1f s: %d posts, %d accepted, %d refused with 429, %d with 503, %d other",
                         result.floodSeconds, result.floodPosts, result.floodAccepted, result.floodTooMany, result.floodUnavailable, result.floodOther))
            try Bench.printJSONLine(result)
        }
    }

    struct Burst: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "burst",
            abstract: "Customers of one business all writing at once to a shape's web chat, with a model that takes a set time.",
            discussion: """
                The shape: serve on SQLite (default); serve on PostgreSQL with --database-url; a gateway and --agents agents over \
                RabbitMQ and PostgreSQL with --rabbitmq-url too. On PostgreSQL each run makes a database of its own on the server \
                (CREATE DATABASE) and drops it afterwards. Per customer: time from its first post to its first reply and to the \
                reply to its last message. Prints figures, then one JSON line.
                """)

        @Option(help: "Customers writing at the same moment (1–1000).") var customers = 100
        @Option(help: "Messages each customer posts back to back (1–8).") var messages = 1
        @Option(help: "Model: offline (the rule engine) or gemini-simulator (the Gemini client against the simulator on loopback).")
        var model = "gemini-simulator"
        @Option(help: "Milliseconds the Gemini simulator takes to answer each call.") var modelDelayMs = 1_500
        @Option(help: "AGENT_CONCURRENCY of the run.") var agentConcurrency = SaudaSettings().agentConcurrency
        @Option(help: "MODEL_TENANT_CONCURRENCY of the run.") var modelConcurrency = ModelSettings().tenantInFlight
        @Option(help: "PostgreSQL server (postgres://user@host:port/db) to run on instead of SQLite; the user must be allowed to CREATE DATABASE.")
        var databaseURL: String?
        @Option(help: "RabbitMQ URL (amqp://user:pass@host:port/vhost): run the distributed shape, a gateway and --agents agents (needs --database-url).")
        var rabbitmqURL: String?
        @Option(help: "Agents of the distributed shape.") var agents = 2

        func validate() throws {
            _ = try shape()
            guard (1...1_000).contains(customers), (1...8).contains(messages), modelDelayMs >= 0 else {
                throw ValidationError("--customers must be 1–1000, --messages 1–8, --model-delay-ms not negative")
            }
            guard (1...1_024).contains(agentConcurrency), (1...4_096).contains(modelConcurrency) else {
                throw ValidationError("--agent-concurrency must be 1–1024 and --model-concurrency 1–4096, as their settings")
            }
            _ = try Bench.model(model)
        }

        /// The shape the options name.
        func shape() throws -> WebChatShape {
            guard let databaseURL else {
                guard rabbitmqURL == nil else { throw ValidationError("--rabbitmq-url needs --database-url (the distributed shape keeps its state in PostgreSQL)") }
                return .embedded
            }
            guard DatabaseLocation.parse(databaseURL)?.isShared == true else { throw ValidationError("--database-url must be a postgres:// URL") }
            guard let rabbitmqURL else { return .postgres(serverURL: databaseURL) }
            guard rabbitmqURL.hasPrefix("amqp://") else { throw ValidationError("--rabbitmq-url must be an amqp:// URL") }
            guard (1...16).contains(agents) else { throw ValidationError("--agents must be 1–16") }
            return .distributed(serverURL: databaseURL, rabbitMQURL: rabbitmqURL, agents: agents)
        }

        func run() async throws {
            let logger = Bench.logger()
            let options = BurstBenchmark.Options(customers: customers, messages: messages, model: try Bench.model(model),
                                                 modelDelay: .milliseconds(modelDelayMs), agentConcurrency: agentConcurrency,
                                                 modelConcurrency: modelConcurrency, shape: try shape())
            let result = try await BurstBenchmark(options: options, logger: logger).run()
            print("\(result.shape) shape, \(result.agents) answering process\(result.agents == 1 ? "" : "es"): "
                  + String(format: "%d customers × %d messages at once (%@, %d ms a call; agent %d, model %d in flight): first reply p50 %.0f ms, p99 %.0f ms, max %.0f ms; last reply p50 %.0f ms, p99 %.0f ms, max %.0f ms",
                         result.customers, result.messages, result.model, result.modelDelayMilliseconds, result.agentConcurrency, result.modelConcurrency,
                         result.firstP50, result.firstP99, result.firstMax, result.finalP50, result.finalP99, result.finalMax))
            try Bench.printJSONLine(result)
        }
    }
}

extension Bench {
    /// The benchmarks' logger: warnings and worse only, so the figures stand out.
    static func logger() -> Logger {
        var logger = Logger(label: "sauda.bench")
        logger.logLevel = .warning
        return logger
    }

    /// The model `--model` names, or a message naming the option and its values.
    static func model(_ name: String) throws -> PipelineBenchmark.BenchModel {
        guard let model = PipelineBenchmark.BenchModel(rawValue: name) else {
            throw ValidationError("--model must be one of: \(PipelineBenchmark.BenchModel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return model
    }

    /// Prints a benchmark's figures as the one JSON line that ends its output, keys sorted.
    static func printJSONLine(_ figures: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(figures), as: UTF8.self))
    }
}
