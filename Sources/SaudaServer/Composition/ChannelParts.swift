import AsyncHTTPClient
import Logging
import SaudaBus
import SaudaChannelTelegram
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaOutbound
import SaudaStore
import ServiceLifecycle

/// The channels: the one inbound door, the web chat, WhatsApp through Wappi (when `WAPPI_*` is set), the businesses'
/// WhatsApp numbers and Telegram bots, the sender of replies and the transcriber of voice notes.
public struct ChannelParts: Sendable {
    /// The one door of every channel: whitelist, dedupe, room, voice ordering, the owner's takeover.
    public let inbound: InboundGateway
    /// The web-chat gateway.
    public let webChat: WebChatGateway
    /// Live web-chat streams.
    public let hub: WebChatHub
    /// Wappi's inbound adapter (webhook events and polling), when a Wappi profile is configured.
    public let whatsappGateway: WappiInbound?
    /// Wappi's inbound adapter for the businesses' channel connections.
    public let wappiInbound: WappiInbound
    /// The businesses' WhatsApp connections as they run now (kept in step by the ``ChannelSupervisor``).
    public let wappiConnections: WappiConnections
    /// Telegram's inbound adapter (webhook posts and polls).
    public let telegramInbound: TelegramInbound
    /// The businesses' Telegram bots as they run now (kept in step by the ``ChannelSupervisor``).
    public let telegramConnections: TelegramConnections
    /// The Wappi client of each tenant with a WhatsApp number.
    public let wappiClients: [String: WappiClient]
    /// The sender of replies, over every channel.
    public let sender: OutgoingSender
    /// Voice notes → transcripts.
    public let voiceTranscriber: VoiceTranscriber
    /// The one guarded fetcher of links that come from outside (voice notes' audio links); adapters that fetch such
    /// links take this one.
    public let outboundFetcher: OutboundFetcher
    /// The WhatsApp pollers (`WAPPI_INBOUND=polling`), built once.
    public let pollers: [WappiPoller]
    /// Ends web-chat event streams as soon as shutdown begins.
    let streamCloser: StreamCloser
    let settings: SaudaSettings
    let database: any Database
    let logger: Logger

    /// Builds the channels of the settings; nothing is received or sent until ``services`` run.
    public init(settings: SaudaSettings, database: any Database, queues: QueueParts, models: ModelParts, logger: Logger) {
        self.settings = settings
        self.database = database
        self.logger = logger
        let bus = queues.bus
        hub = WebChatHub()
        inbound = InboundGateway(database: database, bus: bus, humanPause: .seconds((settings.whatsapp?.humanPauseMinutes ?? 60) * 60),
                                 logger: logger)
        wappiInbound = WappiInbound(gateway: inbound)
        let connections = WappiConnections(database: database, gateway: wappiInbound, logger: logger)
        wappiConnections = connections
        let telegramAccounts = TelegramBusinessAccounts(database: database, logger: logger)
        telegramInbound = TelegramInbound(gateway: inbound, accounts: telegramAccounts)
        telegramConnections = TelegramConnections(database: database, inbound: telegramInbound, publicURL: settings.publicURL, logger: logger)
        if let whatsapp = settings.whatsapp {
            let profile = WappiProfile(baseURL: whatsapp.baseURL, token: whatsapp.token, profileID: whatsapp.profileID)
            wappiClients = [Tenant.defaultID: WappiClient(profile: profile, http: .shared, logger: logger)]
            whatsappGateway = wappiInbound
        } else {
            wappiClients = [:]
            whatsappGateway = nil
        }
        // During an outage a reply is tried again on the queue's backoff, but at least every 30 s.
        let deliveries: [any ChannelDelivery] = [
            WebChatDelivery(hub: hub),
            WhatsAppDelivery(clients: wappiClients, connections: connections, sendsPerMinute: settings.whatsapp?.sendsPerMinute ?? 20,
                             outageDelay: .seconds(settings.retry.initialBackoff),
                             maximumOutageDelay: .seconds(min(30, settings.retry.maxBackoff))),
            TelegramDelivery(connections: telegramConnections, accounts: telegramAccounts, outageDelay: .seconds(settings.retry.initialBackoff),
                             maximumOutageDelay: .seconds(min(30, settings.retry.maxBackoff))),
        ]
        sender = OutgoingSender(database: database, bus: bus, channels: deliveries, logger: logger)
        outboundFetcher = Self.makeOutboundFetcher(settings)
        voiceTranscriber = VoiceTranscriber(database: database, bus: bus, transcriber: models.transcriber,
                                            mediaSources: Dictionary(uniqueKeysWithValues: wappiClients.map { tenant, client in
                                                (ChannelConnectionKey(tenantID: tenant, channel: .whatsapp), client as any MediaSource)
                                            }),
                                            mediaDirectories: [connections, telegramConnections],
                                            fetcher: outboundFetcher,
                                            maxAttempts: settings.retry.maxAttempts, logger: logger)
        webChat = WebChatGateway(database: database, inbound: inbound, hub: hub, maxTextLength: settings.webchatMaxText, logger: logger)
        streamCloser = StreamCloser(hub: hub)
        pollers = Self.makePollers(settings: settings, clients: wappiClients, gateway: whatsappGateway, connections: connections,
                                   database: database, logger: logger)
    }

