import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The side panel of a conversation: its open alerts ("needs a human", with «Закрыто»), who answers (with Take over /
/// Hand back), the verdict with its reasoning, the lead's details, the follow-up chain and the booked calls.
enum ConversationPanel {
    static func render(_ detail: ConversationDetail, context: ConsoleContext, now: Date = Date()) -> HTML {
        let contact = detail.contact
        let id = contact.id
        let paused = detail.isPaused(at: now)
        var control: HTML = ""
        if context.may(.operator) {
            control = paused ? html("""
                <form method="post" action="/console/conversations/\(id)/hand-back"><button class="button wide" type="submit" id="hand-back">\(ConsoleIcon.play.svg)\(context.t(.handBack))</button></form>
                """) : html("""
                <form class="take-over" method="post" action="/console/conversations/\(id)/take-over">
                  <select name="hours" aria-label="\(context.t(.takeOverFor))"><option value="1">1 \(context.t(.hourShort))</option><option value="4">4 \(context.t(.hourShort))</option><option value="12" selected>12 \(context.t(.hourShort))</option><option value="24">24 \(context.t(.hourShort))</option></select>
                  <button class="button primary" type="submit" id="take-over">\(ConsoleIcon.pause.svg)\(context.t(.takeOver))</button>
                </form>
                """)
        }
        let who: HTML = paused ? html("""
            <p class="state state-paused" id="bot-state" data-paused="yes">\(context.t(.operatorSince, detail.pausedBy ?? context.t(.someone)))<br>
            <span class="muted small">\(context.t(.pausedUntil)) \(contact.botPausedUntil.map { context.dateTime($0) } ?? "")</span></p>
            """) : html(#"<p class="state state-bot" id="bot-state" data-paused="no">\#(context.t(.botAnswersHere))</p>"#)
        let confidence = contact.confidence.map { value in
            html(#"<div class="meter" title="\#(String(Int((value * 100).rounded())))%"><span style="width: \#(String(Int((value * 100).rounded())))%"></span></div>"#)
        } ?? ""
        let reasoning: HTML = contact.reasoning.map { html(#"<p class="reasoning">\#($0)</p>"#) } ?? html(#"<p class="muted small">\#(context.t(.notClassifiedYet))</p>"#)
        let lead = detail.leadDetails.sorted { $0.key < $1.key }.map { key, value in html("<dt>\(key)</dt><dd>\(value)</dd>") }
        let details: HTML = lead.isEmpty ? html(#"<p class="muted small">\#(context.t(.noLeadDetails))</p>"#) : html("<dl class=\"facts\">\(lead)</dl>")
        let stage: HTML = detail.lead.map { lead in
            html("""
                <p>\(context.t(.stage)): <a class="pill lead-stage stage-\(lead.stage.rawValue)" href="/console/leads?stage=\(lead.stage.rawValue)#lead-\(lead.id)">\(LeadsPage.stageText(lead.stage, context))</a></p>
                """)
        } ?? ""
        let leadBlock = stage + details
        let followUp: HTML = detail.followUp.map { chain in
            html("""
                <p>\(context.t(.touchOf, String(chain.touchNumber)))<br><span class="muted small">\(context.t(.nextTouch)): \(chain.nextTouchAt.map { context.dateTime($0) } ?? "—")</span></p>
                """)
        } ?? html(#"<p class="muted small">\#(context.t(.noFollowUp))</p>"#)
        let calls: HTML = detail.calls.isEmpty ? html(#"<p class="muted small">\#(context.t(.noCalls))</p>"#) : html("""
            <ul class="plain">\(detail.calls.map { call in html("<li><strong>\(context.dateTime(call.scheduledAt))</strong> \(call.manager ?? "")</li>") })</ul>
            """)
        return html("""
            \(AlertsPage.panel(detail.alerts, contactID: id, context: context))<section class="card"><h2>\(context.t(.whoAnswers))</h2>\(who)\(control)</section>
            <section class="card"><h2>\(context.t(.verdict))</h2><div class="verdict">\(ConsoleWidgets.status(contact, context))</div>\(confidence)\(reasoning)
            <p class="muted small">SPIN: \(contact.spinStage.rawValue)</p></section>
            <section class="card"><h2>\(context.t(.leadDetails))</h2>\(leadBlock)</section>
            \(CRMPanel.render(detail, context: context))
            <section class="card"><h2>\(context.t(.navFollowUps))</h2>\(followUp)</section>
            <section class="card"><h2>\(context.t(.bookedCalls))</h2>\(calls)</section>
            """)
    }
}
