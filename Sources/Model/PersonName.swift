/// A person's name as written on their identity card, with the masked form the public may see.
public struct PersonName: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The full name, trimmed.
    public let value: String

    /// Validates `text`: not empty, at most 50 characters, no control characters.
    public init(_ text: String) throws {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { throw ConcordError("name is empty") }
        // A character takes at least one byte, so 50 bytes or fewer need no character counting.
        guard trimmed.utf8.count <= 50 || trimmed.count <= 50 else {
            throw ConcordError("name \(trimmed.clipped) is longer than 50 characters")
        }
        guard !Self.hasControl(trimmed.utf8) else {
            throw ConcordError("name \(trimmed.clipped) contains control characters")
        }
        value = trimmed
    }

    /// Whether `utf8` holds a control character (general category Cc: U+0000–U+001F and U+007F–U+009F),
    /// read from the bytes: one byte below 0x20 or 0x7F, or C2 followed by 80–9F.
    static func hasControl(_ utf8: String.UTF8View) -> Bool {
        var afterC2 = false
        for byte in utf8 {
            if byte < 0x20 || byte == 0x7F || (afterC2 && byte <= 0x9F) { return true }
            afterC2 = byte == 0xC2
        }
        return false
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