    /// The guarded fetcher of links that come from outside (voice notes' audio links). Its allow-list is
    /// `OUTBOUND_ALLOWED_HOSTS` and the Wappi base URL's host and port, so that a Wappi-compatible gateway on this
    /// machine or the simulator on loopback can serve the media it links to.
    static func makeOutboundFetcher(_ settings: SaudaSettings) -> OutboundFetcher {
        OutboundFetcher(policy: outboundPolicy(settings))
    }

    /// What may be called inside the installation's network: `OUTBOUND_ALLOWED_HOSTS` and the `WAPPI_BASE_URL`'s,
    /// `CRM_BASE_URL`'s and `TELEGRAM_BASE_URL`'s hosts and ports. The guarded fetcher follows it, and so does the check of the base URLs businesses give their connections.
    public static func outboundPolicy(_ settings: SaudaSettings) -> OutboundPolicy {
        var allowed = settings.outbound.allowedHosts
        if let whatsapp = settings.whatsapp, let wappi = OutboundHost.of(baseURL: whatsapp.baseURL) { allowed.append(wappi) }
        // The operator's own CRM_BASE_URL is trusted like WAPPI_BASE_URL (a 1C server on the office network).
        if let crm = settings.crm, let host = OutboundHost.of(baseURL: crm.baseURL) { allowed.append(host) }
        // So is TELEGRAM_BASE_URL (a local Bot API server, or the simulator on loopback).
        if let telegram = settings.telegram, let host = OutboundHost.of(baseURL: telegram.baseURL) { allowed.append(host) }
        return OutboundPolicy(allowedHosts: allowed)
    }

    /// New WhatsApp pollers (`WAPPI_INBOUND=polling`), one per tenant with a number; ``pollers`` holds the ones
    /// this process runs. A new poller starts from the stored cursors, as after a restart.
    public func makePollers() -> [WappiPoller] {
        Self.makePollers(settings: settings, clients: wappiClients, gateway: whatsappGateway, connections: wappiConnections,
                         database: database, logger: logger)
    }

    /// The pollers of the numbers of old; each leaves its polls out until the connections are applied and while its
    /// business has a connection of the same profile (the connection made from it, which polls instead).
    private static func makePollers(settings: SaudaSettings, clients: [String: WappiClient], gateway: WappiInbound?,
                                    connections: WappiConnections, database: any Database, logger: Logger) -> [WappiPoller] {
        guard let whatsapp = settings.whatsapp, whatsapp.inbound == .polling, let gateway else { return [] }
        return clients.sorted { $0.key < $1.key }.map { tenant, client in
            WappiPoller(tenantID: tenant, client: client, gateway: gateway, database: database,
                        interval: .seconds(whatsapp.pollingIntervalSeconds),
                        isSuperseded: { !connections.isReady || connections.hasConnection(tenantID: tenant, profileID: client.profile.profileID) },
                        logger: logger)
        }
    }

    /// The supervisor of the businesses' channel connections; `sealer` opens their secrets.
    public func makeSupervisor(sealer: SecretSealer, interval: Duration = .seconds(3)) -> ChannelSupervisor {
        ChannelSupervisor(database: database, sealer: sealer, runners: [wappiConnections, telegramConnections], interval: interval, logger: logger)
    }

    /// What a process with the gateway runs for the channels: the sender, the transcriber, the closer of web-chat
    /// streams and the pollers.
    public var services: [any Service] {
        [sender, voiceTranscriber, streamCloser] as [any Service] + pollers
    }
}
