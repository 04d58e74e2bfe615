import NIOCore

/// Bookkeeping of publisher confirms on one channel: which request waits for which delivery tag.
///
/// Tags count up from 1 per channel in publish order; the broker acks or nacks one tag or, with
/// `multiple`, every tag up to and including the one named.
struct PublisherConfirms: Sendable, Hashable {
    /// The tag the next publish will get.
    private(set) var nextTag: UInt64 = 1
    /// Unconfirmed publishes in tag order.
    private(set) var unconfirmed = CircularBuffer<Pending>()

    struct Pending: Sendable, Hashable {
        var tag: UInt64
        var request: AMQPRequestID
    }

    /// Records a publish and returns its delivery tag.
    mutating func published(request: AMQPRequestID) -> UInt64 {
        let tag = nextTag
        nextTag += 1
        unconfirmed.append(Pending(tag: tag, request: request))
        return tag
    }

    /// Removes and returns the requests settled by an ack or nack of `tag`.
    mutating func settle(tag: UInt64, multiple: Bool) -> [AMQPRequestID] {
        if multiple {
            var settled: [AMQPRequestID] = []
            while let first = unconfirmed.first, first.tag <= tag {
                settled.append(first.request)
                unconfirmed.removeFirst()
            }
            return settled
        }
        guard let index = unconfirmed.firstIndex(where: { $0.tag == tag }) else { return [] }
        let request = unconfirmed[index].request
        unconfirmed.remove(at: index)
        return [request]
    }

    /// Removes and returns every unconfirmed request (the channel ended).
    mutating func drain() -> [AMQPRequestID] {
        let all = unconfirmed.map(\.request)
        unconfirmed.removeAll()
        return all
    }
}
