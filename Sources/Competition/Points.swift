import Foundation
import Model

/// A mark, score or ratio held exactly in hundredths (2.5 is 250), so that adding marks never rounds.
public struct Points: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The value times 100.
    public let hundredths: Int

    /// The value with `hundredths` hundredths.
    public init(hundredths: Int) { self.hundredths = hundredths }

    /// Whole points.
    public init(_ whole: Int) { hundredths = whole * 100 }

    /// Parses `7`, `2.5` or `2.25` (at most two decimals, not negative, at most 100000).
    public init(_ text: String) throws {
        let t = text.trimmingSpaces()
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 6,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts.count == 1 || (1...2).contains(parts[1].count),
              let whole = Int(parts[0])
        else {
            throw ConcordError("\(t.clipped) is not a number with at most two decimals")
        }
        var fraction = 0
        if parts.count == 2, let f = Int(parts[1]) { fraction = parts[1].count == 1 ? f * 10 : f }
        guard whole <= 100_000 else { throw ConcordError("\(t.clipped) is larger than 100000") }
        hundredths = whole * 100 + fraction
    }

    /// Zero.
    public static let zero = Points(hundredths: 0)

    /// `2.50`-style text with exactly two decimals.
    public var description: String {
        let sign = hundredths < 0 ? "-" : ""
        let v = abs(hundredths)
        return "\(sign)\(v / 100).\(v % 100 < 10 ? "0" : "")\(v % 100)"
    }

    /// The shortest text: `2.5`, `3`, `2.25`.
    public var short: String {
        var text = description
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    public static func < (lhs: Points, rhs: Points) -> Bool { lhs.hundredths < rhs.hundredths }
    public static func + (lhs: Points, rhs: Points) -> Points { Points(hundredths: lhs.hundredths + rhs.hundredths) }
    public static func - (lhs: Points, rhs: Points) -> Points { Points(hundredths: lhs.hundredths - rhs.hundredths) }

    /// Encoded as a JSON number with at most two decimals (exactly, through `Decimal`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Decimal(hundredths) / 100)
    }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Decimal.self)
        var scaled = value * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        hundredths = NSDecimalNumber(decimal: rounded).intValue
    }
}
