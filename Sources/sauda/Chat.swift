import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

struct Chat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chat as a customer with a running Sauda server from the terminal.",
        discussion: "Type a message and press Enter; an empty line or Ctrl-D ends the chat.")

    @Option(help: "Server URL.") var url = "http://127.0.0.1:8080"
    @Option(help: "Tenant id.") var tenant = "default"
    @Option(help: "Session id (default: a new one).") var session: String?
    @Option(help: "Seconds to wait for a reply.") var timeout = 30

    struct Message: Decodable {
        let id: String
        let role: String
        let text: String
        let answers: [String]?
    }

    struct Conversation: Decodable { let messages: [Message] }

    func run() async throws {
        let session = self.session ?? "cli-\(UUID().uuidString.prefix(8).lowercased())"
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        let client = HTTPClient.shared
        print("Session \(session) with \(base) (tenant \(tenant)). Empty line to quit.")
        var shown = Set<String>()
        while true {
            print("you> ", terminator: "")
            guard let line = readLine(), !line.trimmingCharacters(in: .whitespaces).isEmpty else { break }
            let id = "cli\(Int(Date().timeIntervalSince1970 * 1000))"
            var request = HTTPClientRequest(url: "\(base)/api/v1/webchat/\(tenant)/messages")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            let body = try JSONSerialization.data(withJSONObject: ["session": session, "text": line, "id": id])
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(request, timeout: .seconds(10))
            let responseBody = try await response.body.collect(upTo: 1 << 20)
            guard response.status.code < 300 else {
                print("error \(response.status.code): \(String(buffer: responseBody))")
                continue
            }
            let messageID = "wc:\(session):\(id)"
            let deadline = Date().addingTimeInterval(Double(timeout))
            var answered = false
            while !answered, Date() < deadline {
                try await Task.sleep(for: .milliseconds(300))
                let get = HTTPClientRequest(url: "\(base)/api/v1/webchat/\(tenant)/sessions/\(session)/messages")
                let result = try await client.execute(get, timeout: .seconds(10))
                let bytes = try await result.body.collect(upTo: 8 << 20)
                let conversation = try JSONDecoder().decode(Conversation.self, from: Data(bytes.readableBytesView))
                for message in conversation.messages where message.role != "customer" && !shown.contains(message.id) {
                    shown.insert(message.id)
                    print("bot> \(message.text)")
                    if message.answers?.contains(messageID) == true { answered = true }
                }
                if conversation.messages.contains(where: { $0.role == "customer" && $0.id == messageID }),
                   !conversation.messages.contains(where: { $0.role != "customer" && ($0.answers ?? []).contains(messageID) }) {
                    continue
                }
            }
            if !answered { print("(no reply within \(timeout) s: the contact may not be a client yet, or the agent is busy)") }
        }
    }
}
