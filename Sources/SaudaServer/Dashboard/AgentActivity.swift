import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The agent's work in a conversation: its tool calls with arguments and results, its model calls with tokens and time.
enum AgentActivity {
    static func render(_ detail: ConversationDetail, context: ConsoleContext) -> HTML {
        let tools = detail.toolCalls.map { call in
            html("""
                <details class="tool\(call.isError ? HTML(raw: " tool-error") : "")"><summary><code>\(call.name)</code> <span class="muted small">\(context.dateTime(call.createdAt))</span>\(call.isError ? html(#" <span class="pill pill-error">\#(context.t(.error))</span>"#) : "")</summary>
                <div class="tool-io"><div><h4>\(context.t(.arguments))</h4><pre>\(call.arguments)</pre></div><div><h4>\(context.t(.result))</h4><pre>\(call.result)</pre></div></div></details>
                """)
        }
        let models = detail.modelCalls.map { call in
            html("""
                <tr><td>\(context.dateTime(call.createdAt))</td><td>\(call.purpose)</td><td><code>\(call.model)</code></td>
                <td class="num">\(context.number(call.inputTokens))</td><td class="num">\(context.number(call.outputTokens))</td>
                <td class="num">\(context.number(Int(call.durationMilliseconds.rounded())))</td><td>\(call.outcome)</td></tr>
                """)
        }
        let input = detail.modelCalls.reduce(0) { $0 + $1.inputTokens }
        let output = detail.modelCalls.reduce(0) { $0 + $1.outputTokens }
        let toolBlock: HTML = tools.isEmpty ? html(#"<p class="muted small">\#(context.t(.noToolCalls))</p>"#) : html("\(tools)")
        let modelBlock: HTML = models.isEmpty ? html(#"<p class="muted small">\#(context.t(.noModelCalls))</p>"#) : html("""
            <div class="table-wrap"><table class="table compact"><thead><tr><th>\(context.t(.time))</th><th>\(context.t(.purpose))</th><th>\(context.t(.model))</th>
            <th class="num">\(context.t(.inputTokens))</th><th class="num">\(context.t(.outputTokens))</th><th class="num">\(context.t(.ms))</th><th>\(context.t(.outcome))</th></tr></thead>
            <tbody>\(models)</tbody></table></div>
            """)
        return html("""
            <h2>\(context.t(.agentActivity))</h2>
            <div class="grid-2"><div><h3>\(context.t(.toolCalls)) <span class="muted small">\(context.number(detail.toolCalls.count))</span></h3>\(toolBlock)</div>
            <div><h3>\(context.t(.modelCalls)) <span class="muted small">\(context.number(detail.modelCalls.count)) · \(context.number(input)) + \(context.number(output)) \(context.t(.tokens))</span></h3>\(modelBlock)</div></div>
            """)
    }
}
