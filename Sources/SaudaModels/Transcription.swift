import Foundation

/// Recorded audio to transcribe: a voice note's bytes and MIME type.
public struct AudioClip: Sendable, Hashable {
    /// The bytes as received.
    public var data: Data
    /// MIME type (`audio/ogg` for WhatsApp and Telegram voice notes).
    public var mimeType: String

    /// Creates a clip. A missing or generic MIME type becomes `audio/ogg`, what messengers send (providers
    /// reject `application/octet-stream`).
    public init(data: Data, mimeType: String?) {
        self.data = data
        let type = (mimeType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch type {
        case "", "application/octet-stream", "audio/oga", "audio/opus": self.mimeType = "audio/ogg"
        case "audio/mp3": self.mimeType = "audio/mpeg"
        default: self.mimeType = type
        }
    }

    /// A file name with an extension the providers accept (`.oga` is refused by Whisper-style servers).
    public var fileName: String {
        switch mimeType {
        case "audio/mpeg": "voice.mp3"
        case "audio/wav", "audio/x-wav": "voice.wav"
        case "audio/mp4", "audio/m4a", "audio/aac": "voice.m4a"
        case "audio/flac": "voice.flac"
        case "audio/webm": "voice.webm"
        default: "voice.ogg"
        }
    }
}

/// What a voice note said.
public struct Transcript: Sendable, Hashable {
    /// The text.
    public var text: String
    /// Tokens spent, when the provider reports them.
    public var usage: TokenUsage
    /// Which model transcribed it.
    public var model: String

    /// Creates a transcript.
    public init(text: String, usage: TokenUsage, model: String) {
        self.text = text
        self.usage = usage
        self.model = model
    }
}

/// A model that turns speech into text.
public protocol Transcriber: Sendable {
    /// Name for logs and usage records.
    var name: String { get }
    /// Transcribes one clip.
    func transcribe(_ clip: AudioClip) async throws(ModelError) -> Transcript
}
