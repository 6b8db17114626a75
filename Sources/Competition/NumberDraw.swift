/// SplitMix64: a small seeded generator, the same on every machine, so a draw with `--seed` repeats exactly.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Drawing contestants' anonymous numbers (Docs/COMPETITION.md, "Anonymous numbers").
public enum NumberDraw {
    /// The digits numbers have for a contest that will hold `contestants`: 3 (`001`–`999`) while that leaves
    /// at least twice as many numbers as contestants, else as many as needed.
    public static func width(forContestants contestants: Int) -> Int {
        var width = 3
        while power10(width) - 1 < 2 * contestants { width += 1 }
        return width
    }

    /// `count` new numbers, none in `taken`, drawn uniformly from 1…10^width − 1 and zero-padded.
    public static func draw(
        _ count: Int, taken: Set<String>, width: Int, using generator: inout some RandomNumberGenerator
    ) -> [String] {
        var used = taken
        var drawn: [String] = []
        let top = power10(width) - 1
        guard top - used.count >= count else { return [] }
        while drawn.count < count {
            let n = Int.random(in: 1...top, using: &generator)
            let text = String(n)
            let number = String(repeating: "0", count: max(0, width - text.count)) + text
            if used.insert(number).inserted { drawn.append(number) }
        }
        return drawn
    }

    private static func power10(_ n: Int) -> Int {
        (0..<n).reduce(1) { acc, _ in acc * 10 }
    }
}
