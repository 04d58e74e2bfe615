import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The knowledge base: the documents the agent answers from, one to read, and a form to add or replace one (typed
/// or uploaded as a .txt / .md file).
enum KnowledgePage {
    static func render(documents: [(name: String, characters: Int, hash: String, updatedAt: Date)], flash: HTML,
                       context: ConsoleContext) -> HTML {
        let admin = context.may(.admin)
        let rows = documents.map { document in
            let remove: HTML = admin ? html("""
                <form method="post" action="/console/knowledge/remove" class="inline"><input type="hidden" name="name" value="\(document.name)">
                <button class="button danger small" type="submit" data-confirm="\(context.t(.confirmDelete))">\(context.t(.remove))</button></form>
                """) : ""
            return html("""
                <tr><td><a href="/console/knowledge/document?name=\(query: document.name)">\(document.name)</a></td>
                <td class="num">\(context.number(document.characters))</td><td>\(context.dateTime(document.updatedAt))</td>
                <td class="mono muted">\(String(document.hash.prefix(10)))</td><td class="actions">\(remove)</td></tr>
                """)
        }
        let table: HTML = rows.isEmpty ? ConsoleWidgets.empty(context.t(.knowledgeEmpty)) : html("""
            <div class="table-wrap"><table class="table"><thead><tr><th>\(context.t(.document))</th><th class="num">\(context.t(.characters))</th>
            <th>\(context.t(.updated))</th><th>SHA-256</th><th></th></tr></thead><tbody>\(rows)</tbody></table></div>
            """)
        let content = html("""
            <p class="lead muted">\(context.t(.knowledgeHint))</p>
            <section class="card flush">\(table)</section>
            \(admin ? editor(name: "", content: "", context: context) : html(#"<p class="muted">\#(context.t(.adminOnly))</p>"#))
            """)
        return ConsoleLayout.page(title: context.t(.navKnowledge), section: .knowledge, context: context, flash: flash, content: content)
    }

    static func document(name: String, content: String, context: ConsoleContext) -> HTML {
        let body = html("""
            <section class="card"><h2>\(name)</h2><pre class="document">\(content)</pre></section>
            \(context.may(.admin) ? editor(name: name, content: content, context: context) : "")
            """)
        let actions = html(#"<a class="button" href="/console/knowledge">← \#(context.t(.navKnowledge))</a>"#)
        return ConsoleLayout.page(title: name, section: .knowledge, context: context, actions: actions, content: body)
    }

    static func editor(name: String, content: String, context: ConsoleContext) -> HTML {
        html("""
            <section class="card"><h2>\(name.isEmpty ? context.t(.addDocument) : context.t(.replaceDocument))</h2>
            <form class="stack" method="post" action="/console/knowledge" enctype="multipart/form-data">
              <label class="field"><span>\(context.t(.documentName))</span><input name="name" value="\(name)" maxlength="200" placeholder="prices.md"></label>
              <label class="field"><span>\(context.t(.documentText))</span><textarea name="content" rows="12" placeholder="\(context.t(.documentTextPlaceholder))">\(content)</textarea></label>
              <label class="field"><span>\(context.t(.orUpload))</span><input type="file" name="file" accept=".txt,.md,.markdown,text/plain,text/markdown"></label>
              <div><button class="button primary" type="submit">\(context.t(.save))</button></div>
            </form></section>
            """)
    }
}
