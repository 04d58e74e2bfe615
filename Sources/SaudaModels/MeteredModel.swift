import Foundation
import Metrics

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

/// Records every call of a model (tenant, contact, purpose, tokens) and counts tokens in metrics.
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
            let fellBack = provider != "offline" && (response.model == "apology" || response.model == OfflineEngine.modelName)
            record(request, model: response.model, usage: response.usage, outcome: fellBack ? "fallback" : "ok",
                   duration: ContinuousClock.now - started)
            return response
        } catch {
            record(request, model: provider, usage: .zero, outcome: error.kind.rawValue, duration: ContinuousClock.now - started)
            throw error
        }
    }

    private func record(_ request: ModelRequest, model: String, usage: TokenUsage, outcome: String, duration: Duration) {
        let purpose = request.purpose.rawValue
        Counter(label: "sauda_model_tokens_total", dimensions: [("provider", name), ("purpose", purpose), ("direction", "input")])
            .increment(by: usage.input)
        Counter(label: "sauda_model_tokens_total", dimensions: [("provider", name), ("purpose", purpose), ("direction", "output")])
            .increment(by: usage.output)
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
            sink.record(ModelCallRecord(tenantID: tenantID, contactID: contactID, purpose: ModelPurpose.transcription.rawValue,
                                        provider: inner.name, model: transcript.model, usage: transcript.usage, outcome: "ok",
                                        duration: ContinuousClock.now - started))
            return transcript
        } catch {
            sink.record(ModelCallRecord(tenantID: tenantID, contactID: contactID, purpose: ModelPurpose.transcription.rawValue,
                                        provider: inner.name, model: inner.name, usage: .zero, outcome: error.kind.rawValue,
                                        duration: ContinuousClock.now - started))
            throw error
        }
    }
}
