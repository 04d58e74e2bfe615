/// Where Sauda's fields go in an Airtable table: Sauda's name (`name`, `phone`, `email`, `channel`, `stage`, `title`,
/// `summary`, `notes`, and each lead detail's key, as `car` or `city`) to the column's name.
///
/// A detail without a column is not lost: it is written as a `key: value` line after the summary.
public struct AirtableFieldMapping: Sendable, Hashable {
    /// Sauda's field names to column names.
    public var columns: [String: String]

    /// The columns a new table would have: `Name`, `Phone`, `Email`, `Channel`, `Status`, `Title`, `Summary`, `Notes`.
    public static let defaultColumns: [String: String] = [
        "name": "Name", "phone": "Phone", "email": "Email", "channel": "Channel", "stage": "Status", "title": "Title",
        "summary": "Summary", "notes": "Notes",
    ]

    /// Creates a mapping: the defaults, overridden and extended by `columns`.
    public init(_ columns: [String: String] = [:]) {
        self.columns = Self.defaultColumns.merging(columns) { $1 }
    }

    /// The column of one of Sauda's fields, `nil` when it has none (an empty name removes a default).
    public func column(_ field: String) -> String? {
        guard let column = columns[field], !column.isEmpty else { return nil }
        return column
    }
}
