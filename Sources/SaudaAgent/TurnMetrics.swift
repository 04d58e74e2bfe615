import Metrics
import SaudaCore
import SaudaModels
import SaudaStore

/// The metrics of conversation turns, made once per processor so that a turn only updates them:
/// - `sauda_turn_seconds{outcome}`: whole turns, from taking the messages to committing the outcome; outcome
///   `replied`, `silent`, `duplicate` or `failed`;
/// - `sauda_turn_model_seconds{purpose="sales"}`: the sales agent's part of a turn (model calls and tool rounds);
/// - `sauda_replies_total{channel}`: replies stored and queued;
/// - `sauda_classifications_total{status}`: verdicts of the moderator;
/// - `sauda_failures_total{component="turn", cause}`: failed turns (their messages are retried), see ``cause(of:)``.
struct TurnMetrics: Sendable {
    private let turns: [String: Timer]
    private let salesModel: Timer
    private let replies: [Channel: Counter]
    private let classifications: [ContactStatus: Counter]

    init() {
        turns = Dictionary(uniqueKeysWithValues: ["replied", "silent", "duplicate", "failed"].map {
            ($0, Timer(label: "sauda_turn_seconds", dimensions: [("outcome", $0)]))
        })
        salesModel = Timer(label: "sauda_turn_model_seconds", dimensions: [("purpose", "sales")])
        replies = Dictionary(uniqueKeysWithValues: Channel.allCases.map {
            ($0, Counter(label: "sauda_replies_total", dimensions: [("channel", $0.rawValue)]))
        })
        classifications = Dictionary(uniqueKeysWithValues: [ContactStatus.unknown, .client, .notClient].map {
            ($0, Counter(label: "sauda_classifications_total", dimensions: [("status", $0.rawValue)]))
        })
    }

    /// Records a finished turn.
    func finished(_ outcome: TurnProcessor.Outcome, channel: Channel?, since started: ContinuousClock.Instant) {
        let name: String
        switch outcome {
        case .replied:
            name = "replied"
            if let channel { replies[channel]?.increment() }
        case .silent: name = "silent"
        case .duplicate: name = "duplicate"
        }
        turns[name]?.recordNanoseconds((ContinuousClock.now - started).totalNanoseconds)
    }

    /// Records a failed turn.
    func failed(_ error: any Error, since started: ContinuousClock.Instant) {
        turns["failed"]?.recordNanoseconds((ContinuousClock.now - started).totalNanoseconds)
        Counter(label: FailureMetric.label, dimensions: FailureMetric.dimensions(component: "turn", cause: Self.cause(of: error))).increment()
    }

    /// Records the sales agent's time in a turn.
    func salesModel(since started: ContinuousClock.Instant) {
        salesModel.recordNanoseconds((ContinuousClock.now - started).totalNanoseconds)
    }

    /// Records a verdict of the moderator.
    func classified(_ status: ContactStatus) {
        (classifications[status] ?? Counter(label: "sauda_classifications_total", dimensions: [("status", status.rawValue)])).increment()
    }

    /// Why a turn failed, as a metric label: `model` (the model failed and no fallback answered), `database`,
    /// `conflict` (another turn took the messages first), `cancelled` (shutdown) or `other`.
    static func cause(of error: any Error) -> String {
        switch error {
        case is ModelError: "model"
        case is StoreError: "database"
        case is TurnProcessor.TurnConflict: "conflict"
        case is CancellationError: "cancelled"
        default: "other"
        }
    }
}
