import Model

/// The verification code a person types: Crockford base32 of the first 80 bits of SHA-256 of a signature
/// (16 symbols) plus a Crockford mod-37 check symbol, shown `XXXX-XXXX-XXXX-XXXX-C`.
public struct ShortCode: Hashable, Sendable, CustomStringConvertible {
    /// The 17 symbols without hyphens, upper case.
    public let symbols: String

    /// Crockford's 32 data symbols.
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    /// The same symbols as ASCII bytes.
    static let alphabetBytes = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    /// The 37 check symbols (the 32 data symbols, then `*~$=U`).
    static let checkAlphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U")
    /// The same check symbols as ASCII bytes.
    static let checkAlphabetBytes = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U".utf8)

    /// The code of `signature`.
    public init(signature: [UInt8]) {
        let digest = SHA256.digest(signature)
        var data: [UInt8] = []
        data.reserveCapacity(17)
        // 80 bits = 16 groups of 5, most significant first.
        var value: UInt64 = 0
        var bits = 0
        for byte in digest.prefix(10) {
            value = (value << 8) | UInt64(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                data.append(Self.alphabetBytes[Int((value >> UInt64(bits)) & 31)])
            }
        }
        data.append(contentsOf: String(Self.check(digest.prefix(10))).utf8)
        symbols = String(decoding: data, as: UTF8.self)
    }

    /// The check symbol: the 80-bit number mod 37.
    static func check(_ bytes: some Sequence<UInt8>) -> Character {
        var remainder = 0
        for byte in bytes { remainder = (remainder * 256 + Int(byte)) % 37 }
        return checkAlphabet[remainder]
    }

    /// Parses typed input: case, hyphens and spaces are ignored, I and L read as 1, O as 0. Throws a
    /// `ConcordError` for a wrong length, a symbol outside the alphabet, or a wrong check symbol.
    public init(parsing text: String) throws {
        if let symbols = Self.parseASCII(text) {
            self.symbols = symbols
            return
        }
        var chars: [Character] = []
        for c in text.uppercased() where c != "-" && !c.isWhitespace {
            switch c {
            case "I", "L": chars.append("1")
            case "O": chars.append("0")
            default: chars.append(c)
            }
        }
        guard chars.count == 17 else {
            throw ConcordError("a verification code has 16 symbols and a check symbol, not \(chars.count)")
        }
        var values: [Int] = []
        for c in chars.prefix(16) {
            guard let v = Self.alphabet.firstIndex(of: c) else {
                throw ConcordError("'\(c)' is not a verification code symbol")
            }
            values.append(v)
        }
        // The 16 symbols are the 80-bit number; its remainder mod 37 must give the check symbol.
        var remainder = 0
        for v in values { remainder = (remainder * 32 + v) % 37 }
        guard chars[16] == Self.checkAlphabet[remainder] else {
            throw ConcordError("the verification code's check symbol is wrong (mistyped?)")
        }
        symbols = String(chars)
    }

    /// The symbols of a well-formed code typed in ASCII, read from its bytes (the verifier parses one per
    /// request); nil for anything else, which the general path above then accepts or explains.
    private static func parseASCII(_ text: String) -> String? {
        var symbols: [UInt8] = []
        symbols.reserveCapacity(17)
        var remainder = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: " ") { continue }
            guard byte < 0x80, symbols.count < 17 else { return nil }
            var b = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 0x20 : byte
            if b == UInt8(ascii: "I") || b == UInt8(ascii: "L") { b = UInt8(ascii: "1") }
            if b == UInt8(ascii: "O") { b = UInt8(ascii: "0") }
            if symbols.count < 16 {
                guard let value = alphabetBytes.firstIndex(of: b) else { return nil }
                remainder = (remainder * 32 + value) % 37
            }
            symbols.append(b)
        }
        guard symbols.count == 17, symbols[16] == checkAlphabetBytes[remainder] else { return nil }
        return String(decoding: symbols, as: UTF8.self)
    }

    /// `XXXX-XXXX-XXXX-XXXX-C`.
    public var display: String {
        // The symbols are ASCII: group the bytes.
        var out: [UInt8] = []
        out.reserveCapacity(21)
        for (i, byte) in symbols.utf8.enumerated() {
            if i > 0 && i % 4 == 0 { out.append(UInt8(ascii: "-")) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { display }
}
