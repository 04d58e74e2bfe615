import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

extension DashboardController {
    /// `/console/alerts` (`?show=all` for the resolved ones too, `?page=N`).
    @Sendable func alerts(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let fields = Self.query(request)
        let all = fields["show"] == "all"
        let pageNumber = min(10_000, max(1, Int(fields["page"] ?? "") ?? 1))
        let rows = try await console.alerts(tenantID: context.tenantID, all: all, limit: AlertsPage.pageSize + 1,
                                            offset: (pageNumber - 1) * AlertsPage.pageSize)
        let flash: HTML = fields["done"] == "resolved" ? ConsoleLayout.flash(page.t(.flashResolved)) : ""
        return Self.page(AlertsPage.render(rows: rows, all: all, page: pageNumber, flash: flash, context: page))
    }

    /// `/console/alerts/count`: `{"open": N}`, the number of the tenant's open alerts, for the badge in the navigation.
    @Sendable func alertCount(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let count = try await console.openAlertCount(tenantID: context.tenantID)
        return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"open":\#(count)}"#)))
    }

    /// `POST /console/alerts/{id}/resolve` (an operator): closes an open alert, signed with the operator's name; back
    /// to the conversation when the form names one (`conversation`, from its side panel), else to the alerts.
    @Sendable func resolveAlert(request: Request, context: ConsoleRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap({ Int64($0) }) else { throw APIError(.notFound, "no such alert") }
        let form = try await Self.form(request, limit: 4096)
        guard try await console.resolveAlert(tenantID: context.tenantID, id: id, by: context.principal.name) else {
            throw APIError(.notFound, "no open alert \(id)")
        }
        if let conversation = form["conversation"].flatMap({ Int64($0) }), conversation > 0 {
            return ConsoleSession.redirect(to: "/console/conversations/\(conversation)?done=resolved")
        }
        return ConsoleSession.redirect(to: "/console/alerts?done=resolved")
    }

    /// The open count as a live stream's `alerts` event (`{"open": N}`), written when it changed since the stream's
    /// last one (`last`), so that the badge follows on the pages with a stream without waiting for its poll.
    static func writeAlertCount(_ console: OperatorConsole, tenantID: String, last: Mutable<Int?>,
                                to writer: inout any ResponseBodyWriter) async throws {
        let open = try await console.openAlertCount(tenantID: tenantID)
        guard open != last.value else { return }
        last.value = open
        struct Count: Encodable { let open: Int }
        try await writer.write(LiveStream.event("alerts", data: Count(open: open)))
    }
}
