import Foundation
import Signing
import Testing

/// The hand-written encoders on the signing path must write exactly what Foundation writes.
@Suite struct EncodingTests {
    @Test func base64urlIsFoundationsBase64WithTheURLAlphabetAndNoPadding() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...130 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(Base64.url(bytes) == expected, "length \(length)")
            #expect(Base64.decodeURL(expected) == bytes)
        }
    }

    struct Flat: SortedJSONObject, Codable {
        var name: String
        var path: String
        var count: Int
        var note: String?

        var jsonFields: [(key: String, value: SortedJSON.Value)] {
            [("name", .string(name)), ("path", .string(path)), ("count", .int(count)),
             ("note", note.map(SortedJSON.Value.string) ?? .absent)]
        }
    }

    static let texts = [
        "张三", "", "a/b/c", "quote\"d", "back\\slash", "tab\there", "new\nline", "nul\u{0}", "unit\u{1F}",
        "line\u{2028}sep", "para\u{2029}sep", "emoji 😀", "€ and ¥", "浙江省劳动关系职业技能评价中心", "DEL\u{7F}",
        "a\u{85}b",
    ]

    @Test(arguments: texts)
    func flatJSONIsWhatJSONEncoderWritesWithSortedKeys(_ text: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for value in [
            Flat(name: text, path: "/v/\(text)", count: -42, note: nil),
            Flat(name: "x", path: "y", count: 1_743_436_800, note: text),
        ] {
            let expected = Array(try encoder.encode(value))
            #expect(CompactJWS.canonicalJSON(value) == expected)
        }
    }

    @Test func flatJSONDeclinesWhatTheEncoderEscapes() {
        #expect(SortedJSON.bytes([("a", .string("plain/中文"))]) == Array(#"{"a":"plain/中文"}"#.utf8))
        for text in ["quote\"d", "back\\slash", "tab\there", "line\u{2028}sep"] {
            #expect(SortedJSON.bytes([("a", .string(text))]) == nil)
        }
        let mixed = SortedJSON.bytes([("b", .int(2)), ("a", .absent), ("c", .string("3"))])
        #expect(mixed == Array(#"{"b":2,"c":"3"}"#.utf8))
    }
}

/// One OpenSSL context reused for many signatures gives the same (deterministic) Ed25519 signatures.
@Suite struct SignerTests {
    @Test func aReusedContextSignsLikeAFreshOne() throws {
        let key = try Ed25519PrivateKey.generate()
        let signer = try Ed25519Signer(key: key)
        for n in 0..<50 {
            let message = Array("message \(n) 张三".utf8) + Array(repeating: UInt8(n), count: n * 7)
            let signature = try signer.sign(message)
            #expect(signature == (try key.sign(message)))
            #expect(key.publicKey.verify(signature: signature, message: message))
        }
    }
}

/// Nested objects and nulls, as the verifier's answers use them.
@Suite struct NestedSortedJSONTests {
    struct Inner: SortedJSONObject, Codable {
        var b: String
        var a: Int
        var jsonFields: [(key: String, value: SortedJSON.Value)] { [("b", .string(b)), ("a", .int(a))] }
    }

    struct Outer: SortedJSONObject, Encodable {
        var status: String
        var inner: Inner?
        var note: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(status, forKey: .status)
            try c.encode(inner, forKey: .inner)
            try c.encodeIfPresent(note, forKey: .note)
        }

        enum CodingKeys: String, CodingKey { case status, inner, note }

        var jsonFields: [(key: String, value: SortedJSON.Value)] {
            [("status", .string(status)), ("inner", inner.map { .object($0.jsonFields) } ?? .null),
             ("note", note.map(SortedJSON.Value.string) ?? .absent)]
        }
    }

    @Test(arguments: EncodingTests.texts)
    func nestedObjectsAndNullsMatchTheEncoder(_ text: String) {
        for value in [
            Outer(status: text, inner: nil, note: nil),
            Outer(status: "valid", inner: Inner(b: text, a: 4), note: text),
        ] {
            #expect(SortedJSON.encode(value) == SortedJSON.encoded(value))
        }
    }
}
