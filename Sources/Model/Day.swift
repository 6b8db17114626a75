import Foundation

/// A calendar date with no time of day, as the policy texts count them (Asia/Shanghai, UTC+8 all year).
///
/// Stored and printed as `YYYY-MM-DD`; input also accepts `YYYY/M/D` and `YYYYMMDD`, the forms Excel and
/// sign-in devices write.
public struct Day: Hashable, Sendable, Comparable, Codable, CustomStringConvertible, Strideable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// 1970-01-01.
    public static let epoch = Day(unchecked: 1970, 1, 1)

    /// The date, or nil when it does not exist (2023-02-29, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `2025-03-01`, `2025/3/1` or `20250301`; throws a `ConcordError` naming the bad text.
    public init(_ text: String) throws {
        let t = text.trimmingSpaces()
        if let day = Day(isoBytes: t.utf8) {
            self = day
            return
        }
        let parts: [Substring]
        if t.count == 8, t.allSatisfy({ $0.isASCII && $0.isNumber }) {
            parts = [t.prefix(4), t.dropFirst(4).prefix(2), t.suffix(2)]
        } else {
            parts = t.split(separator: t.contains("/") ? "/" : "-", omittingEmptySubsequences: false)
        }
        guard parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), parts[0].count == 4,
              let day = Day(year: y, month: m, day: d)
        else {
            throw ConcordError("date \(t.clipped) is not a real date in the form YYYY-MM-DD")
        }
        self = day
    }

    /// The common `YYYY-MM-DD` form read from its UTF-8 bytes; nil for any other text (or an impossible date,
    /// which the general parser then reports).
    private init?(isoBytes: String.UTF8View) {
        guard isoBytes.count == 10 else { return nil }
        var numbers = [0, 0, 0]
        for (i, byte) in isoBytes.enumerated() {
            if i == 4 || i == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard (0x30...0x39).contains(byte) else { return nil }
            let part = i < 4 ? 0 : i < 7 ? 1 : 2
            numbers[part] = numbers[part] * 10 + Int(byte) - 0x30
        }
        self.init(year: numbers[0], month: numbers[1], day: numbers[2])
    }

    /// The number of days in a month.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether `year` has 29 February.
    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days since 1970-01-01 (negative before), by the civil-from-days algorithm.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Today in Asia/Shanghai.
    public static func today(now: Date = Date()) -> Day {
        Day(shanghai: now)
    }

    /// The Shanghai calendar date of an instant.
    public init(shanghai instant: Date) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + Day.shanghaiOffset
        self.init(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
    }

    /// UTC+8: China has kept one offset without daylight saving since 1991.
    public static let shanghaiOffset = 8 * 3600

    /// Unix seconds at midnight of this day in Asia/Shanghai (the `iat` of a certificate token).
    public var midnightShanghaiUnix: Int { daysSinceEpoch * 86_400 - Day.shanghaiOffset }

    /// The day `n` days later (earlier when negative).
    public func adding(days n: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + n) }

    /// The same day `n` months later, clamped to the month's end (2024-01-31 + 1 month = 2024-02-29).
    public func adding(months n: Int) -> Day {
        let total = year * 12 + (month - 1) + n
        let y = total / 12
        let m = total % 12 + 1
        return Day(unchecked: y, m, min(day, Day.daysIn(month: m, year: y)))
    }

    /// Whole years from `self` to `later` (birthday-style: a year counts once its anniversary is reached).
    public func wholeYears(until later: Day) -> Int {
        var years = later.year - year
        if (later.month, later.day) < (month, day) { years -= 1 }
        return years
    }

    /// Whole months from `self` to `later`, counted the same way.
    public func wholeMonths(until later: Day) -> Int {
        var months = (later.year - year) * 12 + (later.month - month)
        if later.day < day && later.day < Day.daysIn(month: later.month, year: later.year) { months -= 1 }
        return months
    }

    public func distance(to other: Day) -> Int { other.daysSinceEpoch - daysSinceEpoch }
    public func advanced(by n: Int) -> Day { adding(days: n) }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        // Written as bytes, not with String(format:) or concatenation: imports and exports format hundreds
        // of thousands of dates. Unchecked arithmetic far from today can leave four and two digits (or go
        // negative); such values take the long way.
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return year.zeroPadded(4) + "-" + month.zeroPadded(2) + "-" + day.zeroPadded(2)
        }
        return String(unsafeUninitializedCapacity: 10) { bytes in
            func put(_ n: Int, at end: Int, width: Int) {
                var n = n
                for i in stride(from: end, to: end - width, by: -1) {
                    bytes[i] = UInt8(0x30 + n % 10)
                    n /= 10
                }
            }
            put(year, at: 3, width: 4)
            bytes[4] = UInt8(ascii: "-")
            put(month, at: 6, width: 2)
            bytes[7] = UInt8(ascii: "-")
            put(day, at: 9, width: 2)
            return 10
        }
    }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
