import CertificateTemplates
import Catalog
import Foundation
import GRDB
import Model
import Mustache
import Storage

/// Renders a certificate as a printable A4-landscape HTML page from `Certificates/templates/certificate.html`.
public enum CertificateRenderer {
    /// The verification URL the QR code holds: `{base}/v/{code}?t={token}`.
    public static func verificationURL(base: String, certificate: Certificate) -> String {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return "\(trimmed)/v/\(certificate.code)?t=\(certificate.token)"
    }

    /// The HTML page. `residentID` is printed in full only when given (the caller's `--reveal`); otherwise the
    /// masked number stored on the certificate is printed.
    public static func html(_ certificate: Certificate, base: String, residentID: String? = nil) throws -> String {
        guard let text = TemplateFiles.text(named: "certificate.html") else {
            throw ConcordError("the certificate template is not shipped", at: "certificate.html")
        }
        let template = try MustacheTemplate(string: text)
        let url = verificationURL(base: base, certificate: certificate)
        let qr = PNGImage.dataURI(PNGImage.qr(try QRMatrix(url), scale: 4))
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let context: [String: Any] = [
            "title": "职业技能等级证书",
            "holderName": certificate.holderName,
            "idType": "居民身份证",
            "idNumber": residentID ?? certificate.idMasked,
            "occupation": Certificate.occupationName,
            "occupationCode": certificate.occupation,
            "workDirection": "--",
            "level": certificate.level.label,
            "number": certificate.number,
            "body": certificate.bodyName,
            "issuedOn": chineseDate(certificate.issuedOn),
            "code": certificate.code,
            "qr": qr,
            "verifyAddress": "\(trimmed)/v/\(certificate.code)",
            "revoked": certificate.revokedOn != nil,
        ]
        return template.render(context)
    }

    /// `2025年3月1日`.
    static func chineseDate(_ text: String) -> String {
        guard let day = try? Day(text) else { return text }
        return "\(day.year)年\(day.month)月\(day.day)日"
    }
}

extension Store {
    /// Renders the certificate `numberOrCode` to HTML; with `reveal`, the holder's full identity number.
    public func renderCertificate(_ numberOrCode: String, base: String, reveal: Bool = false) throws -> String {
        let (certificate, residentID) = try read { db in
            let c = try Certificate.find(db, numberOrCode: numberOrCode)
            let rid = reveal ? try Person.fetchOne(db, key: c.personId)?.residentId : nil
            return (c, rid)
        }
        return try CertificateRenderer.html(certificate, base: base, residentID: residentID)
    }
}
