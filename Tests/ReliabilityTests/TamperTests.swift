import Certification
import Foundation
import GRDB
import Model
import Signing
import Storage
import Testing

/// Point 3: an edit to any signed part of a stored certificate, or to the audit chain, is detected.
@Suite struct TamperTests {
    /// An insider's edit of one column with the stock tools (foreign keys off, as `sqlite3` has them).
    static func edit(_ bench: Bench, _ sql: String, _ arguments: StatementArguments = []) throws {
        var config = Configuration()
        config.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: bench.database, configuration: config)
        try queue.write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    /// A database with one issued certificate, and that certificate.
    static func issued() throws -> (Bench, Store, Certificate) {
        let bench = try Bench()
        let store = try Setup.passed(bench, count: 2) { _ in "EV" }
        let certificate = try store.issueCertificate(
            person: ResidentID(residentID(0)), level: .four, keys: KeyDirectory(path: bench.keys),
            on: try Day("2025-04-01"))
        return (bench, store, certificate)
    }

    /// Each signed column with a plausible forged value (one the table's CHECKs accept).
    static let forgeries: [(column: String, value: String)] = [
        ("number", "S000033000001254000002"), ("holder_name", "李四"), ("id_masked", "330106********9999"),
        ("level", "3"), ("body_name", "别的机构"), ("issued_on", "2024-04-01"),
    ]

    @Test(arguments: forgeries)
    func anEditedSignedFieldIsTampered(_ forgery: (column: String, value: String)) throws {
        let (bench, store, certificate) = try Self.issued()
        try Self.edit(bench, "UPDATE certificate SET \(forgery.column) = ? WHERE id = ?",
                      [forgery.column == "level" ? DatabaseValue(value: 3) : forgery.value.databaseValue,
                       certificate.id])
        #expect(try store.verify(code: certificate.code).outcome == .tampered)
        #expect(try store.verify(token: certificate.token).outcome == .tampered)
        #expect(try store.verify(code: certificate.code).certificate == nil)
    }

    @Test(arguments: ["token", "seal"])
    func anEditedSignatureIsTampered(_ column: String) throws {
        let (bench, store, certificate) = try Self.issued()
        let text = column == "token" ? certificate.token : certificate.seal
        // Flip one base64url symbol in the middle of the signature part.
        var chars = Array(text)
        let i = chars.count - 20
        chars[i] = chars[i] == "A" ? "B" : "A"
        try Self.edit(bench, "UPDATE certificate SET \(column) = ? WHERE id = ?", [String(chars), certificate.id])
        #expect(try store.verify(code: certificate.code).outcome == .tampered)
        if column == "token" {
            // The genuine token no longer matches the stored one; the edited one does not verify.
            #expect(try store.verify(token: certificate.token).outcome == .tampered)
            #expect(try store.verify(token: String(chars)).outcome == .badSignature)
        }
    }

    @Test func anEditedCodeIsTampered() throws {
        let (bench, store, certificate) = try Self.issued()
        let other = ShortCode(signature: Array(repeating: 7, count: 64)).display
        try Self.edit(bench, "UPDATE certificate SET code = ? WHERE id = ?", [other, certificate.id])
        #expect(try store.verify(code: other).outcome == .tampered)
        #expect(try store.verify(code: certificate.code).outcome == .unknown)
    }

    /// Decision: a stored certificate whose kid is another key in the set is `tampered`; one whose kid is in no
    /// key set at all is `unknown-key` (nothing can be checked without the key).
    @Test func anEditedKeyIDIsTamperedOrUnknownKey() throws {
        let (bench, store, certificate) = try Self.issued()
        let (_, active) = try store.rotateKey(in: KeyDirectory(path: bench.keys))
        try Self.edit(bench, "UPDATE certificate SET kid = ? WHERE id = ?", [active.kid, certificate.id])
        #expect(try store.verify(code: certificate.code).outcome == .tampered)
        try Self.edit(bench, "UPDATE certificate SET kid = ? WHERE id = ?", ["0123456789abcdef", certificate.id])
        #expect(try store.verify(code: certificate.code).outcome == .unknownKey)
    }

