import SaudaCore

/// What one Sauda process runs: `serve` runs everything, `gateway` and `agent` split it as the earlier Python system did
/// (two projects talking through RabbitMQ, the state in PostgreSQL).
public enum SaudaRole: String, Sendable, CaseIterable {
    /// Gateway and agent in one process (`sauda serve`).
    case all
    /// Channels, webhooks, the web chat, the sender and the transcriber (`sauda gateway`).
    case gateway
    /// The consumer of customer messages and the follow-up scheduler (`sauda agent`).
    case agent

    /// Whether the process takes customer messages in and sends replies out.
    public var runsGateway: Bool { self != .agent }
    /// Whether the process answers customers.
    public var runsAgent: Bool { self != .gateway }

    /// The queues this process consumes.
    public var consumedQueues: [QueueName] {
        switch self {
        case .all: [.incoming, .outgoing, .voice]
        case .gateway: [.outgoing, .voice]
        case .agent: [.incoming]
        }
    }
}
