import Foundation

/// Base64 in the two alphabets the token formats use.
public enum Base64 {
    /// Standard base64 with padding (PEM bodies).
    public static func standard(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// base64url without padding (RFC 7515 §2).
    public static func url(_ bytes: some Sequence<UInt8>) -> String {
        // Byte by byte rather than String.replacingOccurrences, which goes through NSString on Linux and was
        // a quarter of the time of a verification.
        let standard = Data(bytes).base64EncodedData()
        var out: [UInt8] = []
        out.reserveCapacity(standard.count)
        for c in standard {
            switch c {
            case UInt8(ascii: "+"): out.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes base64url without padding; nil for any other character, for padding, or an impossible length.
    public static func decodeURL(_ text: some StringProtocol) -> [UInt8]? {
        guard text.utf8.allSatisfy({ c in
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F
        }) else { return nil }
        guard text.utf8.count % 4 != 1 else { return nil }
        var standard: [UInt8] = text.utf8.map { c in
            c == UInt8(ascii: "-") ? UInt8(ascii: "+") : c == UInt8(ascii: "_") ? UInt8(ascii: "/") : c
        }
        standard += Array(repeating: UInt8(ascii: "="), count: (4 - standard.count % 4) % 4)
        guard let data = Data(base64Encoded: Data(standard)) else { return nil }
        let bytes = [UInt8](data)
        // Reject non-canonical forms (stray bits in the last symbol), so one token has one spelling.
        guard url(bytes) == text else { return nil }
        return bytes
    }
}
