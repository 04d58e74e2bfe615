import AsyncHTTPClient

/// The process's HTTP client for the Bot API. Every bot's long poll holds a connection for up to half a minute, and with
/// `HTTPClient.shared`'s 8 connections per host, nine polling bots on one HTTP/1.1 Bot API root (a local Bot API server)
/// would leave sends queueing behind the polls until their deadline, then be taken as «outcome unknown». Over TLS
/// (api.telegram.org) calls share connections as HTTP/2 streams. Made once and never shut down, like `HTTPClient.shared`.
public enum TelegramHTTP {
    /// The client, with 512 HTTP/1.1 connections per host.
    public static let client: HTTPClient = {
        var pool = HTTPClient.Configuration.ConnectionPool()
        pool.concurrentHTTP1ConnectionsPerHostSoftLimit = 512
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(connectionPool: pool))
    }()
}
