/// Which of the deliveries that the broker pushed to this process one receive hands to the consumer.
///
/// The broker pushes up to the consumer's prefetch of unacknowledged deliveries; they wait in the process, in the
/// broker's order, until a receive takes them. A receive walks them oldest first and passes over:
/// - the deliveries of a conversation that waits a backoff (they go back with it, in order);
/// - the deliveries of the tenants the consumer left out (it holds their fair share already): they stay held,
///   unacknowledged, and a later receive that no longer leaves them out hands them over, still first and in order;
/// - every later delivery of a conversation one of whose deliveries was passed over, so a conversation's order holds
///   even if its messages disagree about their tenant.
///
/// Deliveries from a connection that is gone are dropped: the broker requeued them when it closed and delivers them
/// again on the new one, so handing out the old copy would hand the message out twice.
enum RabbitMQHandOut {
    /// What one receive does with the waiting deliveries.
    struct Result<Element> {
        /// Handed to the consumer, oldest first.
        var taken: [Element] = []
        /// Still waiting, in their order.
        var kept: [Element] = []
        /// From a connection that is gone (the broker delivers them again).
        var dropped: [Element] = []
    }

    /// Splits `waiting` (oldest first) for a receive of at most `limit`.
    /// - Parameters:
    ///   - partition: a delivery's conversation.
    ///   - tenant: a delivery's tenant (`nil`: never left out).
    ///   - isStale: whether a delivery came on a connection that is gone.
    ///   - isWaiting: whether a conversation waits a backoff.
    ///   - excluding: the tenants to leave for a later receive.
    static func select<Element>(_ waiting: [Element], limit: Int, excluding: Set<String>,
                                partition: (Element) -> String, tenant: (Element) -> String?,
                                isStale: (Element) -> Bool, isWaiting: (String) -> Bool) -> Result<Element> {
        var result = Result<Element>()
        var passedOver: Set<String> = []
        for element in waiting {
            if isStale(element) {
                result.dropped.append(element)
                continue
            }
            let key = partition(element)
            let leftOut = tenant(element).map { excluding.contains($0) } ?? false
            if result.taken.count < limit, !leftOut, !passedOver.contains(key), !isWaiting(key) {
                result.taken.append(element)
            } else {
                passedOver.insert(key)
                result.kept.append(element)
            }
        }
        return result
    }
}
