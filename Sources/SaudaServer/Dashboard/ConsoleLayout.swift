import Crypto
import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The frame of every console page: the sidebar with the navigation, the top bar with the title, the content.
enum ConsoleLayout {
    /// The sections of the sidebar.
    enum Section: String, CaseIterable, Sendable {
        case today, conversations, leads, alerts, followUps, calls, whitelist, knowledge, business, channels

        var path: String {
            switch self {
            case .catalogue: "/console/catalogue"
            case .business: "/console/business"
            case .channels: "/console/channels"
            case .today: "/console"
            case .conversations: "/console/conversations"
            case .leads: "/console/leads"
            case .alerts: "/console/alerts"
            case .followUps: "/console/follow-ups"
            case .calls: "/console/calls"
            case .whitelist: "/console/whitelist"
            case .knowledge: "/console/knowledge"
            }
        }

        var icon: ConsoleIcon {
            switch self {
            case .catalogue: .catalogue
            case .business: .business
            case .channels: .whatsapp
            case .today: .today
            case .conversations: .chats
            case .leads: .leads
            case .alerts: .alerts
            case .followUps: .followUps
            case .calls: .calls
            case .whitelist: .whitelist
            case .knowledge: .knowledge
            }
        }

        var title: ConsoleText {
            switch self {
            case .catalogue: .navCatalogue
            case .business: .navBusiness
            case .channels: .navChannels
            case .today: .navToday
            case .conversations: .navConversations
            case .leads: .navLeads
            case .alerts: .navAlerts
            case .followUps: .navFollowUps
            case .calls: .navCalls
            case .whitelist: .navWhitelist
            case .knowledge: .navKnowledge
            }
        }

        /// The catalogue's page, declared after the other sections so that it comes last in the navigation.
        case catalogue
    }

    /// The stylesheet and script, versioned so a new build is never served from a stale cache.
    static let assetVersion = SHA256.hash(data: Data((ConsoleAssets.stylesheet + ConsoleAssets.script).utf8)).prefix(4)
        .map { String(format: "%02x", $0) }.joined()

    /// A whole page.
    static func page(title: String, section: Section?, context: ConsoleContext, actions: HTML = "", flash: HTML = "",
                     content: HTML) -> HTML {
        let nav = Section.allCases.map { item -> HTML in
            let current = item == section
            // The alerts' badge: the console's script fills in the open count from `/console/alerts/count` and keeps it
            // up to date on every page.
            let badge: HTML = item == .alerts ? html(#"<b class="nav-badge" data-alerts-count="/console/alerts/count" title="\#(context.t(.alertsBadgeTitle))" hidden></b>"#) : ""
            return html("""
                <a class="nav-item\(current ? " is-current" : "")" href="\(item.path)"\(current ? HTML(raw: " aria-current=\"page\"") : "")>\(item.icon.svg)<span>\(context.t(item.title))</span>\(badge)</a>
                """)
        }
        // The team of the business for its admins, the installation's businesses for its owner.
        var extra: [(path: String, title: InstallationText, icon: ConsoleIcon)] = []
        if context.may(.admin) { extra.append(("/console/team", .navTeam, .person)) }
        if context.principal.isOwner { extra.append(("/console/installation", .navInstallation, .business)) }
        let installationNav = extra.map { item -> HTML in
            let current = context.path.hasPrefix(item.path)
            return html("""
                <a class="nav-item\(current ? " is-current" : "")" href="\(item.path)">\(item.icon.svg)<span>\(item.title.text(context.language))</span></a>
                """)
        }
        let other: ConsoleLanguage = context.language == .ru ? .en : .ru
        let switchTarget = languageLink(path: context.path, to: other)
        return html("""
            <!doctype html>
            <html lang="\(context.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Sauda</title>
            <link rel="stylesheet" href="/console/assets/console.css?v=\(assetVersion)">
            <script src="/console/assets/console.js?v=\(assetVersion)" defer></script>
            </head>
            <body>
            <div class="shell">
              <aside class="sidebar">
                <a class="brand" href="/console">\(ConsoleIcon.logo.svg)<span class="brand-name">Sauda</span></a>
                <div class="tenant-name" title="\(context.t(.tenant))">\(context.principal.tenantID)</div>
                <nav class="nav">\(nav)\(installationNav)</nav>
                <div class="sidebar-foot">
                  <div class="who">\(ConsoleIcon.person.svg)<div><div class="who-name">\(context.principal.name)</div><div class="who-role">\(roleName(context.principal.role, context))</div></div></div>
                  <div class="foot-row">
                    <a class="lang-switch" href="\(switchTarget)" hreflang="\(other.rawValue)">\(other == .en ? "English" : "Русский")</a>
                    <form method="post" action="/console/logout"><button class="link-button" type="submit">\(ConsoleIcon.logout.svg)\(context.t(.logout))</button></form>
                  </div>
                </div>
              </aside>
              <main class="main">
                <header class="topbar"><h1>\(title)</h1><div class="topbar-actions">\(actions)</div></header>
                \(flash)
                <div class="content">\(content)</div>
              </main>
            </div>
            </body>
            </html>
            """)
    }

    /// The current page with `lang=` set.
    static func languageLink(path: String, to language: ConsoleLanguage) -> String {
        var components = URLComponents(string: path) ?? URLComponents()
        var items = (components.queryItems ?? []).filter { $0.name != "lang" }
        items.append(URLQueryItem(name: "lang", value: language.rawValue))
        components.queryItems = items
        return components.string ?? "/console?lang=\(language.rawValue)"
    }

    static func roleName(_ role: AccessRole, _ context: ConsoleContext) -> String {
        switch role {
        case .viewer: context.t(.roleViewer)
        case .operator: context.t(.roleOperator)
        case .admin: context.t(.roleAdmin)
        }
    }

    /// A notice above the content (after an action).
    static func flash(_ text: String, kind: String = "ok") -> HTML {
        html(#"<div class="flash flash-\#(kind)" role="status">\#(text)</div>"#)
    }

    /// A page for a refused or failed request, inside the frame.
    static func problem(status: Int, title: String, reason: String, context: ConsoleContext) -> HTML {
        page(title: title, section: nil, context: context, content: html("""
            <section class="card problem"><div class="problem-code">\(status)</div><p>\(reason)</p>
            <p><a class="button" href="/console">\(context.t(.backToToday))</a></p></section>
            """))
    }
}