    @Test func aDeletedOrReorderedAuditRowIsNamed() throws {
        let (bench, store, _) = try Self.issued()
        let rows = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") ?? 0 }
        #expect(rows >= 5)
        #expect(try bench.run("audit", "verify").status == 0)

        // Reorder: swap the contents of rows 3 and 4 (ids stay in order).
        try Self.edit(bench, """
            UPDATE audit_log SET id = -1 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 4;
            UPDATE audit_log SET id = 4 WHERE id = -1;
            """)
        #expect(try store.verifyAudit().firstBrokenRow == 3)
        let reordered = try bench.run("audit", "verify")
        #expect(reordered.status != 0 && reordered.stderr.contains("audit_log row 3"), "\(reordered.stderr)")
        try Self.edit(bench, """
            UPDATE audit_log SET id = -1 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 4;
            UPDATE audit_log SET id = 4 WHERE id = -1;
            """)
        #expect(try store.verifyAudit().isIntact)

        // Delete row 2: row 3 is named (ids no longer follow).
        try Self.edit(bench, "DELETE FROM audit_log WHERE id = 2")
        let deleted = try bench.run("audit", "verify")
        #expect(deleted.status != 0 && deleted.stderr.contains("audit_log row 3"), "\(deleted.stderr)")
        // doctor reports the same break.
        let doctor = try bench.run("doctor", "--json")
        #expect(doctor.status != 0)
        #expect(doctor.stderr.contains("audit-chain"))
    }

    @Test func doctorCountsOutcomesAndFailsOnTampering() throws {
        let (bench, store, certificate) = try Self.issued()
        let second = try store.issueCertificate(
            person: ResidentID(residentID(1)), level: .four, keys: KeyDirectory(path: bench.keys),
            on: try Day("2025-04-01"))
        try store.revokeCertificate(second.number, reason: .error, note: "wrong body")
        let healthy = try bench.run("doctor", "--json")
        #expect(healthy.status == 0, "\(healthy.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(healthy.stdout.utf8)) as? [String: Any]
        #expect(report?["ok"] as? Bool == true)
        #expect((report?["certificates"] as? [String: Int]) == ["valid": 1, "revoked": 1])

        try Self.edit(bench, "UPDATE certificate SET holder_name = '李四' WHERE id = ?", [certificate.id])
        let sick = try bench.run("doctor")
        #expect(sick.status != 0)
        #expect(sick.stdout.contains("tampered 1"))
        #expect(sick.stderr.contains("certificates: \(certificate.number) tampered"), "\(sick.stderr)")
    }

    /// Revocation columns are not signed: an edit that clears them makes a revoked certificate verify as valid.
    /// doctor compares each row with its last recorded revoke or reinstate, in the history and the audit log.
    @Test func doctorFindsARevocationUndoneByAnEdit() throws {
        let (bench, store, certificate) = try Self.issued()
        try store.revokeCertificate(certificate.number, reason: .fraud, note: "forged diploma", on: try Day("2025-05-01"))
        let healthy = try bench.run("doctor", "--json")
        #expect(healthy.status == 0, "\(healthy.stderr)")
        #expect(healthy.stdout.contains("1 certificates agree with their history and the audit log"))

        try Self.edit(bench, """
            UPDATE certificate SET revoked_on = NULL, revoked_reason = NULL, revoked_note = NULL WHERE id = ?
            """, [certificate.id])
        #expect(try store.verify(code: certificate.code).outcome == .valid)  // what the edit achieves
        let sick = try bench.run("doctor")
        #expect(sick.status != 0)
        #expect(sick.stderr.contains("revocations: \(certificate.number) is not revoked, its history says revoked "
            + "2025-05-01 (fraud), the audit log revoked 2025-05-01 (fraud)"), "\(sick.stderr)")

        // Another reason edited in is found too; a value no command writes is tampered, not a crash.
        try Self.edit(bench, """
            UPDATE certificate SET revoked_on = '2025-05-01', revoked_reason = 'error', revoked_note = 'x' WHERE id = ?
            """, [certificate.id])
        #expect(try bench.run("doctor").stderr.contains("is revoked 2025-05-01 (error), its history says revoked"))
        var config = Configuration()
        config.foreignKeysEnabled = false
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA ignore_check_constraints = ON") }
        try DatabaseQueue(path: bench.database, configuration: config).write { db in
            try db.execute(sql: "UPDATE certificate SET level = 5 WHERE id = ?", arguments: [certificate.id])
        }
        let odd = try bench.run("doctor")
        #expect(odd.status != 0 && odd.stderr.contains("certificates: \(certificate.number) tampered"), "\(odd.stderr)")
    }
}
