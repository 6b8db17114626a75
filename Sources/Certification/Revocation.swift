import Foundation
import GRDB
import Model
import Storage

extension Store {
    /// Revokes a certificate; a revoked certificate stays revoked until `reinstateCertificate`.
    @discardableResult
    public func revokeCertificate(
        _ numberOrCode: String, reason: RevocationReason, note: String, on day: Day = Day.today()
    ) throws -> Certificate {
        guard reason != .keyCompromise else {
            throw ConcordError(
                "key-compromise revokes everything a key signed: run 'concord keys compromise KID --since TIME'",
                at: "--reason")
        }
        let note = note.trimmingSpaces()
        guard (1...200).contains(note.count) else {
            throw ConcordError("the note must be 1–200 characters", at: "--note")
        }
        return try write { db in
            var certificate = try Certificate.find(db, numberOrCode: numberOrCode)
            if let on = certificate.revokedOn {
                throw ConcordError("certificate \(certificate.number) is already revoked (\(on))")
            }
            certificate.revokedOn = day.description
            certificate.revokedReason = reason
            certificate.revokedNote = note
            try certificate.update(db)
            try StatusChange.record(db, certificate, action: "revoke", reason: reason.rawValue, note: note, on: day)
            try audit(
                db, action: "certificate.revoke", entity: "certificate:\(certificate.number)",
                details: ["reason": reason.rawValue, "note": note, "on": day.description])
            return certificate
        }
    }

    /// Reinstates a revoked certificate; `reason` says why (it is recorded and audited).
    @discardableResult
    public func reinstateCertificate(_ numberOrCode: String, reason: String) throws -> Certificate {
        let reason = reason.trimmingSpaces()
        guard (1...200).contains(reason.count) else {
            throw ConcordError("the reason must be 1–200 characters", at: "--reason")
        }
        return try write { db in
            var certificate = try Certificate.find(db, numberOrCode: numberOrCode)
            guard let was = certificate.revokedReason else {
                throw ConcordError("certificate \(certificate.number) is not revoked")
            }
            certificate.revokedOn = nil
            certificate.revokedReason = nil
            certificate.revokedNote = nil
            try certificate.update(db)
            try StatusChange.record(db, certificate, action: "reinstate", reason: reason, note: "", on: Day.today())
            try audit(
                db, action: "certificate.reinstate", entity: "certificate:\(certificate.number)",
                details: ["reason": reason, "was": was.rawValue])
            return certificate
        }
    }
}

/// The history of revocations and reinstatements.
enum StatusChange {
    static func record(
        _ db: Database, _ certificate: Certificate, action: String, reason: String, note: String, on day: Day
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO certificate_status_change (certificate_id, action, reason, note, on_day, at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [certificate.id, action, reason, note, day.description, Timestamp.text()])
    }
}
