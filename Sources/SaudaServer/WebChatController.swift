import Foundation
import Hummingbird
import Logging
import SaudaChannels
import SaudaCore
import ServiceLifecycle

/// The web-chat API: start a session, post a message, read the conversation, follow it live.
///
/// Posts are JSON only (a page elsewhere cannot make its visitors post without a CORS preflight) and pass the
/// ``WebChatAdmission``'s rates per client address, session and business; live streams open only for an existing
/// business and within the admission's counts.
struct WebChatController: Sendable {
    let gateway: WebChatGateway
    let hub: WebChatHub
    let admission: WebChatAdmission
    let clientAddress: ClientAddress
    let maxBodyBytes: Int
    let bodyTimeout: Duration
    /// How often a live stream writes a heartbeat comment, which finds out a reader that left.
    let streamHeartbeat: Duration

    struct PostBody: Decodable {
        let session: String
        let text: String
        let id: String?
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("api/v1/webchat")
        group.post(":tenant/sessions", use: newSession)
        group.post(":tenant/messages", use: post)
        group.get(":tenant/sessions/:session/messages", use: messages)
        group.get(":tenant/sessions/:session/events", use: events)
    }

    /// A new session id for a chat page, made by the server from the system's CSPRNG.
    @Sendable func newSession(request: Request, context: AppRequestContext) async throws -> Response {
        try await startSession(tenantID: context.parameters.require("tenant"), request: request, context: context)
    }

    @Sendable func post(request: Request, context: AppRequestContext) async throws -> Response {
        try await accept(tenantID: context.parameters.require("tenant"), request: request, context: context)
    }

    @Sendable func messages(request: Request, context: AppRequestContext) async throws -> Response {
        try await conversation(tenantID: context.parameters.require("tenant"), session: context.parameters.require("session"))
    }

    @Sendable func events(request: Request, context: AppRequestContext) async throws -> Response {
        try await stream(tenantID: context.parameters.require("tenant"), session: context.parameters.require("session"))
    }

    // MARK: The chat of one business, whoever names it (the page's path, or a widget's connection)

    /// A new session id of `tenantID`'s chat, made from the system's CSPRNG: 201 `{"session": "web-…"}`.
    func startSession(tenantID tenant: String, request: Request, context: AppRequestContext) async throws -> Response {
        try admission.admit(address: clientAddress.resolve(request, context: context))
        try await requireTenant(tenant)
        struct NewSession: Encodable { let session: String }
        return try JSONResponse.make(NewSession(session: WebChatSessionID.make()), status: .created)
    }

    /// A visitor's message to `tenantID`'s chat: 202, or 200 for a repeated id.
    func accept(tenantID tenant: String, request: Request, context: AppRequestContext) async throws -> Response {
        try Self.requireJSON(request)
        try admission.admit(address: clientAddress.resolve(request, context: context))
        let body = try await JSONRequestBody.decode(PostBody.self, from: request, maxBytes: maxBodyBytes, timeout: bodyTimeout)
        do {
            try WebChatGateway.validate(session: body.session)
            try await requireTenant(tenant)
            try admission.admit(tenantID: tenant, session: body.session)
            let accepted = try await gateway.accept(tenantID: tenant, session: body.session, text: body.text, clientID: body.id)
            return try JSONResponse.make(accepted, status: accepted.duplicate ? .ok : .accepted)
        } catch let error as GatewayError {
            throw APIError(error)
        }
    }

    /// The whole conversation of a session of `tenantID`'s chat.
    func conversation(tenantID tenant: String, session: String) async throws -> Response {
        do {
            guard let messages = try await gateway.conversation(tenantID: tenant, session: session) else {
                throw APIError(.notFound, "unknown tenant «\(tenant)»")
            }
            struct Conversation: Encodable {
                let session: String
                let messages: [WebChatMessage]
            }
            return try JSONResponse.make(Conversation(session: session, messages: messages))
        } catch let error as GatewayError {
            throw APIError(error)
        }
    }

    /// The live stream of a session of `tenantID`'s chat (server-sent events).
    func stream(tenantID tenant: String, session: String) async throws -> Response {
        do { try WebChatGateway.validate(session: session) } catch { throw APIError(error) }
        try await requireTenant(tenant)
        let close = try admission.openStream(tenantID: tenant, session: session)
        let stream = hub.subscribe(tenantID: tenant, session: session)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .accelBuffering: "no"],
            body: ResponseBody { writer in
                defer { close() }
                try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                // A heartbeat comment every `streamHeartbeat`: writing to a connection the browser has closed fails,
                // which ends the stream and frees its place in the admission's counts (nothing else tells a quiet
                // stream that its reader left).
                let (items, continuation) = AsyncStream<WebChatMessage?>.makeStream()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await message in stream { continuation.yield(message) }
                        continuation.finish()
                    }
                    group.addTask { [streamHeartbeat] in
                        while true {
                            try await Task.sleep(for: streamHeartbeat)
                            continuation.yield(nil)
                        }
                    }
                    defer { group.cancelAll() }
                    for await item in items.cancelOnGracefulShutdown() {
                        guard let message = item else {
                            try await writer.write(ByteBuffer(string: ": ping\n\n"))
                            continue
                        }
                        let json = String(decoding: (try? encoder.encode(message)) ?? Data(), as: UTF8.self)
                        try await writer.write(ByteBuffer(string: "id: \(message.id)\nevent: message\ndata: \(json)\n\n"))
                    }
                }
                try await writer.finish(nil)
            })
    }

    /// 404 unless the business exists.
    private func requireTenant(_ tenantID: String) async throws {
        guard try await gateway.tenantExists(tenantID) else { throw APIError(.notFound, "unknown tenant «\(tenantID)»") }
    }

    /// 415 unless the body is declared JSON.
    static func requireJSON(_ request: Request) throws(APIError) {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/json" else {
            throw APIError(.unsupportedMediaType, "the body must be JSON, sent with Content-Type: application/json")
        }
    }
}
