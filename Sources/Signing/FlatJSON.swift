/// A value whose JSON form is one object of string and integer members, which `CompactJWS.canonicalJSON`
/// writes without `JSONEncoder`. Its members must be exactly those its `Encodable` conformance encodes (a nil
/// member is left out, as synthesized `Encodable` leaves out a nil optional).
public protocol FlatJSONObject: Encodable {
    /// The members, in any order.
    var jsonFields: [(key: String, value: FlatJSON.Value)] { get }
}

/// Writing a flat JSON object byte for byte as `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes`
/// writes it.
public enum FlatJSON {
    /// A member's value; `nil` members are omitted.
    public enum Value: Sendable {
        case string(String)
        case int(Int)
        case absent
    }

    /// `{"key":value,…}` with the keys in sorted order, or nil when a key or string contains a character the
    /// encoder escapes (a quote, a backslash, a control character, U+2028/U+2029): then the caller encodes it
    /// with `JSONEncoder`, so the two paths never disagree.
    public static func bytes(_ fields: [(key: String, value: Value)]) -> [UInt8]? {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(256)
        var first = true
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            let text: String
            let quoted: Bool
            switch value {
            case .absent: continue
            case .int(let n): (text, quoted) = (String(n), false)
            case .string(let s): (text, quoted) = (s, true)
            }
            guard isPlain(key), !quoted || isPlain(text) else { return nil }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: key.utf8)
            out.append(contentsOf: "\":".utf8)
            if quoted { out.append(UInt8(ascii: "\"")) }
            out.append(contentsOf: text.utf8)
            if quoted { out.append(UInt8(ascii: "\"")) }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Whether `text` is written as is between quotes.
    static func isPlain(_ text: String) -> Bool {
        for byte in text.utf8 {
            // Control characters, quote and backslash; 0xE2 starts U+2028/U+2029 (and other characters, which
            // then take the slow path too: rare in names).
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2 {
                return false
            }
        }
        return true
    }
}
