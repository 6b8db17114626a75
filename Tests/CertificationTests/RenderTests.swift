import Certification
import Foundation
import Model
import Testing

@Suite struct RenderTests {
    /// The QR image in the rendered HTML decodes (with Debian's zbarimg) to `{base}/v/{code}?t={token}`.
    @Test func theQRCodeDecodesToTheVerificationURL() throws {
        let f = try Fixture()
        let c = try f.issued()
        let html = try f.store.renderCertificate(c.number, base: "https://verify.example.cn/")
        for field in ["职业技能等级证书", "张三", "360426********0071", "劳动关系协调员", "四级/中级工", c.number,
                      "浙江省劳动关系职业技能评价中心", "2025年4月1日", "https://verify.example.cn/v/\(c.code)", "--"] {
            #expect(html.contains(field), "\(field)")
        }
        #expect(!html.contains("360426199101010071"))
        let prefix = "data:image/png;base64,"
        let start = try #require(html.range(of: prefix))
        let tail = html[start.upperBound...]
        let base64 = String(tail.prefix { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "/" || $0 == "=" })
        let png = try #require(Data(base64Encoded: base64))
        let file = f.dir.appendingPathComponent("qr.png")
        try png.write(to: file)
        let decoded = try shell("zbarimg", ["-q", "--raw", file.path])
        #expect(decoded.status == 0, "\(decoded.output)")
        let url = "https://verify.example.cn/v/\(c.code)?t=\(c.token)"
        // zbarimg may also print a D-Bus notice; the decoded text is its own line.
        #expect(decoded.output.split(separator: "\n").map(String.init).contains(url))
    }

    @Test func revealPrintsTheFullNumberAndARevokedCertificateSaysSo() throws {
        let f = try Fixture()
        let c = try f.issued()
        #expect(try f.store.renderCertificate(c.code, base: "http://x", reveal: true).contains("360426199101010071"))
        try f.store.revokeCertificate(c.number, reason: .error, note: "wrong level")
        #expect(try f.store.renderCertificate(c.code, base: "http://x").contains("已撤销"))
    }

    @Test func theMatrixHasTheQRShape() throws {
        let m = try QRMatrix("http://127.0.0.1:8080/v/ABCD")
        #expect(m.width >= 21 && (m.width - 17) % 4 == 0)
        // Finder patterns: dark corners, the ring's inner light ring.
        #expect(m[0, 0] && m[6, 0] && m[0, 6] && m[m.width - 1, 0] && m[0, m.width - 1])
        #expect(!m[1, 1] && m[2, 2])
    }
}
