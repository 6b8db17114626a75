/// An amount of money in fen (分, 1/100 CNY), held as an integer so no amount is ever rounded by floating point.
public struct Fen: Hashable, Sendable, Comparable, Codable, CustomStringConvertible, AdditiveArithmetic {
    public var value: Int64

    public init(_ value: Int64) { self.value = value }

    /// Whole yuan.
    public init(yuan: Int64) { self.value = yuan * 100 }

    /// Parses `1500`, `1500.5` or `1500.50` yuan into fen; throws for more than two decimals or bad text.
    public init(yuanText text: String) throws {
        let t = text.trimmingSpaces()
        let negative = t.hasPrefix("-")
        let body = negative ? String(t.dropFirst()) : t
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), !parts[0].isEmpty,
              parts[0].allSatisfy({ $0.isASCII && $0.isNumber })
        else { throw ConcordError("amount \(t.clipped) is not a number of yuan") }
        var fen = whole * 100
        if parts.count == 2 {
            let frac = parts[1]
            guard (1...2).contains(frac.count), frac.allSatisfy({ $0.isASCII && $0.isNumber }), let f = Int64(frac)
            else { throw ConcordError("amount \(t.clipped) must have at most two decimals") }
            fen += frac.count == 1 ? f * 10 : f
        }
        value = negative ? -fen : fen
    }

    public static var zero: Fen { Fen(0) }
    public static func + (lhs: Fen, rhs: Fen) -> Fen { Fen(lhs.value + rhs.value) }
    public static func - (lhs: Fen, rhs: Fen) -> Fen { Fen(lhs.value - rhs.value) }
    public static func < (lhs: Fen, rhs: Fen) -> Bool { lhs.value < rhs.value }

    /// The amount scaled by `percent` (for an uplift), rounded half up to a whole fen.
    public func scaled(byPercent percent: Int64) -> Fen {
        let product = value * (100 + percent)
        return Fen((product + (product >= 0 ? 50 : -50)) / 100)
    }

    /// `1500.00` (yuan, two decimals).
    public var yuanText: String {
        let sign = value < 0 ? "-" : ""
        let a = value.magnitude
        let cents = a % 100
        return "\(sign)\(a / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    public var description: String { "¥" + yuanText }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
