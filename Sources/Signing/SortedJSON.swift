import Foundation

/// A value whose JSON form is an object of strings, integers, nulls and such objects, which `SortedJSON` writes
/// without `JSONEncoder`. Its members must be exactly those its `Encodable` conformance encodes (a nil member
/// that the conformance leaves out is `.absent`; one it encodes as `null` is `.null`).
public protocol SortedJSONObject: Encodable {
    /// The members, in any order.
    var jsonFields: [(key: String, value: SortedJSON.Value)] { get }
}

/// JSON with sorted keys and unescaped slashes, byte for byte what `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` writes: the encoding Concord signs (token headers and claims) and answers with.
/// Writing the few fixed shapes directly costs a fraction of the encoder, which on the signing and verifying
/// paths cost more than the signature itself.
public enum SortedJSON {
    /// A member's value.
    public indirect enum Value: Sendable {
        case string(String)
        case int(Int)
        case null
        case object([(key: String, value: Value)])
        /// Left out of the object.
        case absent
    }

    /// The JSON of `value`: written directly when every key and string is plain, through `JSONEncoder`
    /// otherwise, so the two paths never disagree.
    public static func encode(_ value: some SortedJSONObject) -> [UInt8] {
        bytes(value.jsonFields) ?? encoded(value)
    }

    /// `JSONEncoder`'s sorted-key output, slashes unescaped.
    public static func encoded(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(value))) ?? []
    }

    /// `{"key":value,…}` with the keys in sorted order, or nil when a key or string contains a character the
    /// encoder escapes (a quote, a backslash, a control character; U+2028/U+2029 and other characters starting
    /// with byte 0xE2 are declined too, to be safe): then the caller uses `JSONEncoder`.
    public static func bytes(_ fields: [(key: String, value: Value)]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        return write(fields, to: &out) ? out : nil
    }

    private static func write(_ fields: [(key: String, value: Value)], to out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "{"))
        var first = true
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            if case .absent = value { continue }
            guard isPlain(key) else { return false }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            quoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            switch value {
            case .absent: break
            case .null: out.append(contentsOf: "null".utf8)
            case .int(let n): out.append(contentsOf: String(n).utf8)
            case .string(let s):
                guard isPlain(s) else { return false }
                quoted(s, to: &out)
            case .object(let members):
                guard write(members, to: &out) else { return false }
            }
        }
        out.append(UInt8(ascii: "}"))
        return true
    }

    private static func quoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: text.utf8)
        out.append(UInt8(ascii: "\""))
    }

    /// Whether `text` is written as is between quotes.
    static func isPlain(_ text: String) -> Bool {
        for byte in text.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
            || byte == 0xE2 {
            return false
        }
        return true
    }
}
