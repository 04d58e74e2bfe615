import Foundation
import Hummingbird
import SaudaStore

extension DashboardController {
    /// `GET /console/export` (admins): everything of the signed-in business as one JSON download, the document of
    /// `GET /api/v1/export` and `sauda tenant export` (``BusinessData``).
    @Sendable func exportBusiness(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let now = Date()
        let document = try await BusinessData(database: console.database).export(tenantID: context.tenantID, now: now)
        let day = now.formatted(Date.ISO8601FormatStyle(timeZone: context.page.timeZone).year().month().day())
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"sauda-\(context.tenantID)-\(day).json\""],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: document)))
    }
}
