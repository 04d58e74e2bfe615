import SaudaChannels
import SaudaCore

extension WappiConnections: MediaSourceDirectory {
    /// The client of the WhatsApp connection named, else of the business's default one: it downloads a voice note's
    /// audio with that number's token when the event carried neither the audio nor a link.
    public func mediaSource(tenantID: String, channel: Channel, connection: String?) -> (any MediaSource)? {
        guard channel == .whatsapp else { return nil }
        return endpoint(tenantID: tenantID, connectionID: connection)?.client
    }
}
