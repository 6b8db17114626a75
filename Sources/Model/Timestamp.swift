import Foundation

/// An instant written as ISO 8601 UTC with milliseconds (`2026-11-25T07:14:03.123Z`), the form stored in
/// the database, so that text order is time order.
public enum Timestamp {
    /// The text for `date`.
    public static func text(_ date: Date = Date()) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let days = Int(floor(Double(ms) / 86_400_000))
        let dayMs = Int(ms - Int64(days) * 86_400_000)
        let day = Day(daysSinceEpoch: days)
        let h = dayMs / 3_600_000, m = dayMs / 60_000 % 60, s = dayMs / 1000 % 60, f = dayMs % 1000
        return day.description + "T" + h.zeroPadded(2) + ":" + m.zeroPadded(2) + ":" + s.zeroPadded(2) + "."
            + f.zeroPadded(3) + "Z"
    }
}
