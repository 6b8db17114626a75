import COpenSSL

/// SHA-256 through the system OpenSSL (the audit chain, key ids, short codes and row digests use it).
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let input = Array(bytes)
        input.withUnsafeBufferPointer { buffer in
            out.withUnsafeMutableBufferPointer { o in
                _ = COpenSSL.SHA256(buffer.baseAddress, buffer.count, o.baseAddress)
            }
        }
        return out
    }

    /// The digest of a string's UTF-8 bytes, as lowercase hex.
    public static func hex(_ text: String) -> String {
        Hex.encode(digest(Array(text.utf8)))
    }
}

/// Lowercase hexadecimal.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `[0xAB, 0x01]` → `"ab01"`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
