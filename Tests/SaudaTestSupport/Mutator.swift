import Foundation

/// A small, seeded fuzzer for parsers of untrusted input: it mutates sample inputs (bit flips, cut, repeated or
/// inserted bytes, spliced samples, interesting values) and hands each case to a property.
///
/// It runs `SAUDA_FUZZ_ITERATIONS` cases per target (default 2,000) from seed `SAUDA_FUZZ_SEED` (default fixed, so a
/// failure repeats); `scripts/test.sh` sets both. A failing case names its seed and iteration.
public struct Mutator {
    /// Cases per target.
    public static var iterations: Int {
        ProcessInfo.processInfo.environment["SAUDA_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 2_000
    }

    /// The seed of this run.
    public static var seed: UInt64 {
        ProcessInfo.processInfo.environment["SAUDA_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x5A0DA
    }

    private var random: SplitMix
    private let samples: [[UInt8]]
    private let tokens: [[UInt8]]

    /// Creates a mutator of `samples`, which also splices in `tokens` (pieces of the format: keys, delimiters).
    public init(samples: [String], tokens: [String] = [], seed: UInt64 = Mutator.seed) {
        self.random = SplitMix(state: seed)
        self.samples = samples.map { Array($0.utf8) }
        self.tokens = (tokens + ["\"", "{", "}", "[", "]", ",", ":", "\\", "\\u0000", "\u{0000}", "null", "-1", "1e999",
                                 "\u{FEFF}", "\u{202E}", "\\ud800", String(repeating: "[", count: 300)]).map { Array($0.utf8) }
    }

    /// The next pseudo-random number.
    public mutating func next() -> UInt64 { random.next() }

    /// A number below `bound` (at least 1).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }

    /// The next case: a sample with one to four mutations.
    public mutating func nextCase() -> [UInt8] {
        var bytes = samples[below(samples.count)]
        for _ in 0...below(4) { mutate(&bytes) }
        return bytes
    }

    /// Runs `property` on `Mutator.iterations` cases; a thrown error fails the run, naming the case.
    public mutating func run(_ property: ([UInt8]) throws -> Void) throws {
        for iteration in 0..<Self.iterations {
            let input = nextCase()
            do { try property(input) } catch {
                throw Failure(seed: Self.seed, iteration: iteration, input: String(decoding: input.prefix(300), as: UTF8.self),
                              error: "\(error)")
            }
        }
    }

    /// A property that did not hold.
    public struct Failure: Error, CustomStringConvertible {
        public let seed: UInt64
        public let iteration: Int
        public let input: String
        public let error: String
        public var description: String { "seed \(seed), case \(iteration): \(error) for «\(input)»" }
    }

    private mutating func mutate(_ bytes: inout [UInt8]) {
        let position = below(bytes.count + 1)
        switch below(7) {
        case 0 where !bytes.isEmpty:
            bytes[min(position, bytes.count - 1)] ^= UInt8(1 << below(8))
        case 1:
            bytes.removeSubrange(position..<min(bytes.count, position + below(16) + 1))
        case 2:
            bytes.insert(contentsOf: tokens[below(tokens.count)], at: position)
        case 3 where !bytes.isEmpty:
            let start = below(bytes.count)
            let piece = bytes[start..<min(bytes.count, start + below(32) + 1)]
            bytes.insert(contentsOf: Array(repeating: Array(piece), count: below(8) + 1).joined(), at: position)
        case 4:
            let other = samples[below(samples.count)]
            let start = below(other.count + 1)
            bytes = Array(bytes[..<position]) + Array(other[start...])
        case 5:
            bytes = Array(bytes.prefix(position))
        default:
            bytes.insert(UInt8(truncatingIfNeeded: next()), at: position)
        }
    }
}
