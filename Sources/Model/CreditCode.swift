/// A unified social credit code (统一社会信用代码, GB 32100-2015) identifying an employer or institution.
public struct CreditCode: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The 18-character upper-case form.
    public let value: String

    private static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// Parses and validates `text`; throws a `ConcordError` that says which rule failed.
    public init(_ text: String) throws {
        let trimmed = text.trimmingSpaces()
        let chars = Array(trimmed.uppercased())
        guard chars.count == 18 else {
            throw ConcordError("credit code \(trimmed.clipped) must have 18 characters, not \(chars.count)")
        }
        var values: [Int] = []
        for c in chars {
            guard let v = Self.alphabet.firstIndex(of: c) else {
                throw ConcordError("credit code \(trimmed) contains '\(c)', which GB 32100 does not use")
            }
            values.append(v)
        }
        let expected = Self.checkCharacter(Array(values.prefix(17)))
        guard chars[17] == expected else {
            throw ConcordError("credit code \(trimmed) has a wrong check character (expected \(expected))")
        }
        value = String(chars)
    }

    /// The check character for the values (0–30) of the first 17 characters.
    public static func checkCharacter(_ values: [Int]) -> Character {
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// The GB 32100 alphabet, values 0–30.
    public static let characters = alphabet

    public var description: String { value }

    public static func < (lhs: CreditCode, rhs: CreditCode) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
