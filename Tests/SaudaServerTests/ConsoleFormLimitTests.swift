import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SaudaServer
import Testing

/// A console form over its size limit is refused with 413 and the console's page, not a 500.
@Suite struct ConsoleFormLimitTests {
    @Test func oversizedFormsAndUploadsGet413() async throws {
        try await DashboardTests.withConsole { fixture in
            let seventyKB = "text=" + String(repeating: "a", count: 70 * 1024)
            let posts: [(String, String, ByteBuffer, String)] = [
                ("/console/conversations/1/take-over", fixture.operatorToken, ByteBuffer(string: seventyKB),
                 "application/x-www-form-urlencoded"),
                ("/console/conversations/1/send", fixture.operatorToken, ByteBuffer(string: seventyKB), "application/x-www-form-urlencoded"),
                ("/console/whitelist", fixture.admin, ByteBuffer(string: seventyKB), "application/x-www-form-urlencoded"),
                ("/console/whitelist/remove", fixture.admin, ByteBuffer(string: seventyKB), "application/x-www-form-urlencoded"),
                ("/console/knowledge", fixture.admin, ByteBuffer(repeating: UInt8(ascii: "a"), count: 5 << 20),
                 "multipart/form-data; boundary=xyz"),
            ]
            for (path, token, body, type) in posts {
                try await fixture.client.execute(uri: path, method: .post,
                                                 headers: [.cookie: "sauda_console=\(token)", .contentType: type], body: body) { response in
                    #expect(response.status == .contentTooLarge, "\(path)")
                    let page = String(buffer: response.body)
                    #expect(page.contains("413"), "\(path)")
                    #expect(page.contains("слишком большая") || page.contains("too large"), "\(path)")
                }
            }
            // The same forms within their limits still work.
            try await fixture.client.execute(uri: "/console/whitelist", method: .post,
                                             headers: [.cookie: "sauda_console=\(fixture.admin)", .contentType: "application/x-www-form-urlencoded"],
                                             body: ByteBuffer(string: "phone=%2B77015550000")) { response in
                #expect(response.status == .seeOther)
            }
        }
    }
}
