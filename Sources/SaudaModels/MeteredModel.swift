import Foundation
import Metrics
import SaudaCore
import Synchronization

/// One model call, for the usage log.
public struct ModelCallRecord: Sendable, Hashable {
    /// Tenant.
    public var tenantID: String
    /// Contact, when known.
    public var contactID: Int64?
    /// Why the call was made.
    public var purpose: String
    /// The configured provider.
    public var provider: String
    /// The model that answered (the fallback's name when it answered).
    public var model: String
    /// Tokens.
    public var usage: TokenUsage
    /// `ok`, `fallback`, or the error kind.
    public var outcome: String
    /// How long the call took.
    public var duration: Duration
}

/// Where model calls are recorded.
public protocol ModelUsageSink: Sendable {
    /// Records a call; must not block the turn.
    func record(_ call: ModelCallRecord)
}

/// Records every call of a model (tenant, contact, purpose, tokens) and measures it in metrics: the latency of
/// every answered call, `sauda_model_latency_seconds{provider, model, purpose}`, and its tokens,
/// `sauda_model_tokens_total{provider, model, purpose, direction}` (`model` is the one that answered: the
/// configured one, or the fallback's).
public struct MeteredModel: LanguageModel {
    let inner: any LanguageModel
    let sink: any ModelUsageSink

    /// Wraps a model.
    public init(_ inner: any LanguageModel, sink: any ModelUsageSink) {
        self.inner = inner
        self.sink = sink
    }

    public var name: String { inner.name }

    public func respond(to request: ModelRequest) async throws(ModelError) -> ModelResponse {
        let provider = inner.name
        let started = ContinuousClock.now
        do {
            let response = try await inner.respond(to: request)
            let fellBack = provider != "offline" && (response.model == GuardedModel.apologyModelName || response.model == OfflineEngine.modelName)
            let duration = ContinuousClock.now - started
            record(request, model: response.model, usage: response.usage, outcome: fellBack ? "fallback" : "ok", duration: duration)
            Self.measure(provider: provider, model: response.model, purpose: request.purpose.rawValue, duration: duration,
                         usage: response.usage)
            return response
        } catch {
            record(request, model: provider, usage: .zero, outcome: error.kind.rawValue, duration: ContinuousClock.now - started)
            throw error
        }
    }

    /// Records an answered call's latency and tokens in metrics.
    static func measure(provider: String, model: String, purpose: String, duration: Duration, usage: TokenUsage) {
        let metrics = CallMetrics.of(provider: provider, model: model, purpose: purpose)
        metrics.latency.recordNanoseconds(duration.totalNanoseconds)
        metrics.inputTokens.increment(by: usage.input)
        metrics.outputTokens.increment(by: usage.output)
    }

    /// The metrics of one provider, model and purpose, made once (a call only updates them).
    struct CallMetrics: Sendable {
        let latency: Timer
        let inputTokens: Counter
        let outputTokens: Counter

        private static let made = Mutex<[String: CallMetrics]>([:])

        static func of(provider: String, model: String, purpose: String) -> CallMetrics {
            let key = provider + "\u{1F}" + model + "\u{1F}" + purpose
            return made.withLock { made in
                if let known = made[key] { return known }
                let dimensions = [("provider", provider), ("model", model), ("purpose", purpose)]
                let metrics = CallMetrics(
                    latency: Timer(label: "sauda_model_latency_seconds", dimensions: dimensions),
                    inputTokens: Counter(label: "sauda_model_tokens_total", dimensions: dimensions + [("direction", "input")]),
                    outputTokens: Counter(label: "sauda_model_tokens_total", dimensions: dimensions + [("direction", "output")]))
                // Models and purposes are few; a flood of distinct names would not grow this without bound.
                if made.count < 1000 { made[key] = metrics }
                return metrics
            }
        }
    }

    private func record(_ request: ModelRequest, model: String, usage: TokenUsage, outcome: String, duration: Duration) {
        let purpose = request.purpose.rawValue
        sink.record(ModelCallRecord(tenantID: request.tenantID ?? "", contactID: request.contactID, purpose: purpose, provider: name,
                                    model: model, usage: usage, outcome: outcome, duration: duration))
    }
}

/// Records every transcription (purpose `transcription`) with the tenant and contact it was made for.
public struct MeteredTranscriber: Sendable {
    let inner: any Transcriber
    let sink: any ModelUsageSink

    /// Wraps a transcriber.
    public init(_ inner: any Transcriber, sink: any ModelUsageSink) {
        self.inner = inner
        self.sink = sink
    }

    /// Transcribes a clip for a tenant's contact and records the call.
    public func transcribe(_ clip: AudioClip, tenantID: String, contactID: Int64?) async throws(ModelError) -> Transcript {
        let started = ContinuousClock.now
        do {
            let transcript = try await inner.transcribe(clip)
            let duration = ContinuousClock.now - started
            sink.record(ModelCallRecord(tenantID: tenantID, contactID: contactID, purpose: ModelPurpose.transcription.rawValue,
                                        provider: inner.name, model: transcript.model, usage: transcript.usage, outcome: "ok",
                                        duration: duration))
            MeteredModel.measure(provider: inner.name, model: transcript.model, purpose: ModelPurpose.transcription.rawValue,
                                 duration: duration, usage: transcript.usage)
            return transcript
        } catch {
            sink.record(ModelCallRecord(tenantID: tenantID, contactID: contactID, purpose: ModelPurpose.transcription.rawValue,
                                        provider: inner.name, model: inner.name, usage: .zero, outcome: error.kind.rawValue,
                                        duration: ContinuousClock.now - started))
            throw error
        }
    }
}
