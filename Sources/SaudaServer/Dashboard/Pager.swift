import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// "Back / page N / next" links under a list.
enum Pager {
    static func render(page: Int, hasMore: Bool, total: Int? = nil, link: (Int) -> String, context: ConsoleContext) -> HTML {
        guard page > 1 || hasMore else { return "" }
        let previous: HTML = page > 1 ? html(#"<a class="button" rel="prev" href="\#(link(page - 1))">← \#(context.t(.previous))</a>"#) : ""
        let next: HTML = hasMore ? html(#"<a class="button" rel="next" href="\#(link(page + 1))">\#(context.t(.next)) →</a>"#) : ""
        let count: HTML = total.map { html(#" · \#(context.number($0))"#) } ?? ""
        return html(#"<nav class="pager">\#(previous)<span class="muted">\#(context.t(.pageNumber, String(page)))\#(count)</span>\#(next)</nav>"#)
    }
}
