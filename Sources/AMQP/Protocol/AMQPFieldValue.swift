/// One value in an AMQP field table or field array, with every type RabbitMQ sends.
///
/// The letters are RabbitMQ's type octets (which differ from the 0-9-1 spec text for the
/// short types and `l`, see RabbitMQ's "AMQP 0-9-1 errata").
public enum AMQPFieldValue: Sendable, Hashable {
    /// `t`: a boolean.
    case bool(Bool)
    /// `b`: a signed 8-bit integer.
    case int8(Int8)
    /// `B`: an unsigned 8-bit integer.
    case uint8(UInt8)
    /// `s`: a signed 16-bit integer.
    case int16(Int16)
    /// `u`: an unsigned 16-bit integer.
    case uint16(UInt16)
    /// `I`: a signed 32-bit integer.
    case int32(Int32)
    /// `i`: an unsigned 32-bit integer.
    case uint32(UInt32)
    /// `l`: a signed 64-bit integer.
    case int64(Int64)
    /// `f`: a 32-bit float.
    case float(Float)
    /// `d`: a 64-bit double.
    case double(Double)
    /// `D`: a decimal.
    case decimal(AMQPDecimal)
    /// `S`: a long string that is valid UTF-8.
    case string(String)
    /// `x`: a byte array (also what a long string that is not valid UTF-8 decodes to).
    case bytes([UInt8])
    /// `A`: an array of values.
    case array([AMQPFieldValue])
    /// `T`: a timestamp in seconds since the Unix epoch.
    case timestamp(UInt64)
    /// `F`: a nested table.
    case table(AMQPTable)
    /// `V`: no value.
    case void

    /// The value as a signed integer when it is any integer type that fits in `Int64`.
    public var intValue: Int64? {
        switch self {
        case .int8(let v): Int64(v)
        case .uint8(let v): Int64(v)
        case .int16(let v): Int64(v)
        case .uint16(let v): Int64(v)
        case .int32(let v): Int64(v)
        case .uint32(let v): Int64(v)
        case .int64(let v): v
        case .bool, .float, .double, .decimal, .string, .bytes, .array, .timestamp, .table, .void: nil
        }
    }

    /// The value as a string when it is `.string`.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value as a boolean when it is `.bool`.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The value as a table when it is `.table`.
    public var tableValue: AMQPTable? {
        if case .table(let t) = self { return t }
        return nil
    }

    /// The value as an array when it is `.array`.
    public var arrayValue: [AMQPFieldValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}

extension AMQPFieldValue: ExpressibleByStringLiteral {
    /// A string literal becomes `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension AMQPFieldValue: ExpressibleByIntegerLiteral {
    /// An integer literal becomes `.int64` (`l`), which RabbitMQ accepts for every integer argument.
    public init(integerLiteral value: Int64) { self = .int64(value) }
}

extension AMQPFieldValue: ExpressibleByBooleanLiteral {
    /// A boolean literal becomes `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension AMQPFieldValue: ExpressibleByFloatLiteral {
    /// A float literal becomes `.double`.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension AMQPFieldValue: ExpressibleByArrayLiteral {
    /// An array literal becomes `.array`.
    public init(arrayLiteral elements: AMQPFieldValue...) { self = .array(elements) }
}

extension AMQPFieldValue: ExpressibleByDictionaryLiteral {
    /// A dictionary literal becomes a nested `.table`, keeping the literal's order.
    public init(dictionaryLiteral elements: (String, AMQPFieldValue)...) {
        self = .table(AMQPTable(elements))
    }
}
