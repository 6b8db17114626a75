import Foundation

/// A minimal PNG writer for black-and-white images (1-bit grayscale, stored deflate blocks): enough for a QR
/// code, with no image library.
public enum PNGImage {
    /// The PNG of `matrix`, `scale` pixels per module, with a 4-module quiet zone.
    public static func qr(_ matrix: QRMatrix, scale: Int = 4) -> [UInt8] {
        let quiet = 4
        let size = (matrix.width + 2 * quiet) * scale
        let rowBytes = (size + 7) / 8
        var raw: [UInt8] = []
        raw.reserveCapacity((rowBytes + 1) * size)
        for py in 0..<size {
            raw.append(0)  // filter: none
            var row = [UInt8](repeating: 0xFF, count: rowBytes)  // 1 = white
            let my = py / scale - quiet
            for px in 0..<size {
                let mx = px / scale - quiet
                let dark = mx >= 0 && my >= 0 && mx < matrix.width && my < matrix.width && matrix[mx, my]
                if dark { row[px / 8] &= ~(0x80 >> UInt8(px % 8)) }
            }
            raw += row
        }
        var ihdr: [UInt8] = []
        ihdr += bigEndian(UInt32(size))
        ihdr += bigEndian(UInt32(size))
        ihdr += [1, 0, 0, 0, 0]  // bit depth 1, grayscale, deflate, filter 0, no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", ihdr) + chunk("IDAT", zlibStored(raw)) + chunk("IEND", [])
    }

    /// A `data:image/png;base64,…` URI.
    public static func dataURI(_ png: [UInt8]) -> String {
        "data:image/png;base64," + Data(png).base64EncodedString()
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    /// zlib framing around stored (uncompressed) deflate blocks.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let n = min(65_535, data.count - offset)
            let last: UInt8 = offset + n == data.count ? 1 : 0
            out.append(last)
            out += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[offset..<offset + n]
            offset += n
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian(b << 16 | a)
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }
}
