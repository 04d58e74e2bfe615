extension AMQPConnectionConfiguration {
    /// Reads `amqp://user:pass@host:port/vhost?heartbeat=30&frame_max=131072&channel_max=2047&connection_timeout=5000&connection_name=x`.
    ///
    /// User, password and virtual host are percent-decoded. Missing parts take RabbitMQ's
    /// defaults: user and password "guest", host "localhost", port 5672, virtual host "/" (also
    /// for a bare trailing "/"; write `%2F` for "/" explicitly, or `/name` for "name").
    ///
    /// - Throws: ``AMQPURLError`` for a wrong scheme, port, percent escape, virtual host or query value.
    public init(url: String) throws(AMQPURLError) {
        self.init()
        guard let schemeEnd = url.firstRange(of: "://") else { throw .unsupportedScheme(url) }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        if scheme == "amqps" { throw .tlsNotSupported }
        guard scheme == "amqp" else { throw .unsupportedScheme(scheme) }
        var rest = Substring(url[schemeEnd.upperBound...])

        var query: Substring = ""
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }

        var authority = rest
        var path: Substring?
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }

        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                username = try Self.percentDecode(userInfo[..<colon])
                password = try Self.percentDecode(userInfo[userInfo.index(after: colon)...])
            } else if !userInfo.isEmpty {
                username = try Self.percentDecode(userInfo)
            }
        }

        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw .invalidHost(String(hostPort)) }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw .invalidHost(String(hostPort)) }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = try Self.percentDecode(hostPort[..<colon])
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = try Self.percentDecode(hostPort)
        }
        if host.isEmpty { host = "localhost" }
        if let portText, !portText.isEmpty {
            guard let value = Int(portText), (1...65535).contains(value) else { throw .invalidPort(String(portText)) }
            port = value
        }

        if let path, !path.isEmpty {
            guard !path.contains("/") else { throw .invalidVirtualHost(String(path)) }
            virtualHost = try Self.percentDecode(path)
        }

        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try Self.percentDecode(parts[0])
            let value = parts.count > 1 ? try Self.percentDecode(parts[1]) : ""
            switch key {
            case "heartbeat":
                guard let v = UInt16(value) else { throw .invalidQueryParameter("heartbeat=\(value)") }
                heartbeat = v
            case "frame_max":
                guard let v = UInt32(value), v == 0 || v >= AMQPFrame.minimumFrameMax else {
                    throw .invalidQueryParameter("frame_max=\(value)")
                }
                frameMax = v
            case "channel_max":
                guard let v = UInt16(value) else { throw .invalidQueryParameter("channel_max=\(value)") }
                channelMax = v
            case "connection_timeout":
                guard let v = Int64(value), v > 0 else { throw .invalidQueryParameter("connection_timeout=\(value)") }
                connectTimeout = .milliseconds(v)
            case "connection_name":
                connectionName = value
            default:
                continue  // other clients' parameters (auth_mechanism, …) are ignored
            }
        }
    }

    /// Decodes `%XX` escapes (UTF-8); a `+` stays a `+`.
    static func percentDecode(_ text: Substring) throws(AMQPURLError) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue) else {
                throw .invalidPercentEncoding(String(text))
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw .invalidPercentEncoding(String(text)) }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
