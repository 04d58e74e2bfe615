import Foundation
import SaudaCore
import SaudaStore

/// The leads as a CSV file for Excel and other spreadsheets: RFC 4180 (commas, every field in double quotes, a quote
/// doubled, lines ending CRLF), UTF-8 with a byte-order mark so that Excel reads Cyrillic right. A field that begins
/// with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in front, so a spreadsheet shows it as text instead
/// of running it as a formula (CSV injection); a phone number therefore reads `'+7 701…`.
enum LeadsCSV {
    /// The byte-order mark Excel needs to read the file as UTF-8.
    static let byteOrderMark = "\u{FEFF}"

    /// The whole file: the header in the console's language, then one line per lead; times in `context`'s time zone.
    static func render(_ leads: [Lead], context: ConsoleContext) -> String {
        let header = ["ID", context.t(.captured), context.t(.updated), context.t(.stage), context.t(.customerName), context.t(.phone),
                      context.t(.need), context.t(.priceQuoted), context.t(.bookedCall), context.t(.source), context.t(.channel),
                      "chat_id", "contact_id", "details"]
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = context.timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        var lines = [line(header)]
        for lead in leads {
            let details = lead.details.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
            lines.append(line([String(lead.id), formatter.string(from: lead.createdAt), formatter.string(from: lead.updatedAt),
                               lead.stage.rawValue, lead.name ?? "", lead.phone ?? "", lead.need ?? "", lead.priceQuoted ?? "",
                               lead.bookedCall.map { formatter.string(from: $0) } ?? "", lead.source, lead.channel.rawValue,
                               lead.chatID, String(lead.contactID), details]))
        }
        return byteOrderMark + lines.joined()
    }

    /// One record: the fields quoted and joined by commas, ended by CRLF.
    static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field: neutralised against formulas, quotes doubled, in quotes.
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { text = "'" + text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
