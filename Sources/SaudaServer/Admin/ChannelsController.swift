import Foundation
import Hummingbird
import Logging
import SaudaChannelWappi
import SaudaCore
import SaudaStore

/// `/api/v1/channels`: the caller's business's channel connections (WhatsApp numbers through Wappi, web-chat widgets).
/// Anyone with a token lists them, with their secrets shown as hints and a widget's snippet; only an admin makes,
/// changes, checks or removes one. The API token is write-only; the webhook secret is answered once, by the call that
/// makes or rotates it. A widget has no secrets; check and webhook are WhatsApp's only.
struct ChannelsController: Sendable {
    let editor: ChannelConnectionEditor
    let calls: WappiConnectionCalls

    /// What a POST or a PATCH may carry: the fields every connection has (`name`, `state`), a WhatsApp connection's
    /// (``ChannelConnectionChange/wappiFields``) and a web-chat widget's (``ChannelConnectionChange/widgetFields``).
    /// A POST names its `provider` (`wappi` when left out); a PATCH's connection has one. Absent or null fields keep
    /// their value; a field of the other provider is refused by the editor, named.
    struct Body: Decodable, Sendable {
        let provider: String?
        let name: String?
        let state: String?
        let profileID: String?
        let baseURL: String?
        let inbound: String?
        let pollingIntervalSeconds: Int?
        let sendsPerMinute: Int?
        let humanPauseMinutes: Int?
        let token: String?
        let rotateWebhookSecret: Bool?
        let allowedOrigins: [String]?
        let displayName: String?
        let accentColor: String?
        let greeting: String?
        let position: String?
        let language: String?

        /// The keys a POST takes: `provider`, and every field but `rotate_webhook_secret` (a new connection's secret is new).
        static let creationKeys: Set<String> = Set(["provider", "name", "state"])
            .union(ChannelConnectionChange.wappiFields.subtracting(["rotate_webhook_secret"])).union(ChannelConnectionChange.widgetFields)
        /// The keys a PATCH takes: every field but `provider` (a connection keeps its provider).
        static let changeKeys: Set<String> = Set(["name", "state"]).union(ChannelConnectionChange.wappiFields).union(ChannelConnectionChange.widgetFields)

        enum CodingKeys: String, CodingKey {
            case provider, name, inbound, state, token, greeting, position, language
            case profileID = "profile_id", baseURL = "base_url", pollingIntervalSeconds = "polling_interval_seconds"
            case sendsPerMinute = "sends_per_minute", humanPauseMinutes = "human_pause_minutes", rotateWebhookSecret = "rotate_webhook_secret"
            case allowedOrigins = "allowed_origins", displayName = "display_name", accentColor = "accent_color"
        }

        var change: ChannelConnectionChange {
            ChannelConnectionChange(name: name, profileID: profileID, baseURL: baseURL, inbound: inbound, pollingIntervalSeconds: pollingIntervalSeconds,
                                    sendsPerMinute: sendsPerMinute, humanPauseMinutes: humanPauseMinutes, state: state, token: token,
                                    rotateWebhookSecret: rotateWebhookSecret ?? false, allowedOrigins: allowedOrigins, displayName: displayName,
                                    accentColor: accentColor, greeting: greeting, position: position, language: language)
        }

        /// The provider a POST names.
        /// - Throws: ``APIError`` 400 for one that is neither `wappi` nor `webchat`.
        var chosenProvider: ChannelProvider {
            get throws {
                guard let provider else { return .wappi }
                guard let chosen = ChannelProvider(rawValue: provider) else { throw APIError(.badRequest, "field «provider» must be wappi, webchat or telegram") }
                return chosen
            }
        }
    }

    /// What `POST …/webhook` carries.
    struct WebhookTarget: Decodable, Sendable {
        let baseURL: String

        static let keys: Set<String> = ["base_url"]

        enum CodingKeys: String, CodingKey { case baseURL = "base_url" }
    }

