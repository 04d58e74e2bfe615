import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import SaudaCore
import Synchronization

extension TelegramSimulator {
    /// Routes of the Bot API (`/bot<token>/<method>`, `/file/bot<token>/<path>`) and of the control API under `/_simulator`.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post] {
            router.on(":bot/:method", method: method) { request, context -> Response in
                try await self.call(request, botSegment: Self.segment("bot", of: context), method: Self.segment("method", of: context))
            }
        }
        router.get("file/:bot/:folder/:name") { _, context -> Response in
            let path = "\(Self.segment("folder", of: context))/\(Self.segment("name", of: context))"
            return self.download(botSegment: Self.segment("bot", of: context), path: path)
        }
        addControlRoutes(to: router)
        return router
    }

    /// A path parameter, percent-decoded (clients may write the token's colon as `%3A`).
    static func segment(_ name: String, of context: BasicRequestContext) -> String {
        let raw = context.parameters.get(name) ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    /// Answers one Bot API call.
    func call(_ request: Request, botSegment: String, method: String) async throws -> Response {
        guard botSegment.hasPrefix("bot") else { return Reply.error(404, "Not Found").response }
        guard let botID = Self.botID(ofToken: String(botSegment.dropFirst(3))) else {
            return Reply.error(401, "Unauthorized: invalid token specified").response
        }
        let parameters = try await Parameters(request)
        let name = method.lowercased()
        let refusal = state.withLock { state -> Reply? in
            guard var bot = state.bots[botID], !bot.revoked, bot.token == String(botSegment.dropFirst(3)) else { return .unauthorized }
            bot.calls[name, default: 0] += 1
            state.bots[botID] = bot
            return bot.outage ? .error(502, "Bad Gateway") : nil
        }
        if let refusal { return refusal.response }
        return await dispatch(name, botID: botID, parameters).response
    }

    /// Runs a method by its lower-cased name.
    func dispatch(_ method: String, botID: Int64, _ parameters: Parameters) async -> Reply {
        switch method {
        case "getme": getMe(botID: botID)
        case "getupdates": await getUpdates(botID: botID, parameters)
        case "setwebhook": setWebhook(botID: botID, parameters)
        case "deletewebhook": deleteWebhook(botID: botID, parameters)
        case "getwebhookinfo": getWebhookInfo(botID: botID)
        case "sendmessage": sendMessage(botID: botID, parameters)
        case "sendchataction": sendChatAction(botID: botID, parameters)
        case "getfile": getFile(botID: botID, parameters)
        case "getbusinessconnection": getBusinessConnection(botID: botID, parameters)
        case "readbusinessmessage": readBusinessMessage(botID: botID, parameters)
        case "deletemessage": deleteMessage(botID: botID, parameters)
        case "close", "logout": .result(true)
        default: .error(404, "Not Found: method not found")
        }
    }

    /// `GET /file/bot<token>/<file_path>`: the file's bytes, 404 for anything unknown.
    func download(botSegment: String, path: String) -> Response {
        let token = String(botSegment.dropFirst(3))
        let data = state.withLock { state -> Data? in
            guard botSegment.hasPrefix("bot"), let id = Self.botID(ofToken: token), let bot = state.bots[id], !bot.revoked, bot.token == token else {
                return nil
            }
            return bot.files.values.first { $0.path == path }?.data
        }
        guard let data else { return Reply.error(404, "Not Found").response }
        return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The bot id of a token `<digits>:<secret>`, `nil` when it is malformed.
    static func botID(ofToken token: String) -> Int64? {
        let parts = token.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty, parts[0].allSatisfy(\.isASCII), let id = Int64(parts[0]), id > 0 else { return nil }
        return id
    }

    /// Random text from the alphabet of tokens and file ids.
    static func randomText(_ count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        return String((0..<count).map { _ in alphabet.randomElement() ?? "A" })
    }
}

extension TelegramSimulator {
    /// An answer of the Bot API: `{"ok":true,"result":…}` or `{"ok":false,"error_code":…,"description":…}`, with the HTTP
    /// status equal to the error code.
    struct Reply: Sendable {
        var status: Int
        var body: JSONValue
        var retryAfter: Int?

        /// A success, with a `description` for the calls that give one (setWebhook, deleteWebhook).
        static func result(_ result: JSONValue, description: String? = nil) -> Reply {
            var body: [String: JSONValue] = ["ok": true, "result": result]
            if let description { body["description"] = .string(description) }
            return Reply(status: 200, body: .object(body))
        }

        /// A failure; a 429 carries `parameters.retry_after` and the `Retry-After` header.
        static func error(_ code: Int, _ description: String, retryAfter: Int? = nil) -> Reply {
            var body: [String: JSONValue] = ["ok": false, "error_code": .number(Double(code)), "description": .string(description)]
            if let retryAfter { body["parameters"] = ["retry_after": .number(Double(retryAfter))] }
            return Reply(status: code, body: .object(body), retryAfter: retryAfter)
        }

        /// 401 for an unknown or revoked token.
        static let unauthorized = error(401, "Unauthorized")

        /// 400 `Bad Request: <text>`.
        static func badRequest(_ text: String) -> Reply { error(400, "Bad Request: \(text)") }

        /// The HTTP response.
        var response: Response {
            var headers: HTTPFields = [.contentType: "application/json"]
            if let retryAfter { headers[.retryAfter] = "\(retryAfter)" }
            let code = min(max(status, 100), 599)
            return Response(status: .init(code: code, reasonPhrase: Self.reasonPhrase(code)), headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: body.jsonText)))
        }

        /// The standard reason phrase of a status (`Bad Gateway`), `Internal Server Error` for one without.
        static func reasonPhrase(_ status: Int) -> String {
            let phrase = HTTPResponseStatus(statusCode: status).reasonPhrase
            return phrase.isEmpty ? "Internal Server Error" : phrase
        }
    }
}
