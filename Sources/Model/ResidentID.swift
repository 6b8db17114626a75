/// A mainland resident identity number (居民身份证号, GB 11643-1999), validated and normalised.
///
/// Eighteen characters: six region digits, the birth date as `YYYYMMDD`, a three-digit sequence whose last
/// digit is odd for men, and a check character computed over the first seventeen.
public struct ResidentID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The normalised 18-character form (a trailing `x` upper-cased).
    public let value: String

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters = Array("10X98765432")

    /// Parses and validates `text`; throws a `ConcordError` that says which rule failed.
    public init(_ text: String) throws {
        let trimmed = text.trimmingSpaces()
        if let fast = try Self.parseASCII(trimmed) {
            value = fast
            return
        }
        let chars = Array(trimmed.uppercased())
        guard chars.count == 18 else {
            throw ConcordError("resident ID \(trimmed.clipped) must have 18 characters, not \(chars.count)")
        }
        guard chars[0..<17].allSatisfy({ $0.isASCII && $0.isNumber }),
              chars[17].isASCII, chars[17].isNumber || chars[17] == "X"
        else {
            throw ConcordError("resident ID \(trimmed.clipped) must be 17 digits and a digit or X")
        }
        let digits = chars[0..<17].map { Int(String($0)) ?? 0 }
        let year = digits[6...9].reduce(0) { $0 * 10 + $1 }
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        guard let birth = Day(year: year, month: month, day: day), year >= 1900 else {
            throw ConcordError("resident ID \(trimmed) has an impossible birth date")
        }
        _ = birth
        let expected = Self.checkCharacter(digits)
        guard chars[17] == expected else {
            throw ConcordError("resident ID \(trimmed) has a wrong check character (expected \(expected))")
        }
        value = String(chars)
    }

    /// The common case, read from the UTF-8 bytes without building characters: 17 ASCII digits and a digit,
    /// `x` or `X`. Returns nil for anything else, which the general path then reports exactly.
    private static func parseASCII(_ trimmed: String) throws -> String? {
        var bytes = Array(trimmed.utf8)
        guard bytes.count == 18, bytes[0..<17].allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        if bytes[17] == UInt8(ascii: "x") { bytes[17] = UInt8(ascii: "X") }
        guard (0x30...0x39).contains(bytes[17]) || bytes[17] == UInt8(ascii: "X") else { return nil }
        let digits = bytes[0..<17].map { Int($0) - 0x30 }
        let year = digits[6...9].reduce(0) { $0 * 10 + $1 }
        guard Day(year: year, month: digits[10] * 10 + digits[11], day: digits[12] * 10 + digits[13]) != nil,
              year >= 1900
        else {
            throw ConcordError("resident ID \(trimmed) has an impossible birth date")
        }
        let expected = checkCharacter(digits)
        guard Character(Unicode.Scalar(bytes[17])) == expected else {
            throw ConcordError("resident ID \(trimmed) has a wrong check character (expected \(expected))")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The check character for the first 17 digits.
    public static func checkCharacter(_ digits: [Int]) -> Character {
        checkCharacters[zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11]
    }

    /// The birth date in digits 7–14.
    public var birthDate: Day {
        let c = Array(value.utf8)
        let n = { (r: Range<Int>) in c[r].reduce(0) { $0 * 10 + Int($1) - 0x30 } }
        return Day(year: n(6..<10), month: n(10..<12), day: n(12..<14)) ?? Day.epoch
    }

    /// The sex from digit 17 (odd is male).
    public var sex: Sex {
        let digit = Int(String(Array(value)[16])) ?? 0
        return digit % 2 == 1 ? .male : .female
    }

    /// The form the public may see: first six and last four characters, eight asterisks between.
    public var masked: String {
        String(value.prefix(6)) + String(repeating: "*", count: 8) + String(value.suffix(4))
    }

    public var description: String { value }

    public static func < (lhs: ResidentID, rhs: ResidentID) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// The sex recorded in an identity number.
    public enum Sex: String, Sendable, Codable {
        case male, female
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    package func trimmingSpaces() -> String {
        // Fast path for imports: nothing to trim when the first and the last scalar are visible ASCII or CJK
        // ideographs (U+4000–U+9FFF, UTF-8 lead byte E4–E9). Character.isWhitespace looks at a character's first
        // scalar, and such a last scalar starts its own character or follows only Prepend scalars (grapheme
        // break class Other), none of which is white space.
        let plain = utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            let visible = { (byte: UInt8) in byte > 0x20 && byte < 0x7F }
            let ideograph = { (lead: UInt8) in (0xE4...0xE9).contains(lead) }
            return (visible(first) || ideograph(first))
                && (visible(last) || (bytes.count >= 3 && ideograph(bytes[bytes.count - 3])))
        }
        if plain == true { return self }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }

    /// At most 40 characters of the string, for echoing bad input back without flooding the terminal.
    package var clipped: String {
        count > 40 ? String(prefix(40)) + "…" : self
    }
}
