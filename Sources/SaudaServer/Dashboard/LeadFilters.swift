import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The filters of the leads page and its CSV export, read from the query string: `stage`, `channel`, `q` (name, phone
/// or need), `from` and `to` (days `YYYY-MM-DD` in the installation's time zone, both included) and `page`.
struct LeadFilters: Sendable, Hashable {
    var stage: LeadStage?
    var channel: Channel?
    var search: String?
    var from: String?
    var to: String?
    var page: Int

    /// No filter, the first page.
    static let none = LeadFilters(stage: nil, channel: nil, search: nil, from: nil, to: nil, page: 1)

    init(stage: LeadStage?, channel: Channel?, search: String?, from: String?, to: String?, page: Int) {
        self.stage = stage
        self.channel = channel
        self.search = search
        self.from = from
        self.to = to
        self.page = page
    }

    /// Reads the filters.
    /// - Throws: ``APIError`` 400 for an unknown stage or a date that is not `YYYY-MM-DD`.
    init(_ fields: FormFields, context: ConsoleContext) throws {
        if let raw = fields.nonEmpty("stage") {
            guard let stage = LeadStage(rawValue: raw) else { throw APIError(.badRequest, context.t(.badStage, String(raw.prefix(40)))) }
            self.stage = stage
        }
        channel = fields.nonEmpty("channel").flatMap(Channel.init(rawValue:))
        search = fields.nonEmpty("q").map { String($0.prefix(100)) }
        from = fields.nonEmpty("from")
        to = fields.nonEmpty("to")
        page = max(1, min(10_000, Int(fields["page"] ?? "") ?? 1))
        for day in [from, to].compactMap({ $0 }) where Self.day(day, calendar: context.calendar) == nil {
            throw APIError(.badRequest, context.t(.badDate, String(day.prefix(40))))
        }
    }

    /// The repository query for page `page` of `pageSize` leads.
    func query(pageSize: Int, calendar: Calendar) -> LeadQuery {
        let start = from.flatMap { Self.day($0, calendar: calendar) }
        // `to` names the last day shown: the window ends at the next midnight.
        let end = to.flatMap { Self.day($0, calendar: calendar) }.flatMap { calendar.date(byAdding: .day, value: 1, to: $0) }
        return LeadQuery(stage: stage, channel: channel, search: search, from: start, to: end, limit: pageSize,
                         offset: (page - 1) * pageSize)
    }

    /// The filters as a query string (without the page).
    var queryString: String {
        var items: [String] = []
        if let stage { items.append("stage=" + stage.rawValue) }
        if let channel { items.append("channel=" + channel.rawValue) }
        if let search { items.append("q=" + Self.encoded(search)) }
        if let from { items.append("from=" + Self.encoded(from)) }
        if let to { items.append("to=" + Self.encoded(to)) }
        return items.joined(separator: "&")
    }

    /// `path` with the filters and `extra` items as its query.
    func link(_ path: String, _ extra: String...) -> String {
        let query = ([queryString] + extra).filter { !$0.isEmpty }.joined(separator: "&")
        return query.isEmpty ? path : path + "?" + query
    }

    /// Midnight of a `YYYY-MM-DD` day in `calendar`'s time zone, nil for anything else.
    static func day(_ text: String, calendar: Calendar) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1970...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == day else { return nil }
        return date
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: Markup.queryAllowed) ?? ""
    }
}