    struct Listing: Encodable, Sendable {
        let channels: [ChannelConnectionJSON]
    }

    struct Registered: Encodable, Sendable {
        let webhookURL: String
        let types: [String]
    }

    func addRoutes(to api: APIRoutes) {
        api.get("channels", summary: "The business's channel connections (secrets masked)", role: .viewer, use: list)
        api.post("channels", summary: "Connect a WhatsApp number through Wappi or a Telegram bot, or make a web-chat widget", role: .admin, use: create)
        api.get("channels/:id", summary: "One channel connection (secrets masked)", role: .viewer, use: show)
        api.patch("channels/:id", summary: "Change a channel connection", role: .admin, use: change)
        api.delete("channels/:id", summary: "Remove a channel connection and its secrets", role: .admin, use: remove)
        api.post("channels/:id/check", summary: "Ask Wappi for the number's status", role: .admin, use: check)
        api.post("channels/:id/webhook", summary: "Point the number's Wappi webhook at this server", role: .admin, use: registerWebhook)
    }

    @Sendable func list(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let origin = Self.origin(of: request)
        let channels = try await Self.answering { try await editor.list(tenantID: context.tenantID) }
        return try JSONResponse.admin(Listing(channels: channels.map { ChannelConnectionJSON($0, origin: origin) }))
    }

    @Sendable func show(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let id = try Self.id(context)
        let details = try await Self.answering { try await editor.details(tenantID: context.tenantID, id: id) }
        return try JSONResponse.admin(ChannelConnectionJSON(details, origin: Self.origin(of: request)))
    }

    @Sendable func create(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let body = try await Self.decode(Body.self, keys: Body.creationKeys, from: request)
        let provider = try body.chosenProvider
        let saved = try await Self.answering { try await editor.create(body.change, provider: provider, tenantID: context.tenantID) }
        Self.log(context, "channel connection made", saved.details.connection, body.change)
        return try JSONResponse.admin(ChannelConnectionJSON(saved.details, origin: Self.origin(of: request), secret: saved.newWebhookSecret),
                                      status: .created)
    }

    @Sendable func change(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let id = try Self.id(context)
        let body = try await Self.decode(Body.self, keys: Body.changeKeys, from: request)
        let saved = try await Self.answering { try await editor.update(body.change, id: id, tenantID: context.tenantID) }
        Self.log(context, "channel connection changed", saved.details.connection, body.change)
        return try JSONResponse.admin(ChannelConnectionJSON(saved.details, origin: Self.origin(of: request), secret: saved.newWebhookSecret))
    }

    @Sendable func remove(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let id = try Self.id(context)
        try await Self.answering { try await editor.remove(id: id, tenantID: context.tenantID) }
        context.logger.info("channel connection removed", metadata: ["connection": "\(id)", "token": "\(context.caller.name)"])
        return Response(status: .noContent)
    }

    @Sendable func check(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let id = try Self.id(context)
        let check = try await Self.answering { try await calls.check(id: id, tenantID: context.tenantID) }
        let details = try await Self.answering { try await editor.details(tenantID: context.tenantID, id: id) }
        return try JSONResponse.admin(ChannelCheckJSON(check, connection: ChannelConnectionJSON(details, origin: Self.origin(of: request))))
    }

    @Sendable func registerWebhook(request: Request, context: AdminRequestContext) async throws -> Response {
        _ = try AdminQuery(request, allowed: [])
        let id = try Self.id(context)
        let body = try await Self.decode(WebhookTarget.self, keys: WebhookTarget.keys, from: request)
        do {
            let registration = try await Self.answering {
                try await calls.registerWebhook(id: id, tenantID: context.tenantID, baseURL: body.baseURL)
            }
            return try JSONResponse.admin(Registered(webhookURL: registration.maskedURL, types: registration.types))
        } catch let error as WappiError {
            throw APIError(.badGateway, "Wappi refused: \(error.description)")
        }
    }

