import Logging
import SaudaChannels
import SaudaCore
import SaudaStore
import Synchronization

/// Web-chat widgets by public id, each remembered for ``timeToLive`` on an injected clock: a change of its row (its
/// greeting, its origins, a pause) or of its business's suspension is seen within that time, without a restart.
final class WebChatWidgetDirectory: Sendable {
    /// How long a widget is remembered; the default keeps a change within the 10 s a business is promised.
    let timeToLive: Duration
    private let database: any Database
    private let clock: AnyClock
    private let logger: Logger
    private let cache = Mutex<[String: (widget: WebChatWidget, at: AnyClock.Instant)]>([:])

    /// Creates the directory.
    init(database: any Database, timeToLive: Duration = .seconds(5), clock: AnyClock = .continuous, logger: Logger) {
        self.database = database
        self.timeToLive = timeToLive
        self.clock = clock
        self.logger = logger
    }

    /// Whether `text` can be a public id (1–64 of lowercase letters, digits, `-`, `_`); anything else is unknown
    /// without a read, and never fills the cache.
    static func isPublicID(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F }
    }

    /// The widget of `publicID`, read again once its memory is older than ``timeToLive``.
    func widget(publicID: String) async throws -> WebChatWidget {
        guard Self.isPublicID(publicID) else { return .unknown(publicID: publicID) }
        let now = clock.now
        if let entry = cache.withLock({ $0[publicID] }), now - entry.at < timeToLive { return entry.widget }
        let published = try await database.read { sql in try await ChannelConnectionRepository(sql).published(publicID: publicID) }
        let widget = resolve(published, publicID: publicID)
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[publicID] = (widget, now)
        }
        return widget
    }

    private func resolve(_ published: PublishedConnection?, publicID: String) -> WebChatWidget {
        guard let published, published.connection.provider == .webchat else { return .unknown(publicID: publicID) }
        let connection = published.connection
        let settings: WebChatWidgetSettings?
        do {
            settings = try WebChatWidgetSettings.decode(json: connection.settings)
        } catch {
            logger.warning("web-chat widget's settings cannot be used; the widget shows a closed chat",
                           metadata: ["connection": "\(connection.id)", "tenant": "\(connection.tenantID)", "problems": "\(error)"])
            settings = nil
        }
        let standing: WebChatWidget.Standing
        if published.businessSuspended {
            standing = .closed(reason: "this business's chat is closed")
        } else if settings == nil {
            standing = .closed(reason: "this chat is not set up yet")
        } else {
            switch connection.state {
            case .active: standing = .open
            case .paused: standing = .closed(reason: "this chat is paused by the business")
            case .failing: standing = .closed(reason: "this chat is not available now")
            }
        }
        let look = settings ?? WebChatWidgetSettings()
        let config = WebChatWidgetConfig(publicID: publicID, available: standing == .open, businessName: published.businessName, settings: look)
        return WebChatWidget(publicID: publicID, tenantID: connection.tenantID, settings: settings, standing: standing, config: config)
    }
}
