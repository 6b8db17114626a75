import Foundation
import Model

/// The 22-character certificate number of 人社鉴发〔2019〕2号.
public enum CertificateNumber {
    /// `S|Y` · body code (4) · province (2) · site (6) · issue year (2) · level digit · sequence (6).
    public static func make(body: EvaluationBody, year: Int, level: SkillLevel, sequence: Int) throws -> String {
        guard (1...999_999).contains(sequence) else {
            throw ConcordError("the certificate sequence for \(year) level \(level) is used up (999999)")
        }
        return body.bodyType + body.bodyCode + body.province + body.site + (year % 100).zeroPadded(2)
            + String(level.rawValue) + sequence.zeroPadded(6)
    }

    /// Whether `text` has the shape of a certificate number.
    public static func isWellFormed(_ text: String) -> Bool {
        let c = Array(text)
        return c.count == 22 && (c[0] == "S" || c[0] == "Y") && c.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }
}
