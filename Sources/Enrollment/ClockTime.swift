import Model

/// A time of day to the minute, `HH:MM`, held as minutes since midnight (Asia/Shanghai).
public struct ClockTime: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// Minutes since midnight, 0...1439.
    public let minutes: Int

    /// The time `minutes` after midnight, or nil outside one day.
    public init?(minutes: Int) {
        guard (0..<1440).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// Parses `HH:MM` or `H:MM` (seconds `HH:MM:SS` are accepted and dropped, as sign-in devices write them).
    public init(_ text: String) throws {
        let t = text.trimmingSpaces()
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count),
              parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts.dropFirst().allSatisfy({ $0.count == 2 }),
              let h = Int(parts[0]), let m = Int(parts[1]), h < 24, m < 60,
              parts.count == 2 || (Int(parts[2]) ?? 60) < 60
        else { throw ConcordError("time \(t.clipped) is not a time of day in the form HH:MM") }
        minutes = h * 60 + m
    }

    /// `HH:MM`.
    public var description: String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    public static func < (lhs: ClockTime, rhs: ClockTime) -> Bool { lhs.minutes < rhs.minutes }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Minutes printed as hours with one or two decimals (`90` → `1.5`, `100` → `1.67`, `120` → `2.0`).
///
/// Minutes stay integers everywhere; only printing divides, rounding half up to a hundredth of an hour.
public enum HoursText {
    /// The hours text of `minutes`.
    public static func of(_ minutes: Int) -> String {
        let sign = minutes < 0 ? "-" : ""
        let hundredths = (minutes.magnitude * 100 + 30) / 60
        let whole = hundredths / 100, frac = hundredths % 100
        if frac % 10 == 0 { return "\(sign)\(whole).\(frac / 10)" }
        return "\(sign)\(whole).\(frac < 10 ? "0" : "")\(frac)"
    }
}