    // MARK: Parts

    /// The path's connection id: 1 to 64 letters, digits, `-` or `_`.
    static func id(_ context: AdminRequestContext) throws -> String {
        let id = try context.parameters.require("id")
        guard id.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) != nil else {
            throw APIError(.badRequest, "path parameter «id» must be a connection id such as wa-1a2b3c4d (1 to 64 letters, digits, '-' or '_')")
        }
        return id
    }

    /// `scheme://host` of the request, for a webhook address: `X-Forwarded-Proto` when a proxy says https.
    static func origin(of request: Request) -> String? {
        guard let host = request.head.authority, !host.isEmpty,
              host.range(of: "^[A-Za-z0-9.:\\[\\]-]+$", options: .regularExpression) != nil else { return nil }
        let https = request.headers[.forwardedProto]?.lowercased() == "https" || request.head.scheme == "https"
        return "\(https ? "https" : "http")://\(host)"
    }

    /// Decodes a JSON object body whose keys are all in `keys`.
    /// - Throws: ``APIError`` 400 naming an unknown field, a missing one or one of the wrong type; 413 over 64 KiB.
    static func decode<T: Decodable>(_ type: T.Type, keys: Set<String>, from request: Request) async throws -> T {
        let json = try await JSONRequestBody.decode(JSONValue.self, from: request, maxBytes: 65_536)
        guard let object = json.objectValue else { throw APIError(.badRequest, "request body must be a JSON object") }
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw APIError(.badRequest, "unknown field «\(unknown)»; this endpoint takes \(keys.sorted().map { "«\($0)»" }.joined(separator: ", "))")
        }
        // A number that is no whole number, or too large for one, names its field (the decoder's error does not).
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            if case .number(let number) = value, number.rounded() != number || abs(number) > 9_007_199_254_740_992 {
                throw APIError(.badRequest, "field «\(key)» has the wrong type: a whole number is expected")
            }
        }
        do { return try JSONDecoder().decode(T.self, from: Data(json.jsonText.utf8)) } catch let error as DecodingError {
            // The body is JSON already: a value that does not read (1.5 for a whole number) is its field's wrong type.
            if case .dataCorrupted(let context) = error, !context.codingPath.isEmpty {
                throw APIError(.badRequest, "field «\(context.codingPath.map(\.stringValue).joined(separator: "."))» has the wrong type")
            }
            throw APIError(.badRequest, JSONRequestBody.describe(error))
        }
    }

    /// Runs `body`, answering the editor's refusals as HTTP errors.
    @discardableResult
    static func answering<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let refusal as ChannelConnectionEditor.Refusal {
            throw APIError(refusal)
        }
    }

    private static func log(_ context: AdminRequestContext, _ message: Logger.Message, _ connection: ChannelConnection, _ change: ChannelConnectionChange) {
        context.logger.info(message, metadata: ["connection": "\(connection.id)", "token": "\(context.caller.name)",
                                                "fields": "\(change.fieldNames.joined(separator: ","))"])
    }
}

extension APIError {
    /// The HTTP answer to an editor's refusal: 400 naming the fields, 404, or 409.
    init(_ refusal: ChannelConnectionEditor.Refusal) {
        switch refusal {
        case .invalid(let invalid): self.init(.badRequest, invalid.description)
        case .notFound(let id): self.init(.notFound, "the business has no channel connection «\(id)»")
        case .duplicateName(let name): self.init(.conflict, "field «name»: the business already has a connection named «\(name)»")
        case .notWhatsApp(let provider):
            self.init(.conflict, "the connection is a \(provider.rawValue) one: only a WhatsApp (wappi) connection is checked at Wappi or has a webhook")
        case .secretsUnavailable(let reason): self.init(.conflict, "the connection's secrets cannot be sealed or opened: \(reason)")
        }
    }
}
