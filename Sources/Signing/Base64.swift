import Foundation

/// Base64 in the two alphabets the token formats use.
public enum Base64 {
    /// Standard base64 with padding (PEM bodies).
    public static func standard(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// base64url without padding (RFC 7515 §2).
    public static func url(_ bytes: some Sequence<UInt8>) -> String {
        // Three bytes to four symbols straight from the alphabet: every certificate encodes six parts, and
        // going through Foundation's base64 and a character swap cost more than the signature check.
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((input.count * 4 + 2) / 3)
        var i = 0
        while i + 3 <= input.count {
            let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
            out.append(urlAlphabet[Int(n >> 18)])
            out.append(urlAlphabet[Int(n >> 12 & 63)])
            out.append(urlAlphabet[Int(n >> 6 & 63)])
            out.append(urlAlphabet[Int(n & 63)])
            i += 3
        }
        switch input.count - i {
        case 1:
            let n = UInt32(input[i]) << 16
            out.append(urlAlphabet[Int(n >> 18)])
            out.append(urlAlphabet[Int(n >> 12 & 63)])
        case 2:
            let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8
            out.append(urlAlphabet[Int(n >> 18)])
            out.append(urlAlphabet[Int(n >> 12 & 63)])
            out.append(urlAlphabet[Int(n >> 6 & 63)])
        default: break
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The base64url alphabet (RFC 4648 §5).
    private static let urlAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

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
