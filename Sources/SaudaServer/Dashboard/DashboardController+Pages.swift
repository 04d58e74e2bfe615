import Foundation
import Hummingbird
import Logging
import SaudaBus
import SaudaCore
import SaudaModels
import SaudaStore

extension DashboardController {
    @Sendable func today(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let day = try await console.today(tenantID: context.tenantID)
        var queues: [TodayPage.Queue] = []
        // The queues are the installation's (every tenant shares them); unreadable ones are left out, not a failed page.
        for queue in QueueName.allCases {
            guard let depth = try? await bus.depth(queue), let dead = try? await bus.deadLetters(queue) else { continue }
            queues.append(TodayPage.Queue(name: queue.rawValue, depth: depth, deadLetters: dead))
        }
        return Self.page(TodayPage.render(day: day, queues: queues, modelWait: modelBudget(), tenantID: context.tenantID, context: page))
    }

    @Sendable func followUps(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let pageNumber = min(10_000, max(1, Int(Self.query(request)["page"] ?? "") ?? 1))
        let rows = try await console.followUps(tenantID: context.tenantID, limit: FollowUpsPage.pageSize + 1,
                                               offset: (pageNumber - 1) * FollowUpsPage.pageSize)
        return Self.page(FollowUpsPage.render(rows: rows, page: pageNumber, context: page))
    }

    @Sendable func calls(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let page = context.page
        let week = min(52, max(-52, Int(Self.query(request)["week"] ?? "") ?? 0))
        let start = page.calendar.date(byAdding: .day, value: week * 7, to: page.calendar.startOfDay(for: Date())) ?? Date()
        let end = page.calendar.date(byAdding: .day, value: 7, to: start) ?? start.addingTimeInterval(7 * 86_400)
        let calls = try await console.calls(tenantID: context.tenantID, status: nil, from: start, to: end, limit: 1000, offset: 0)
        return Self.page(CallsPage.render(calls: calls, start: start, week: week, context: page))
    }
}
