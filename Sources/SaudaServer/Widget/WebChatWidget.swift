import SaudaChannels

/// A web-chat widget as a request finds it by its public id: open, closed (paused, failing, its business suspended,
/// its settings unreadable) or unknown, with what its script shows.
struct WebChatWidget: Sendable, Hashable {
    /// Whether visitors may chat, and if not why.
    enum Standing: Sendable, Hashable {
        /// Open to the pages of its allowed origins.
        case open
        /// It exists but takes no messages now; the reason is for the API's 503.
        case closed(reason: String)
        /// No webchat connection has this public id.
        case unknown
    }

    /// The public id it was asked by.
    let publicID: String
    /// Its business; `nil` for an unknown widget.
    let tenantID: String?
    /// Its settings; `nil` when unknown or unreadable (then no origin is allowed).
    let settings: WebChatWidgetSettings?
    /// Open, closed or unknown.
    let standing: Standing
    /// What its script is told.
    let config: WebChatWidgetConfig

    /// An unknown widget: a closed chat with no name.
    static func unknown(publicID: String) -> WebChatWidget {
        WebChatWidget(publicID: publicID, tenantID: nil, settings: nil, standing: .unknown,
                      config: WebChatWidgetConfig(publicID: publicID, available: false, name: ""))
    }

    /// Whether a page of `origin` may use it.
    func allows(origin: String) -> Bool { settings?.allows(origin: origin) ?? false }
}
