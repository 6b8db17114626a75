import Foundation
import Model
import Signing
import Testing

@Suite struct ShortCodeTests {
    let signature = Array(0..<64).map { UInt8($0) }

    @Test func isSixteenSymbolsAndACheckSymbolInGroups() {
        let code = ShortCode(signature: signature)
        #expect(code.symbols.count == 17)
        let groups = code.display.split(separator: "-").map(\.count)
        #expect(groups == [4, 4, 4, 4, 1])
        #expect(code.symbols.prefix(16).allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) })
    }

    /// The first 80 bits of SHA-256, checked against a hand computation with the digest's hex.
    @Test func encodesTheFirst80BitsOfTheDigest() {
        let digest = SHA256.digest(signature)
        var n: UInt128 = 0
        for b in digest.prefix(10) { n = n << 8 | UInt128(b) }
        var symbols = ""
        for i in (0..<16).reversed() {
            symbols += String(Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")[Int((n >> UInt128(5 * i)) & 31)])
        }
        symbols += String(Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U")[Int(n % 37)])
        #expect(ShortCode(signature: signature).symbols == symbols)
    }

    @Test func typedFormsAreForgiven() throws {
        let code = ShortCode(signature: signature)
        let typed = code.display.lowercased().replacingOccurrences(of: "-", with: " ")
        #expect(try ShortCode(parsing: typed) == code)
        #expect(try ShortCode(parsing: code.symbols) == code)
        // I, L → 1 and O → 0, as Crockford reads them.
        let c = try ShortCode(parsing: "0000-0000-0000-0000-0")
        #expect(try ShortCode(parsing: "oooo-OOOO-0000-0000-0") == c)
        let one = Array(try ShortCode(parsing: "1111-1111-1111-1111-" + checkFor("1111111111111111")).symbols)
        #expect(try ShortCode(parsing: "iLl1-1111-1111-1111-" + String(one[16])).symbols == String(one))
    }

    func checkFor(_ sixteen: String) -> String {
        var r = 0
        for c in sixteen { r = (r * 32 + (Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ").firstIndex(of: c) ?? 0)) % 37 }
        return String(Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U")[r])
    }

    @Test func aWrongCheckSymbolIsRejected() throws {
        let code = ShortCode(signature: signature)
        let check = code.symbols.last ?? "0"
        let wrong: Character = check == "A" ? "B" : "A"
        #expect(throws: ConcordError("the verification code's check symbol is wrong (mistyped?)")) {
            try ShortCode(parsing: String(code.symbols.dropLast()) + String(wrong))
        }
        // One mistyped data symbol is caught too.
        var chars = Array(code.symbols)
        chars[3] = chars[3] == "7" ? "8" : "7"
        #expect(throws: ConcordError.self) { try ShortCode(parsing: String(chars)) }
    }

    @Test(arguments: ["", "ABCD-EFGH", "0000-0000-0000-0000-00", "0000-0000-0000-0000"])
    func aWrongLengthIsRejected(_ text: String) {
        #expect(throws: ConcordError.self) { try ShortCode(parsing: text) }
    }

    @Test func symbolsOutsideTheAlphabetAreRejected() {
        #expect(throws: ConcordError.self) { try ShortCode(parsing: "UUUU-0000-0000-0000-0") }
    }
}

/// The ASCII fast path and the general path read a code the same way.
@Suite struct ShortCodeFastPathTests {
    @Test func everySpellingOfACodeReadsTheSame() throws {
        for n in 0..<200 {
            let code = ShortCode(signature: Array(repeating: UInt8(n), count: 64) + [UInt8(n % 7)])
            let lower = code.display.lowercased()
            let spaced = code.symbols.map(String.init).joined(separator: " ")
            // A tab and a full-width hyphen are not in the fast path: the general path reads them.
            let tabbed = "\t" + code.display + "\n"
            for typed in [code.display, code.symbols, lower, spaced, tabbed] {
                #expect(try ShortCode(parsing: typed) == code, "\(typed)")
            }
            #expect(throws: ConcordError.self) { try ShortCode(parsing: code.display + "0") }
            #expect(throws: ConcordError.self) { try ShortCode(parsing: "é" + code.display) }
        }
    }
}
