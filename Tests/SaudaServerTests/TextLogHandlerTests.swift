import Foundation
import Logging
import SaudaServer
import Synchronization
import Testing

/// `LOG_FORMAT=text`: what a caller sends (a path, a reason, a header) cannot forge a log line of its own.
@Suite struct TextLogHandlerTests {
    final class Output: Sendable {
        private let chunks = Mutex<[String]>([])
        var all: [String] { chunks.withLock { $0 } }
        func write(_ line: String) { chunks.withLock { $0.append(line) } }
    }

    static func logger(_ output: Output) -> Logger {
        var logger = Logger(label: "sauda") { label in TextLogHandler(label: label, output: { output.write($0) }) }
        logger.logLevel = .debug
        return logger
    }

    @Test func aForgedLineStaysInsideItsOwn() throws {
        let output = Output()
        let logger = Self.logger(output)
        let forged = "x\n2026-12-05T23:59:59+0000 critical sauda: FORGED"
        logger.info("refused: \(forged)", metadata: ["reason": "\(forged)\r\u{1B}[31m\u{2028}end", "path\nkey": "v\u{0}"])
        let lines = output.all
        try #require(lines.count == 1)
        let line = lines[0]
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().allSatisfy { !$0.isNewline }, "one line: \(line)")
        #expect(line.contains(#"refused: x\n2026-12-05T23:59:59+0000 critical sauda: FORGED"#))
        #expect(line.contains(#"reason=x\n2026-12-05T23:59:59+0000 critical sauda: FORGED\r\u{1B}[31m\u{2028}end"#))
        #expect(line.contains(#"path\nkey=v\u{0}"#))
        #expect(line.contains(" info sauda: "))
    }

    @Test func plainTextIsWrittenAsStreamLogHandlerWritesIt() throws {
        let output = Output()
        var logger = Self.logger(output)
        logger[metadataKey: "request_id"] = "req-1"
        logger.notice("Sauda is running «ок»", metadata: ["tenant": "default"])
        logger.trace("below the level")
        let lines = output.all
        try #require(lines.count == 1)
        #expect(lines[0].hasSuffix(" notice sauda: request_id=req-1 tenant=default [SaudaServerTests] Sauda is running «ок»\n"))
        #expect(lines[0].first?.isNumber == true, "starts with the time")
    }

    @Test func escapingIsReversibleForBackslashes() {
        #expect(TextLogHandler.escape(#"a\nb"#) == #"a\\nb"#, "a written backslash-n is not a newline's escape")
        #expect(TextLogHandler.escape("tab\there") == #"tab\there"#)
        #expect(TextLogHandler.escape("\u{85}\u{7F}") == #"\u{85}\u{7F}"#)
        #expect(TextLogHandler.escape("обычный текст") == "обычный текст")
    }
}
