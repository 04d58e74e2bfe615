import Foundation
import Hummingbird
import Logging
import NIOCore
import SaudaCore
import SaudaStore

extension DashboardController {
    /// The most leads one CSV export holds.
    static let maxExportedLeads = 10_000

    /// `/console/leads`: the leads with their filters and pages.
    @Sendable func leads(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let filters = try LeadFilters(Self.query(request), context: page)
        let (rows, total) = try await console.leads(tenantID: context.tenantID,
                                                    query: filters.query(pageSize: LeadsPage.pageSize, calendar: page.calendar))
        let counts = try await console.leadCounts(tenantID: context.tenantID)
        let flash: HTML = Self.query(request)["done"] == "stage" ? ConsoleLayout.flash(page.t(.flashStageSet)) : ""
        return Self.page(LeadsPage.render(leads: rows, total: total, counts: counts, filters: filters, flash: flash, context: page))
    }

    /// `/console/leads.csv`: the leads of the same filters as a CSV file (``LeadsCSV``), every page, at most
    /// ``maxExportedLeads``.
    @Sendable func leadsCSV(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        var filters = try LeadFilters(Self.query(request), context: page)
        filters.page = 1
        let (rows, _) = try await console.leads(tenantID: context.tenantID,
                                                query: filters.query(pageSize: Self.maxExportedLeads, calendar: page.calendar))
        let day = Date().formatted(Date.ISO8601FormatStyle(timeZone: page.timeZone).year().month().day())
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"leads-\(day).csv\""],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: LeadsCSV.render(rows, context: page))))
    }

    /// `POST /console/leads/{id}/stage`: an operator sets a lead's stage, then goes back to the list as it was.
    @Sendable func setLeadStage(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else { throw APIError(.notFound, "no such lead") }
        let form = try await Self.form(request, limit: 4096)
        let written = form["stage"] ?? ""
        guard let stage = LeadStage(rawValue: written) else { throw APIError(.badRequest, page.t(.badStage, String(written.prefix(40)))) }
        try await console.setLeadStage(tenantID: context.tenantID, id: id, stage: stage, by: context.principal.name)
        // Back to the same filters and page: read again as filters, so only they go into the redirect.
        let backQuery = (form["back"] ?? "").drop { $0 == "?" }
        let back = (try? LeadFilters(FormFields(urlEncoded: String(backQuery)), context: page)) ?? LeadFilters.none
        return ConsoleSession.redirect(to: back.link("/console/leads", "page=\(back.page)", "done=stage") + "#lead-\(id)")
    }
}
