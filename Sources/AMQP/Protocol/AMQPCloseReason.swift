/// Why a peer closed a connection or channel: the arguments of `connection.close` and
/// `channel.close` (for example 404 NOT_FOUND or 406 PRECONDITION_FAILED).
public struct AMQPCloseReason: Sendable, Hashable, CustomStringConvertible {
    /// The AMQP reply code (see ``AMQPReplyCode``).
    public var replyCode: UInt16
    /// The reply text, e.g. "NOT_FOUND - no queue 'x' in vhost '/'".
    public var replyText: String
    /// The class of the method that caused the close, or 0.
    public var classID: UInt16
    /// The method that caused the close, or 0.
    public var methodID: UInt16

    /// Makes a close reason.
    public init(replyCode: UInt16, replyText: String, classID: UInt16 = 0, methodID: UInt16 = 0) {
        self.replyCode = replyCode
        self.replyText = replyText
        self.classID = classID
        self.methodID = methodID
    }

    /// A normal close (200 "OK") as sent by a client that closes on purpose.
    public static let normal = AMQPCloseReason(replyCode: AMQPReplyCode.replySuccess, replyText: "OK")

    /// "404 NOT_FOUND - …".
    public var description: String { "\(replyCode) \(replyText)" }
}

/// The reply codes of AMQP 0-9-1 that a broker uses in `connection.close` and `channel.close`.
public enum AMQPReplyCode {
    /// 200: the close was ordinary.
    public static let replySuccess: UInt16 = 200
    /// 311: the message could not be delivered (basic.return).
    public static let contentTooLarge: UInt16 = 311
    /// 312: a mandatory message could not be routed (basic.return).
    public static let noRoute: UInt16 = 312
    /// 313: an immediate message had no consumer (basic.return).
    public static let noConsumers: UInt16 = 313
    /// 320: an operator closed the connection.
    public static let connectionForced: UInt16 = 320
    /// 402: the virtual host path was invalid.
    public static let invalidPath: UInt16 = 402
    /// 403: access was refused (bad credentials or permissions).
    public static let accessRefused: UInt16 = 403
    /// 404: the named entity does not exist.
    public static let notFound: UInt16 = 404
    /// 405: the entity is locked by another connection (e.g. exclusive queue).
    public static let resourceLocked: UInt16 = 405
    /// 406: a precondition failed (e.g. re-declare with other arguments).
    public static let preconditionFailed: UInt16 = 406
    /// 501: a frame was malformed.
    public static let frameError: UInt16 = 501
    /// 502: a method's fields were malformed.
    public static let syntaxError: UInt16 = 502
    /// 503: a method was not allowed at this time.
    public static let commandInvalid: UInt16 = 503
    /// 504: the channel was used wrongly.
    public static let channelError: UInt16 = 504
    /// 505: a frame arrived that the peer did not expect.
    public static let unexpectedFrame: UInt16 = 505
    /// 506: the peer ran out of a resource.
    public static let resourceError: UInt16 = 506
    /// 530: the peer does not allow the operation (e.g. unknown virtual host).
    public static let notAllowed: UInt16 = 530
    /// 540: the method is not implemented.
    public static let notImplemented: UInt16 = 540
    /// 541: the peer had an internal error.
    public static let internalError: UInt16 = 541
}
