/// Any `Clock<Duration>` behind one concrete type, so that a class or a state machine that is not generic can
/// keep the clock it was given: the continuous clock in production, a test's manual clock in tests.
///
/// Its instants count the time since the moment the wrapped clock was wrapped; sleeping until one of them
/// sleeps on the wrapped clock until the matching instant.
public struct AnyClock: Clock, Sendable {
    /// A moment of the wrapped clock, as the time since it was wrapped.
    public struct Instant: InstantProtocol, Sendable, CustomStringConvertible {
        /// Time since the clock was wrapped (or, for a test's manual clock, since it was made).
        public var offset: Duration

        /// Creates an instant `offset` after the clock was wrapped.
        public init(offset: Duration) { self.offset = offset }

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        public static func + (lhs: Instant, rhs: Duration) -> Instant { lhs.advanced(by: rhs) }
        public static func - (lhs: Instant, rhs: Duration) -> Instant { lhs.advanced(by: .zero - rhs) }
        public static func - (lhs: Instant, rhs: Instant) -> Duration { rhs.duration(to: lhs) }
        public var description: String { "+\(offset)" }
    }

    private let read: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration, Duration?) async throws -> Void
    public let minimumResolution: Duration

    /// Wraps `clock`.
    public init<C: Clock>(_ clock: C) where C.Duration == Duration {
        if let wrapped = clock as? AnyClock {
            self = wrapped
            return
        }
        let origin = clock.now
        self.read = { origin.duration(to: clock.now) }
        self.sleeper = { offset, tolerance in try await clock.sleep(until: origin.advanced(by: offset), tolerance: tolerance) }
        self.minimumResolution = clock.minimumResolution
    }

    /// The continuous clock, the production default.
    public static var continuous: AnyClock { AnyClock(ContinuousClock()) }

    public var now: Instant { Instant(offset: read()) }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await sleeper(deadline.offset, tolerance)
    }
}
