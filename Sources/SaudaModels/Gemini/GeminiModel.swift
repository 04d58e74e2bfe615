import Foundation
import Logging
import SaudaCore

/// Google Gemini through `generateContent` over HTTP (AsyncHTTPClient, no SDK).
///
/// Sends the key in `x-goog-api-key` (never in the URL, which ends up in logs), retries what is retryable
/// with ``ModelRetryPolicy`` (429 waits the body's `RetryInfo`; a per-day quota fails at once), and
/// transcribes voice notes with the audio inline.
public struct GeminiModel: LanguageModel, Transcriber {
    /// Settings of the client.
    public struct Configuration: Sendable, Hashable {
        /// API key (`GEMINI_API_KEY`).
        public var apiKey: String
        /// Model id (`GEMINI_MODEL`).
        public var model: String
        /// API root up to the version (`GEMINI_BASE_URL`), default `https://generativelanguage.googleapis.com/v1beta`.
        public var baseURL: String
        /// Timeout of one HTTP call.
        public var requestTimeout: Duration
        /// Retries.
        public var retry: ModelRetryPolicy
        /// Largest audio sent inline (20 MB, the limit every model and path accepts).
        public var maximumInlineAudioBytes: Int

        /// The default API root.
        public static let defaultBaseURL = "https://generativelanguage.googleapis.com/v1beta"

        /// Creates a configuration.
        public init(apiKey: String, model: String, baseURL: String = Self.defaultBaseURL, requestTimeout: Duration = .seconds(50),
                    retry: ModelRetryPolicy = ModelRetryPolicy(), maximumInlineAudioBytes: Int = 20 << 20) {
            self.apiKey = apiKey
            self.model = model
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.requestTimeout = requestTimeout
            self.retry = retry
            self.maximumInlineAudioBytes = maximumInlineAudioBytes
        }
    }

    let configuration: Configuration
    let http: ModelHTTPClient
    let logger: Logger

    /// Creates a client.
    public init(configuration: Configuration, http: ModelHTTPClient, logger: Logger) {
        self.configuration = configuration
        self.http = http
        self.logger = logger
    }

    public var name: String { "gemini" }

    public func respond(to request: ModelRequest) async throws(ModelError) -> ModelResponse {
        let body = GeminiWire.requestBody(request)
        let answer = try await post(body)
        return try GeminiWire.response(answer, model: configuration.model)
    }

    public func transcribe(_ clip: AudioClip) async throws(ModelError) -> Transcript {
        guard clip.data.count <= configuration.maximumInlineAudioBytes else {
            throw ModelError(.unsupported, "the voice note has \(clip.data.count) bytes, more than the "
                             + "\(configuration.maximumInlineAudioBytes) sent inline")
        }
        let body = GeminiWire.transcriptionBody(clip, instruction: Self.transcriptionInstruction)
        let answer = try await post(body)
        let response = try GeminiWire.response(answer, model: configuration.model)
        return Transcript(text: response.text.trimmingCharacters(in: .whitespacesAndNewlines), usage: response.usage, model: response.model)
    }

    /// The instruction sent with a voice note.
    public static let transcriptionInstruction =
        "Transcribe this voice message verbatim in its original language. Output only the transcript, without comments."

    private func post(_ body: JSONValue) async throws(ModelError) -> JSONValue {
        let url = "\(configuration.baseURL)/models/\(configuration.model):generateContent"
        let data = Data(body.jsonText.utf8)
        let headers = [("x-goog-api-key", configuration.apiKey), ("Content-Type", "application/json")]
        let timeout = configuration.requestTimeout
        return try await configuration.retry.run { attempt throws(ModelError) in
            let response = try await http.send(url: url, headers: headers, body: data, timeout: timeout)
            guard response.status == 200 else {
                let error = GeminiWire.error(status: response.status, body: response.body)
                logger.warning("gemini call failed", metadata: ["attempt": "\(attempt)", "status": "\(response.status)",
                                                              "kind": "\(error.kind.rawValue)", "error": "\(error.message)"])
                throw error
            }
            return try JSONValue.parseResponse(response.body)
        }
    }
}
