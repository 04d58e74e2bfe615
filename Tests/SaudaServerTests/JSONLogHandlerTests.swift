import Foundation
import Logging
import SaudaServer
import Synchronization
import Testing

/// `LOG_FORMAT=json`: one JSON object a line, with every metadata field.
@Suite struct JSONLogHandlerTests {
    final class Output: Sendable {
        private let chunks = Mutex<[Data]>([])
        var all: [Data] { chunks.withLock { $0 } }
        func write(_ data: Data) { chunks.withLock { $0.append(data) } }
    }

    static func logger(_ output: Output) -> Logger {
        var logger = Logger(label: "sauda.test") { label in JSONLogHandler(label: label, output: { output.write($0) }) }
        logger.logLevel = .debug
        return logger
    }

    static func object(_ line: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
    }

    @Test func aLineIsOneObjectWithTheMetadata() throws {
        let output = Output()
        var logger = Self.logger(output)
        logger[metadataKey: "request_id"] = "req-1"
        logger.info("reply \"stored\"\nsecond line\t«ок»", metadata: [
            "tenant": "default", "count": .stringConvertible(3), "ids": ["a", "b"], "nested": ["key": "value"],
            "message": "a field named like a fixed one", "path": "/api/v1"])
        logger.trace("below the level")
        let lines = output.all
        try #require(lines.count == 1)
        let line = lines[0]
        #expect(line.last == 0x0A)
        #expect(line.dropLast().firstIndex(of: 0x0A) == nil, "one line")
        let object = try Self.object(line)
        #expect(object["message"] as? String == "reply \"stored\"\nsecond line\t«ок»")
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "sauda.test")
        #expect(object["source"] as? String == "SaudaServerTests")
        #expect(object["request_id"] as? String == "req-1")
        #expect(object["tenant"] as? String == "default")
        #expect(object["count"] as? String == "3")
        #expect(object["ids"] as? [String] == ["a", "b"])
        #expect((object["nested"] as? [String: Any])?["key"] as? String == "value")
        #expect(object["metadata.message"] as? String == "a field named like a fixed one")
        #expect(object["path"] as? String == "/api/v1")
        let time = try #require(object["time"] as? String)
        #expect(try Date(time, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) <= Date())
    }

    @Test func aLineNamesItsErrorAndALineValueWins() throws {
        struct Failure: Error, CustomStringConvertible { var description: String { "disk full" } }
        let output = Output()
        var logger = Self.logger(output)
        logger[metadataKey: "tenant"] = "default"
        logger.log(level: .error, "write failed", error: Failure(), metadata: ["tenant": "second"])
        let object = try Self.object(try #require(output.all.first))
        #expect(object["level"] as? String == "error")
        #expect(object["tenant"] as? String == "second")
        #expect(object["error"] as? String == "disk full")
    }
}
