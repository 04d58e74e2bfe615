import Foundation
import Hummingbird
import Logging
import SaudaChannels
import SaudaCore
import ServiceLifecycle

/// The web-chat API: post a message, read the conversation, follow it live.
struct WebChatController: Sendable {
    let gateway: WebChatGateway
    let hub: WebChatHub
    let maxBodyBytes: Int

    struct PostBody: Decodable {
        let session: String
        let text: String
        let id: String?
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("api/v1/webchat")
        group.post(":tenant/messages", use: post)
        group.get(":tenant/sessions/:session/messages", use: messages)
        group.get(":tenant/sessions/:session/events", use: events)
    }

    @Sendable func post(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.parameters.require("tenant")
        let body = try await JSONRequestBody.decode(PostBody.self, from: request, maxBytes: maxBodyBytes)
        do {
            let accepted = try await gateway.accept(tenantID: tenant, session: body.session, text: body.text, clientID: body.id)
            return try JSONResponse.make(accepted, status: accepted.duplicate ? .ok : .accepted)
        } catch let error as GatewayError {
            throw APIError(error)
        }
    }

    @Sendable func messages(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.parameters.require("tenant")
        let session = try context.parameters.require("session")
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

    @Sendable func events(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.parameters.require("tenant")
        let session = try context.parameters.require("session")
        do { try WebChatGateway.validate(session: session) } catch { throw APIError(error) }
        let stream = hub.subscribe(tenantID: tenant, session: session)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .accelBuffering: "no"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                for await message in stream.cancelOnGracefulShutdown() {
                    let json = String(decoding: (try? encoder.encode(message)) ?? Data(), as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "id: \(message.id)\nevent: message\ndata: \(json)\n\n"))
                }
                try await writer.finish(nil)
            })
    }
}
