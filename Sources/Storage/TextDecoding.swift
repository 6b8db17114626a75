import Foundation
import Model

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the bytes of an input file into text: UTF-8 with or without a byte-order mark, or GB18030 (what
/// Excel writes on Chinese Windows), converted through iconv.
public enum TextDecoding {
    /// The encodings an input file may use.
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case utf8BOM = "UTF-8 with BOM"
        case gb18030 = "GB18030"
    }

    /// The text of `data` and the encoding found; throws when it is neither UTF-8 nor GB18030.
    public static func decode(_ data: Data, source: String) throws -> (text: String, encoding: Encoding) {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = bytes.dropFirst(3)
            guard let text = String(validating: body, as: UTF8.self) else {
                throw ConcordError("the file starts with a UTF-8 mark but is not valid UTF-8", at: source)
            }
            return (text, .utf8BOM)
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return (text, .utf8)
        }
        guard let text = iconvToUTF8(bytes, from: "GB18030") else {
            throw ConcordError("the file is neither UTF-8 nor GB18030 text", at: source)
        }
        return (text, .gb18030)
    }

    /// Converts `bytes` from `encoding` to UTF-8 with iconv; nil when a byte sequence is invalid.
    static func iconvToUTF8(_ bytes: [UInt8], from encoding: String) -> String? {
        let cd = iconv_open("UTF-8", encoding)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes.map { CChar(bitPattern: $0) }
        // GB18030 uses 1, 2 or 4 bytes a character; UTF-8 at most 4 for any of them, so twice is enough.
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                var outLeft = outBuf.count
                let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if result == -1 || inLeft != 0 { return nil }
                return outBuf.count - outLeft
            }
        }
        guard let written else { return nil }
        return String(validating: output[0..<written].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
