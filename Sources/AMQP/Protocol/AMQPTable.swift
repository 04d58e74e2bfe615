/// An AMQP field table: string keys to typed values, kept in insertion order so that the
/// encoded bytes are predictable. Setting an existing key replaces its value in place.
public struct AMQPTable: Sendable, Hashable {
    /// One key and its value.
    public struct Entry: Sendable, Hashable {
        /// The key (a short string, at most 255 bytes of UTF-8).
        public var key: String
        /// The value.
        public var value: AMQPFieldValue
    }

    /// The entries in order.
    public private(set) var entries: [Entry]

    /// Makes an empty table.
    public init() { entries = [] }

    /// Makes a table of the given key-value pairs, in order; a repeated key keeps its last value.
    public init(_ pairs: some Sequence<(String, AMQPFieldValue)>) {
        entries = []
        for (key, value) in pairs { self[key] = value }
    }

    /// The value for `key`, or nil; setting nil removes the key.
    public subscript(key: String) -> AMQPFieldValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append(Entry(key: key, value: newValue))
            }
        }
    }

    /// The keys in order.
    public var keys: [String] { entries.map(\.key) }

    /// The number of entries.
    public var count: Int { entries.count }

    /// True when the table has no entries.
    public var isEmpty: Bool { entries.isEmpty }

    /// Adds every entry of `other`, replacing values of keys already present.
    public mutating func merge(_ other: AMQPTable) {
        for entry in other.entries { self[entry.key] = entry.value }
    }
}

extension AMQPTable: ExpressibleByDictionaryLiteral {
    /// Makes a table from a literal, keeping the literal's order.
    public init(dictionaryLiteral elements: (String, AMQPFieldValue)...) {
        self.init(elements)
    }
}

extension AMQPTable: Sequence {
    /// Iterates the entries in order.
    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }
}
