import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore
import ServiceLifecycle

/// Server-sent events for the console's live pages: a tick every interval until the stream's lifetime ends, the
/// server shuts down or the browser goes away; the browser's `EventSource` then reconnects by itself.
enum LiveStream {
    /// Ticks every `interval`, the first at once.
    static func ticks(every interval: Duration) -> AsyncStream<Void> {
        // One waiting tick at most: a slow consumer skips ticks instead of replaying them back to back.
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let task = Task {
                while !Task.isCancelled {
                    continuation.yield()
                    try? await Task.sleep(for: interval)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// One event in the wire format.
    static func event(_ name: String, id: String? = nil, data: some Encodable) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: (try? encoder.encode(data)) ?? Data("{}".utf8), as: UTF8.self)
        return ByteBuffer(string: (id.map { "id: \($0)\n" } ?? "") + "event: \(name)\ndata: \(json)\n\n")
    }

    /// The response of a stream whose events `produce` writes on each tick; it returns `false` to end the stream.
    static func response(interval: Duration, lifetime: Duration,
                         produce: @escaping @Sendable (_ writer: inout any ResponseBodyWriter) async throws -> Bool) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .accelBuffering: "no"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                let end = ContinuousClock.now + lifetime
                var lastWrite = ContinuousClock.now
                for await _ in ticks(every: interval).cancelOnGracefulShutdown() {
                    guard ContinuousClock.now < end, try await produce(&writer) else { break }
                    if ContinuousClock.now - lastWrite > .seconds(15) {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        lastWrite = ContinuousClock.now
                    }
                }
                try await writer.finish(nil)
            })
    }
}
