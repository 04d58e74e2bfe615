import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// One conversation: every message, the verdict with its reasoning, the takeover controls and the send box, the
/// lead's details, follow-ups, calls, and the agent's tool calls and model calls with their tokens. New messages
/// and state changes arrive from `/console/events/conversations/{id}`.
enum ConversationPage {
    static func render(_ detail: ConversationDetail, flash: HTML, context: ConsoleContext) -> HTML {
        let contact = detail.contact
        let messages = detail.messages.map { message($0, contact: contact, context: context) }
        let lastID = detail.messages.last?.id ?? 0
        let state = State(detail, context: context)
        let pending = detail.messages.first { $0.author != .customer && $0.deliveryStatus == "queued" }
            .map { HTML(raw: "&amp;pending=\($0.id)") } ?? ""
        let header = html("""
            <div class="conversation-head">\(ConsoleWidgets.avatar(contact))<div><div class="head-line">\(ConsoleWidgets.channel(contact.key.channel, context))
            <span class="contact-handle">\(ConsoleWidgets.handle(contact)) · #\(contact.id)</span></div>
            <div class="head-line">\(ConsoleWidgets.status(contact, context))\(ConsoleWidgets.reachability(contact, context))</div></div></div>
            """)
        let content = html("""
            \(header)
            <div class="conversation" data-live="/console/events/conversations/\(contact.id)?after=\(lastID)&amp;state=\(state.digest)\(pending)">
              <section class="card chat-card">
                <div class="chat" id="messages" aria-live="polite">\(messages)\(messages.isEmpty ? ConsoleWidgets.empty(context.t(.noMessages)) : "")</div>
                <div id="composer">\(state.composer)</div>
              </section>
              <aside class="side" id="panel">\(state.panel)</aside>
            </div>
            <section class="card" id="activity">\(state.activity)</section>
            """)
        let actions = html(#"<a class="button" href="/console/conversations">← \#(context.t(.navConversations))</a>"#)
        return ConsoleLayout.page(title: ConsoleWidgets.name(contact), section: .conversations, context: context, actions: actions,
                                  flash: flash, content: content)
    }

    /// The parts of the page that change without a new message, rendered together so the live stream can tell
    /// whether anything changed.
    struct State: Sendable {
        let panel: HTML
        let composer: HTML
        let activity: HTML

        init(_ detail: ConversationDetail, context: ConsoleContext, now: Date = Date()) {
            panel = ConversationPanel.render(detail, context: context, now: now)
            composer = ConversationPage.composer(detail, context: context, now: now)
            activity = AgentActivity.render(detail, context: context)
        }

        /// A short fingerprint of the rendered state.
        var digest: String {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in (panel.rendered + composer.rendered + activity.rendered).utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            return String(hash, radix: 36)
        }
    }

    /// Characters of a message a bubble shows; a longer text ends with a link to the whole of it (``whole(_:contact:context:)``),
    /// so that a conversation page stays small whatever its customers write.
    static let shownCharacters = 2000

    /// One message bubble, its text cut to ``shownCharacters``.
    static func message(_ message: StoredMessage, contact: Contact, context: ConsoleContext) -> HTML {
        let (kind, author): (String, String) = switch message.author {
        case .customer: ("customer", ConsoleWidgets.name(contact))
        case .bot: ("bot", context.t(.authorBot))
        case .human: ("operator", context.t(.authorOperator))
        }
        let delivery: HTML = message.author == .customer ? IntentBadge.render(message.intent, context: context) : html(#" · <span class="delivery delivery-\#(message.deliveryStatus ?? "none")">\#(deliveryText(message.deliveryStatus, context))</span>"#)
        let voice: HTML = message.isVoice ? html(#"<span class="pill small">\#(context.t(.voiceNote))</span> "#) : ""
        let (shown, cut) = TextAnalysis.prefix(message.text, characters: shownCharacters)
        let more: HTML = cut ? html(#"… <a class="more" href="/console/conversations/\#(contact.id)/messages/\#(message.id)">\#(context.t(.showWholeText, context.number(TextAnalysis.scalarCount(message.text))))</a>"#) : ""
        return html("""
            <div class="msg msg-\(kind)" id="m-\(message.id)" data-status="\(message.deliveryStatus)">
            <div class="bubble">\(voice)\(shown)\(more)</div>
            <div class="msg-meta">\(author) · <time datetime="\(ISO8601.format(message.timestamp))">\(context.dateTime(message.timestamp))</time>\(delivery)</div></div>
            """)
    }

    /// The page of one message's whole text, for a bubble that shows only its start.
    static func whole(_ message: StoredMessage, contact: Contact, context: ConsoleContext) -> HTML {
        let back = html(#"<a class="button" href="/console/conversations/\#(contact.id)#m-\#(message.id)">← \#(ConsoleWidgets.name(contact))</a>"#)
        let content = html("""
            <section class="card"><h2>\(context.t(.wholeMessage))</h2>
            <p class="muted small"><time datetime="\(ISO8601.format(message.timestamp))">\(context.dateTime(message.timestamp))</time> · \(context.t(.characters)): \(context.number(TextAnalysis.scalarCount(message.text)))</p>
            <pre class="document" id="whole-text">\(message.text)</pre></section>
            """)
        return ConsoleLayout.page(title: ConsoleWidgets.name(contact), section: .conversations, context: context, actions: back, content: content)
    }

    static func deliveryText(_ status: String?, _ context: ConsoleContext) -> String {
        switch status {
        case "queued": context.t(.deliveryQueued)
        case "sent": context.t(.deliverySent)
        case "delivered": context.t(.deliveryDelivered)
        case "read": context.t(.deliveryRead)
        case "failed": context.t(.deliveryFailed)
        case let other?: other
        case nil: "—"
        }
    }

    /// The send box: open while the chat is taken over and the viewer may write.
    static func composer(_ detail: ConversationDetail, context: ConsoleContext, now: Date = Date()) -> HTML {
        let id = detail.contact.id
        guard context.may(.operator) else { return html(#"<p class="composer-note">\#(context.t(.viewerCannotWrite))</p>"#) }
        guard detail.isPaused(at: now) else {
            return html(#"<p class="composer-note">\#(context.t(.takeOverToWrite))</p>"#)
        }
        return html("""
            <form class="composer" method="post" action="/console/conversations/\(id)/send">
              <textarea name="text" id="composer-text" rows="2" maxlength="4096" required placeholder="\(context.t(.writeAsBusiness))"></textarea>
              <button class="button primary" type="submit" id="send">\(ConsoleIcon.send.svg)\(context.t(.send))</button>
            </form>
            """)
    }
}
