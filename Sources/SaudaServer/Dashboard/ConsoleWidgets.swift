import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// Small pieces shared by the pages: status badges, channel marks, contact names.
enum ConsoleWidgets {
    /// A contact's name as the console shows it: the messenger name, the phone number or the chat id.
    static func name(_ contact: Contact) -> String {
        if let name = contact.profile.fullName ?? contact.profile.name, !name.isEmpty { return name }
        if let phone = contact.phoneNumber { return "+" + phone }
        return contact.key.chatID
    }

    /// The second line under a name: the username on the channel (Telegram's `@name`) and the phone number, or the chat id.
    static func handle(_ contact: Contact) -> String {
        let phone = contact.phoneNumber.map { $0.hasPrefix("+") ? $0 : "+" + $0 }
        if let username = contact.username { return ["@" + username, phone].compactMap { $0 }.joined(separator: " · ") }
        return phone ?? contact.key.chatID
    }

    /// A badge for a contact the channel no longer reaches (they blocked the bot); empty otherwise.
    static func reachability(_ contact: Contact, _ context: ConsoleContext) -> HTML {
        guard contact.unreachableAt != nil else { return "" }
        return html(#" <span class="badge badge-not-client" id="unreachable"><span class="dot"></span>\#(context.t(.contactUnreachable))</span>"#)
    }

    static func statusText(_ status: ContactStatus, _ context: ConsoleContext) -> String {
        switch status {
        case .client: context.t(.statusClient)
        case .notClient: context.t(.statusNotClient)
        case .unknown: context.t(.statusUnknown)
        }
    }

    /// The status badge with the confidence.
    static func status(_ contact: Contact, _ context: ConsoleContext) -> HTML {
        let kind = switch contact.status {
        case .client: "client"
        case .notClient: "not-client"
        case .unknown: "unknown"
        }
        let confidence = contact.confidence.map { html(#"<span class="confidence">\#(String(Int(($0 * 100).rounded())))%</span>"#) } ?? ""
        return html(#"<span class="badge badge-\#(kind)"><span class="dot"></span>\#(statusText(contact.status, context))\#(confidence)</span>"#)
    }

    /// The channel's icon with its name as a tooltip.
    static func channel(_ channel: Channel, _ context: ConsoleContext) -> HTML {
        let (icon, name): (ConsoleIcon, String) = switch channel {
        case .whatsapp: (.whatsapp, "WhatsApp")
        case .telegram: (.telegram, "Telegram")
        case .webchat: (.webchat, context.t(.channelWebchat))
        }
        return html(#"<span class="channel channel-\#(channel.rawValue)" title="\#(name)">\#(icon.svg)<span class="sr-only">\#(name)</span></span>"#)
    }

    /// Who answers in the chat now: the bot, or the operator who took over (until when).
    static func botState(_ contact: Contact, pausedBy: String?, _ context: ConsoleContext, now: Date = Date()) -> HTML {
        if let until = contact.botPausedUntil, until > now {
            let who = pausedBy ?? context.t(.someone)
            return html(#"<span class="pill pill-paused" title="\#(context.t(.pausedUntil)) \#(context.dateTime(until))">\#(ConsoleIcon.person.svg)\#(who)</span>"#)
        }
        return html(#"<span class="pill pill-bot">\#(ConsoleIcon.bot.svg)\#(context.t(.botAnswers))</span>"#)
    }

    /// The initials in a round avatar.
    static func avatar(_ contact: Contact) -> HTML {
        let words = name(contact).split(whereSeparator: { $0 == " " || $0 == "+" }).prefix(2)
        let initials = words.compactMap(\.first).map(String.init).joined().uppercased()
        let hue = Int(contact.id % 12) * 30
        return html(#"<span class="avatar" style="--hue: \#(hue)">\#(initials.isEmpty ? "•" : initials)</span>"#)
    }

    /// An empty state.
    static func empty(_ text: String) -> HTML {
        html(#"<div class="empty">\#(text)</div>"#)
    }
}
