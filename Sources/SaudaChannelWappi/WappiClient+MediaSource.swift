import SaudaChannels

extension WappiClient: MediaSource {
    /// Wappi's media download (`message/media/download`), for voice notes whose event carried no audio and no link.
    public func media(of messageID: String) async throws(MediaSourceError) -> FetchedMedia {
        do {
            let media = try await media(messageID: messageID)
            return FetchedMedia(data: media.data, link: media.fileLink, mimeType: media.mimeType)
        } catch {
            throw MediaSourceError("media download failed: \(error)", retryable: error.retryable)
        }
    }
}
