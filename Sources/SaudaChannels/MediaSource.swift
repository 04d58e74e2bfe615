import Foundation
import SaudaCore

/// Where the ``VoiceTranscriber`` gets a message's media from when the event carried neither the bytes nor a
/// link: the provider's own download (Wappi's `message/media/download`, Telegram's `getFile`). One per channel
/// connection; providers implement it in their own modules.
public protocol MediaSource: Sendable {
    /// Fetches a message's media: its bytes, or a link to download them from.
    /// - Parameter messageID: the provider's id of the message.
    func media(of messageID: String) async throws(MediaSourceError) -> FetchedMedia
    /// Fetches a message's media, named by the provider's id of the file when the event gave one (Telegram's
    /// `file_id`); by default the message's id alone is used.
    func media(of messageID: String, mediaID: String?) async throws(MediaSourceError) -> FetchedMedia
}

extension MediaSource {
    /// Fetches by the message's id alone.
    public func media(of messageID: String, mediaID: String?) async throws(MediaSourceError) -> FetchedMedia {
        try await media(of: messageID)
    }
}

/// A message's media as a ``MediaSource`` returns it.
public struct FetchedMedia: Sendable, Hashable {
    /// The bytes, when the provider sent them.
    public var data: Data?
    /// A link to the bytes, when the provider sent one instead.
    public var link: String?
    /// The MIME type, when known.
    public var mimeType: String?

    /// Creates fetched media.
    public init(data: Data?, link: String?, mimeType: String?) {
        self.data = data
        self.link = link
        self.mimeType = mimeType
    }
}

/// Why a ``MediaSource`` could not fetch a message's media.
public struct MediaSourceError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for logs.
    public var description: String
    /// Whether a later try may succeed.
    public var retryable: Bool

    /// Creates an error.
    public init(_ description: String, retryable: Bool) {
        self.description = description
        self.retryable = retryable
    }
}

/// A tenant's connection to one channel: the key of per-connection services such as ``MediaSource``s.
public struct ChannelConnectionKey: Sendable, Hashable {
    /// The tenant.
    public var tenantID: String
    /// The channel.
    public var channel: Channel

    /// Creates a key.
    public init(tenantID: String, channel: Channel) {
        self.tenantID = tenantID
        self.channel = channel
    }
}

/// Finds the media source of a chat's channel connection (the business's number the voice note came to), for
/// channels whose connections are data (a business's WhatsApp numbers).
public protocol MediaSourceDirectory: Sendable {
    /// The media source of `tenantID`'s connection `connection` on `channel`, else of its default connection on that
    /// channel; `nil` when it has none running.
    func mediaSource(tenantID: String, channel: Channel, connection: String?) -> (any MediaSource)?
}
