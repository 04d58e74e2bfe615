/// A channel of its own for work beside publishing and consuming (a passive declare that counts a queue).
extension AMQPClient {
    /// Runs `body` on a new channel of the live connection (waiting for one as a publish does) and closes the
    /// channel afterwards.
    /// - Throws: ``AMQPError`` when no connection came in time or the channel could not be opened; what `body` throws.
    public func withChannel<T: Sendable>(_ body: (AMQPChannel) async throws -> T) async throws -> T {
        let live = try await waitForLive(newerThan: 0, timeout: configuration.publishWaitTimeout)
        let channel = try await live.connection.openChannel()
        do {
            let result = try await body(channel)
            try? await channel.close()
            return result
        } catch {
            try? await channel.close()
            throw error
        }
    }
}
