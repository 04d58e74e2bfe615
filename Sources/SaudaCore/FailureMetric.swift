/// The one counter of failures by cause, `sauda_failures_total{component, cause}`: every failure the system
/// recovers from or gives up on is counted there once, where it happens. The modules create the counter with
/// swift-metrics; this type only keeps its name and labels the same everywhere.
///
/// Components and their causes:
/// - `model`: the remote model failed or was skipped, the fallback answered; cause is the error kind
///   (`transient`, `rate_limited`, `deadline_exceeded`, `circuit_open`, …).
/// - `turn`: a conversation turn failed and its messages are retried; `model`, `database`, `conflict`,
///   `cancelled` or `other`.
/// - `send`: a reply could not be sent; `transient` (retried) or `rejected` (not retryable).
/// - `queue`: a queue refused or dead-lettered a message; `full`, `max_attempts`, `expired`, …
/// - `transcription`: a voice note stayed untranscribed; the error kind, `audio_unavailable`, `audio_refused` (the
///   outbound fetcher refused its link) or `other`.
/// - `http`: a request failed with 500; `internal`.
public enum FailureMetric {
    /// The counter's name.
    public static let label = "sauda_failures_total"

    /// The counter's labels for a failure of `component` because of `cause`.
    public static func dimensions(component: String, cause: String) -> [(String, String)] {
        [("component", component), ("cause", cause)]
    }
}
