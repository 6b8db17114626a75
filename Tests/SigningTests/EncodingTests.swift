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

    struct Flat: FlatJSONObject, Codable {
        var name: String
        var path: String
        var count: Int
        var note: String?

        var jsonFields: [(key: String, value: FlatJSON.Value)] {
            [("name", .string(name)), ("path", .string(path)), ("count", .int(count)),
             ("note", note.map(FlatJSON.Value.string) ?? .absent)]
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
        #expect(FlatJSON.bytes([("a", .string("plain/中文"))]) == Array(#"{"a":"plain/中文"}"#.utf8))
        for text in ["quote\"d", "back\\slash", "tab\there", "line\u{2028}sep"] {
            #expect(FlatJSON.bytes([("a", .string(text))]) == nil)
        }
        let mixed = FlatJSON.bytes([("b", .int(2)), ("a", .absent), ("c", .string("3"))])
        #expect(mixed == Array(#"{"b":2,"c":"3"}"#.utf8))
    }
}
