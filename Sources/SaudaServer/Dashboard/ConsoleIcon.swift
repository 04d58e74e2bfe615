/// The console's icons: small inline SVGs (the machine is offline: no icon font, no CDN).
enum ConsoleIcon: String, Sendable {
    case today, chats, leads, followUps, calls, whitelist, knowledge, alerts, logout, whatsapp, telegram, webchat, bot, person, pause, play, send, logo

    private var body: String {
        switch self {
        case .today: #"<path d="M3 13h4v8H3zM10 8h4v13h-4zM17 3h4v18h-4z"/>"#
        case .chats: #"<path d="M21 12a8 8 0 0 1-11.6 7.1L4 21l1.9-5.4A8 8 0 1 1 21 12z"/>"#
        case .leads: #"<path d="M3 4h18l-7 8v6l-4 2v-8z"/>"#
        case .followUps: #"<path d="M12 7v5l3 2"/><circle cx="12" cy="12" r="9"/>"#
        case .calls: #"<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>"#
        case .whitelist: #"<path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z"/><path d="M9 12l2 2 4-4"/>"#
        case .knowledge: #"<path d="M4 4h11a3 3 0 0 1 3 3v13H7a3 3 0 0 1-3-3z"/><path d="M4 17a3 3 0 0 1 3-3h11"/>"#
        case .catalogue: #"<path d="M3 7l9-4 9 4-9 4z"/><path d="M3 7v10l9 4 9-4V7M12 11v10"/>"#
        case .business: #"<path d="M3 9l2-5h14l2 5M3 9h18v2a3 3 0 0 1-6 0 3 3 0 0 1-6 0 3 3 0 0 1-6 0zM5 13v8h14v-8M10 21v-5h4v5"/>"#
        case .alerts: #"<path d="M6 17V11a6 6 0 0 1 12 0v6l2 2H4z"/><path d="M10 21h4"/>"#
        case .logout: #"<path d="M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10"/>"#
        case .whatsapp: #"<path d="M20 12a8 8 0 0 1-12 6.9L4 20l1.2-3.8A8 8 0 1 1 20 12z"/><path d="M9 9c0 3 3 6 6 6"/>"#
        case .telegram: #"<path d="M21 4L3 11l6 2 2 6 3-4 5 4z"/><path d="M9 13l8-6"/>"#
        case .webchat: #"<rect x="3" y="4" width="18" height="13" rx="2"/><path d="M8 21h8M12 17v4"/>"#
        case .bot: #"<rect x="5" y="8" width="14" height="11" rx="3"/><path d="M12 4v4M9 13h.01M15 13h.01"/>"#
        case .person: #"<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>"#
        case .pause: #"<path d="M9 5v14M15 5v14"/>"#
        case .play: #"<path d="M7 4l13 8-13 8z"/>"#
        case .send: #"<path d="M4 12l16-8-6 16-2-6z"/>"#
        case .logo: #"<path d="M4 6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-6l-5 4v-4H6a2 2 0 0 1-2-2z"/><path d="M9 10.5c1 1.5 5 1.5 6 0"/>"#
        }
    }

    /// The icon as markup.
    var svg: HTML {
        HTML(raw: #"<svg class="icon icon-"# + rawValue + #"" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">"#
             + body + "</svg>")
    }

    /// The catalogue's box.
    case catalogue
    /// The business's settings: a shop front.
    case business
}
