import CQREncode
import Model

/// A QR code's modules from libqrencode (error correction level M), row by row, `true` = dark.
public struct QRMatrix: Sendable, Equatable {
    /// Modules per side.
    public let width: Int
    /// `width × width` modules, row-major.
    public let modules: [Bool]

    /// Encodes `text` (libqrencode picks the segment modes, 8-bit data for the rest).
    public init(_ text: String) throws {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else {
            throw ConcordError("the QR encoder could not encode \(text.count) characters")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let data = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        self.width = width
        modules = data.map { $0 & 1 == 1 }
    }

    /// Whether the module at row `y`, column `x` is dark.
    public subscript(x: Int, y: Int) -> Bool { modules[y * width + x] }
}
