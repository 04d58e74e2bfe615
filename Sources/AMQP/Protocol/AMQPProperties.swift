import NIOCore

/// The basic-class message properties carried by a content header frame.
///
/// Each property is optional; the property-flags bitmap on the wire says which are present.
public struct AMQPProperties: Sendable, Hashable {
    /// MIME content type, e.g. "application/json".
    public var contentType: String?
    /// MIME content encoding, e.g. "gzip".
    public var contentEncoding: String?
    /// Application headers.
    public var headers: AMQPTable?
    /// 1 for transient, 2 for persistent (see ``AMQPProperties/persistent``).
    public var deliveryMode: UInt8?
    /// Priority 0–9.
    public var priority: UInt8?
    /// Application correlation identifier.
    public var correlationID: String?
    /// Address to reply to.
    public var replyTo: String?
    /// Per-message time to live in milliseconds, as a decimal string (RabbitMQ's rule).
    public var expiration: String?
    /// Application message identifier.
    public var messageID: String?
    /// Seconds since the Unix epoch.
    public var timestamp: UInt64?
    /// Message type name.
    public var type: String?
    /// Creating user id (RabbitMQ checks it against the connection's user).
    public var userID: String?
    /// Creating application id.
    public var appID: String?
    /// Reserved, must be empty when publishing (kept for completeness when decoding).
    public var clusterID: String?

    /// The delivery mode of a message that survives a broker restart in a durable queue.
    public static let persistent: UInt8 = 2
    /// The delivery mode of a message kept in memory only.
    public static let transient: UInt8 = 1

    /// Makes properties; every one defaults to absent.
    public init(
        contentType: String? = nil, contentEncoding: String? = nil, headers: AMQPTable? = nil,
        deliveryMode: UInt8? = nil, priority: UInt8? = nil, correlationID: String? = nil,
        replyTo: String? = nil, expiration: String? = nil, messageID: String? = nil,
        timestamp: UInt64? = nil, type: String? = nil, userID: String? = nil, appID: String? = nil,
        clusterID: String? = nil
    ) {
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.headers = headers
        self.deliveryMode = deliveryMode
        self.priority = priority
        self.correlationID = correlationID
        self.replyTo = replyTo
        self.expiration = expiration
        self.messageID = messageID
        self.timestamp = timestamp
        self.type = type
        self.userID = userID
        self.appID = appID
        self.clusterID = clusterID
    }

    /// Flag bits, highest first, in the order the properties appear on the wire.
    enum Flag {
        static let contentType: UInt16 = 1 << 15
        static let contentEncoding: UInt16 = 1 << 14
        static let headers: UInt16 = 1 << 13
        static let deliveryMode: UInt16 = 1 << 12
        static let priority: UInt16 = 1 << 11
        static let correlationID: UInt16 = 1 << 10
        static let replyTo: UInt16 = 1 << 9
        static let expiration: UInt16 = 1 << 8
        static let messageID: UInt16 = 1 << 7
        static let timestamp: UInt16 = 1 << 6
        static let type: UInt16 = 1 << 5
        static let userID: UInt16 = 1 << 4
        static let appID: UInt16 = 1 << 3
        static let clusterID: UInt16 = 1 << 2
        static let continuation: UInt16 = 1 << 0
    }

    /// The property-flags word for the present properties.
    var flags: UInt16 {
        var flags: UInt16 = 0
        if contentType != nil { flags |= Flag.contentType }
        if contentEncoding != nil { flags |= Flag.contentEncoding }
        if headers != nil { flags |= Flag.headers }
        if deliveryMode != nil { flags |= Flag.deliveryMode }
        if priority != nil { flags |= Flag.priority }
        if correlationID != nil { flags |= Flag.correlationID }
        if replyTo != nil { flags |= Flag.replyTo }
        if expiration != nil { flags |= Flag.expiration }
        if messageID != nil { flags |= Flag.messageID }
        if timestamp != nil { flags |= Flag.timestamp }
        if type != nil { flags |= Flag.type }
        if userID != nil { flags |= Flag.userID }
        if appID != nil { flags |= Flag.appID }
        if clusterID != nil { flags |= Flag.clusterID }
        return flags
    }

    /// Writes the property-flags word and the present properties.
    func encode(into buffer: inout ByteBuffer) throws(AMQPProtocolError) {
        buffer.writeInteger(flags, endianness: .big)
        if let contentType { try buffer.writeShortString(contentType) }
        if let contentEncoding { try buffer.writeShortString(contentEncoding) }
        if let headers { try buffer.writeFieldTable(headers) }
        if let deliveryMode { buffer.writeInteger(deliveryMode) }
        if let priority { buffer.writeInteger(priority) }
        if let correlationID { try buffer.writeShortString(correlationID) }
        if let replyTo { try buffer.writeShortString(replyTo) }
        if let expiration { try buffer.writeShortString(expiration) }
        if let messageID { try buffer.writeShortString(messageID) }
        if let timestamp { buffer.writeInteger(timestamp, endianness: .big) }
        if let type { try buffer.writeShortString(type) }
        if let userID { try buffer.writeShortString(userID) }
        if let appID { try buffer.writeShortString(appID) }
        if let clusterID { try buffer.writeShortString(clusterID) }
    }

    /// Reads the property-flags word(s) and the properties they name.
    static func decode(from buffer: inout ByteBuffer) throws(AMQPProtocolError) -> AMQPProperties {
        var flags: UInt16 = try buffer.readAMQPInteger("property-flags")
        let first = flags
        // Further flag words may follow; basic has only 14 properties, so they carry nothing.
        while flags & Flag.continuation != 0 {
            flags = try buffer.readAMQPInteger("property-flags")
        }
        func has(_ flag: UInt16) -> Bool { first & flag != 0 }
        var p = AMQPProperties()
        if has(Flag.contentType) { p.contentType = try buffer.readShortString("content-type") }
        if has(Flag.contentEncoding) { p.contentEncoding = try buffer.readShortString("content-encoding") }
        if has(Flag.headers) { p.headers = try buffer.readFieldTable("headers") }
        if has(Flag.deliveryMode) { p.deliveryMode = try buffer.readAMQPInteger("delivery-mode") }
        if has(Flag.priority) { p.priority = try buffer.readAMQPInteger("priority") }
        if has(Flag.correlationID) { p.correlationID = try buffer.readShortString("correlation-id") }
        if has(Flag.replyTo) { p.replyTo = try buffer.readShortString("reply-to") }
        if has(Flag.expiration) { p.expiration = try buffer.readShortString("expiration") }
        if has(Flag.messageID) { p.messageID = try buffer.readShortString("message-id") }
        if has(Flag.timestamp) { p.timestamp = try buffer.readAMQPInteger("timestamp") }
        if has(Flag.type) { p.type = try buffer.readShortString("type") }
        if has(Flag.userID) { p.userID = try buffer.readShortString("user-id") }
        if has(Flag.appID) { p.appID = try buffer.readShortString("app-id") }
        if has(Flag.clusterID) { p.clusterID = try buffer.readShortString("cluster-id") }
        return p
    }
}
