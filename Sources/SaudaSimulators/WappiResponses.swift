import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SaudaCore
import SaudaModels
import Synchronization

/// The envelopes of Wappi's answers (`status: done` / `status: error`) and its date format.
extension WappiSimulator {
    static func json(_ request: Request) async throws -> JSONValue {
        var request = request
        let bytes = try await request.collectBody(upTo: 1 << 20)
        return (try? JSONValue.parse(Data(bytes.readableBytesView))) ?? .null
    }

    static func done(_ fields: [String: JSONValue]) -> Response {
        var body = fields
        body["status"] = "done"
        body["timestamp"] = .number(Date().timeIntervalSince1970.rounded(.down))
        body["time"] = .string(Date().formatted(.iso8601))
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: JSONValue.object(body).jsonText)))
    }

    static func fail(_ status: Int, _ detail: String) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(string: JSONValue.object(["status": "error", "detail": .string(detail)]).jsonText)))
    }

    static func parseWappiDate(_ text: String) -> Date? {
        try? Date(text + "Z", strategy: .iso8601)
    }
}
