/// An AMQP decimal value (field type `D`): `value / 10^scale`.
public struct AMQPDecimal: Sendable, Hashable {
    /// The number of decimal digits after the point.
    public var scale: UInt8
    /// The unscaled value.
    public var value: UInt32

    /// Makes a decimal of `value / 10^scale`.
    public init(scale: UInt8, value: UInt32) {
        self.scale = scale
        self.value = value
    }
}
