/// One table of the live schema, as the database describes it (not as the migrations say it should be).
public struct SchemaTable: Sendable, Hashable {
    /// The table's name.
    public let name: String
    /// Its columns, in table order.
    public let columns: [String]
    /// Its single-column foreign keys.
    public let foreignKeys: [SchemaForeignKey]

    /// Creates a description.
    public init(name: String, columns: [String], foreignKeys: [SchemaForeignKey]) {
        self.name = name
        self.columns = columns
        self.foreignKeys = foreignKeys
    }

    /// Whether the table has a column of that name.
    public func has(_ column: String) -> Bool { columns.contains(column) }
}

/// A foreign key: `column` of a table refers to `parentColumn` of `parentTable`.
public struct SchemaForeignKey: Sendable, Hashable {
    /// The referring column.
    public let column: String
    /// The referred table.
    public let parentTable: String
    /// The referred column.
    public let parentColumn: String

    /// Creates a description.
    public init(column: String, parentTable: String, parentColumn: String) {
        self.column = column
        self.parentTable = parentTable
        self.parentColumn = parentColumn
    }
}
