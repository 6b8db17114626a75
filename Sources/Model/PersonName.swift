/// A person's name as written on their identity card, with the masked form the public may see.
public struct PersonName: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The full name, trimmed.
    public let value: String

    /// Validates `text`: not empty, at most 50 characters, no control characters.
    public init(_ text: String) throws {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { throw ConcordError("name is empty") }
        guard trimmed.count <= 50 else { throw ConcordError("name \(trimmed.clipped) is longer than 50 characters") }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ConcordError("name \(trimmed.clipped) contains control characters")
        }
        value = trimmed
    }

    /// The name with inner characters masked: `张*三`, `李*`, `欧**明`.
    public var masked: String { Self.mask(value) }

    /// Masks any name string the same way (used for stored snapshots such as certificate holders).
    public static func mask(_ name: String) -> String {
        let chars = Array(name)
        switch chars.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(chars[0]) + "*"
        default: return String(chars[0]) + String(repeating: "*", count: chars.count - 2) + String(chars[chars.count - 1])
        }
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
