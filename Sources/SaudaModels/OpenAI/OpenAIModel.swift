import Foundation
import Logging
import SaudaCore

/// A model on an OpenAI-compatible server: `chat/completions` with tools and JSON schema output, and
/// `audio/transcriptions` for voice notes. Works with OpenAI, Ollama, llama.cpp and vLLM (see the README
/// for their differences).
public struct OpenAIModel: LanguageModel, Transcriber {
    /// Settings of the client.
    public struct Configuration: Sendable, Hashable {
        /// API root including `/v1` (`OPENAI_BASE_URL`).
        public var baseURL: String
        /// Bearer key (`OPENAI_API_KEY`); local servers take none.
        public var apiKey: String?
        /// Chat model (`OPENAI_MODEL`).
        public var model: String
        /// Transcription model (`OPENAI_TRANSCRIPTION_MODEL`).
        public var transcriptionModel: String
        /// Timeout of one HTTP call.
        public var requestTimeout: Duration
        /// Retries.
        public var retry: ModelRetryPolicy
        /// Largest audio upload (25 MB, Whisper's limit).
        public var maximumAudioBytes: Int

        /// Creates a configuration.
        public init(baseURL: String, apiKey: String?, model: String, transcriptionModel: String = "whisper-1",
                    requestTimeout: Duration = .seconds(50), retry: ModelRetryPolicy = ModelRetryPolicy(),
                    maximumAudioBytes: Int = 25 << 20) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.apiKey = apiKey
            self.model = model
            self.transcriptionModel = transcriptionModel
            self.requestTimeout = requestTimeout
            self.retry = retry
            self.maximumAudioBytes = maximumAudioBytes
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

    public var name: String { "openai" }

    public func respond(to request: ModelRequest) async throws(ModelError) -> ModelResponse {
        let body = Data(OpenAIWire.requestBody(request, model: configuration.model).jsonText.utf8)
        let answer = try await post("chat/completions", body: body, contentType: "application/json")
        return try OpenAIWire.response(try JSONValue.parseResponse(answer), model: configuration.model)
    }

    public func transcribe(_ clip: AudioClip) async throws(ModelError) -> Transcript {
        guard clip.data.count <= configuration.maximumAudioBytes else {
            throw ModelError(.unsupported, "the voice note has \(clip.data.count) bytes, more than the \(configuration.maximumAudioBytes) accepted")
        }
        let boundary = "sauda-\(UUID().uuidString)"
        let body = OpenAIWire.transcriptionBody(clip, model: configuration.transcriptionModel, boundary: boundary)
        let answer = try await post("audio/transcriptions", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        let json = try JSONValue.parseResponse(answer)
        guard let text = json["text"]?.stringValue else { throw ModelError(.malformedResponse, "the transcription has no text") }
        let usage = json["usage"]
        return Transcript(text: text.trimmingCharacters(in: .whitespacesAndNewlines),
                          usage: TokenUsage(input: Int(usage?["input_tokens"]?.numberValue ?? 0),
                                            output: Int(usage?["output_tokens"]?.numberValue ?? 0)),
                          model: configuration.transcriptionModel)
    }

    private func post(_ path: String, body: Data, contentType: String) async throws(ModelError) -> Data {
        let url = "\(configuration.baseURL)/\(path)"
        var headers = [("Content-Type", contentType)]
        if let key = configuration.apiKey { headers.append(("Authorization", "Bearer \(key)")) }
        let timeout = configuration.requestTimeout
        let sendHeaders = headers
        return try await configuration.retry.run { attempt throws(ModelError) in
            let response = try await http.send(url: url, headers: sendHeaders, body: body, timeout: timeout)
            guard response.status == 200 else {
                let error = OpenAIWire.error(status: response.status, headers: response.headers, body: response.body)
                logger.warning("openai-compatible call failed", metadata: ["attempt": "\(attempt)", "status": "\(response.status)",
                                                                          "kind": "\(error.kind.rawValue)", "error": "\(error.message)"])
                throw error
            }
            return response.body
        }
    }
}
